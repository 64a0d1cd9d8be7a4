package dev.drydock.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads a stream on a thread of its own, a bounded number of chunks ahead of the consumer, so that
 * download, blob hashing and decompression run on one core while diffID hashing and tar parsing run
 * on another. Memory is bounded by {@code depth × chunk}. An exception on the reading side is
 * rethrown to the consumer at the point in the stream where it happened.
 */
final class ReadAheadInputStream extends InputStream {
    private static final byte[] EOF = new byte[0];

    /** What the reader thread hands over: bytes, the end, or a failure. */
    private record Chunk(byte[] data, int length, Throwable failure) {
    }

    private final BlockingQueue<Chunk> queue;
    private final Thread reader;
    private volatile boolean closed;
    private Chunk current;
    private int pos;
    private boolean done;

    /**
     * @param fill reads the source to its end into the sink; runs on the reader thread
     */
    ReadAheadInputStream(InputStream source, Runnable atEnd, int chunk, int depth, String name) {
        this.queue = new ArrayBlockingQueue<>(depth);
        this.reader = Thread.ofPlatform().daemon().name(name).unstarted(() -> {
            try {
                while (!closed) {
                    byte[] buf = new byte[chunk];
                    int n = source.readNBytes(buf, 0, chunk);
                    if (n > 0) put(new Chunk(buf, n, null));
                    if (n < chunk) break;
                }
                if (!closed) atEnd.run();
                put(new Chunk(EOF, 0, null));
            } catch (Throwable t) {
                put(new Chunk(EOF, 0, t));
            }
        });
        reader.start();
    }

    private void put(Chunk c) {
        try {
            while (!closed && !queue.offer(c, 100, TimeUnit.MILLISECONDS)) {
                // the consumer is slower; wait unless it has gone away
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean next() throws IOException {
        if (done) return false;
        if (current != null && pos < current.length()) return true;
        try {
            current = queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading a layer");
        }
        pos = 0;
        if (current.failure() != null) {
            done = true;
            Throwable t = current.failure();
            if (t instanceof IOException io) throw io;
            if (t instanceof UncheckedIOException u) throw u.getCause();
            if (t instanceof RuntimeException r) throw r;
            if (t instanceof Error e) throw e;
            throw new IOException(t);
        }
        if (current.data() == EOF) {
            done = true;
            return false;
        }
        return true;
    }

    @Override
    public int read() throws IOException {
        if (!next()) return -1;
        return current.data()[pos++] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!next()) return -1;
        int n = Math.min(len, current.length() - pos);
        System.arraycopy(current.data(), pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() {
        closed = true;
        reader.interrupt();
        queue.clear();
    }
}
