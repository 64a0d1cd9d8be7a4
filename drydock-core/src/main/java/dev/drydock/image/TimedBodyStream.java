package dev.drydock.image;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Flow;

/**
 * An HTTP response body as an InputStream that gives up when the server goes silent.
 * java.net.http's own request timeout stops at the response headers, and its InputStream handler
 * blocks forever on a stalled body; subscribing ourselves lets each read wait at most the idle timeout.
 * A fixed window of chunks is requested ahead ({@link #WINDOW}), so the network thread rarely waits
 * for the reader while a fast server still cannot make us buffer more than the window.
 */
final class TimedBodyStream extends InputStream implements Flow.Subscriber<List<ByteBuffer>> {
    private static final Object END = new Object();
    /** Chunks in flight; java.net.http hands over about 16 KB per chunk. */
    static final int WINDOW = 16;

    /** No data for longer than the read timeout in the middle of a body. */
    static final class StalledException extends HttpTimeoutException {
        StalledException(String message) {
            super(message);
        }
    }

    private record Failure(Throwable error) {
    }

    private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final Duration idleTimeout;
    private final long contentLength;
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;
    private Iterator<ByteBuffer> chunk;
    private ByteBuffer current;
    private boolean ended;
    private long count;

    /** @param contentLength the Content-Length header, or -1 */
    TimedBodyStream(Duration idleTimeout, long contentLength) {
        this.idleTimeout = idleTimeout;
        this.contentLength = contentLength;
    }

    long count() {
        return count;
    }

    long contentLength() {
        return contentLength;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) s.cancel();
        else s.request(WINDOW);
    }

    @Override
    public void onNext(List<ByteBuffer> item) {
        queue.add(item);
    }

    @Override
    public void onError(Throwable t) {
        queue.add(new Failure(t));
    }

    @Override
    public void onComplete() {
        queue.add(END);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!fill()) return -1;
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        count += n;
        return n;
    }

    @Override
    public int available() {
        return current == null ? 0 : current.remaining();
    }

    private boolean fill() throws IOException {
        while (current == null || !current.hasRemaining()) {
            if (chunk != null && chunk.hasNext()) {
                current = chunk.next();
                continue;
            }
            if (ended) return false;
            if (cancelled) throw new IOException("stream closed");
            Object item;
            try {
                item = queue.poll(idleTimeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new java.io.InterruptedIOException("interrupted while reading from the registry");
            }
            if (item == null) {
                close();
                throw new StalledException("no data for " + Durations.human(idleTimeout) + " after " + count + " bytes");
            }
            if (item == END) {
                ended = true;
                if (contentLength >= 0 && count < contentLength) {
                    throw new IOException("connection ended after " + count + " of " + contentLength + " bytes");
                }
                return false;
            }
            if (item instanceof Failure f) {
                ended = true;
                if (f.error() instanceof IOException io) throw io;
                throw new IOException(String.valueOf(f.error().getMessage()), f.error());
            }
            @SuppressWarnings("unchecked")
            List<ByteBuffer> list = (List<ByteBuffer>) item;
            chunk = list.iterator();
            Flow.Subscription s = subscription;
            if (s != null) s.request(1);
        }
        return true;
    }

    /** Cancelling the subscription makes java.net.http drop the connection instead of reading the rest. */
    @Override
    public void close() {
        if (cancelled) return;
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) s.cancel();
    }

    /** Reads at most {@code max} bytes; more means the body is over its limit. */
    byte[] readBounded(long max, String what) throws IOException {
        if (contentLength > max) {
            close();
            throw new BadInputException(what + " is " + contentLength + " bytes, over the limit of " + max + " bytes");
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream((int) Math.min(Math.max(contentLength, 1024), max));
        byte[] buf = new byte[8192];
        long total = 0;
        int n;
        while ((n = read(buf, 0, buf.length)) >= 0) {
            total += n;
            if (total > max) {
                close();
                throw new BadInputException(what + " is over the limit of " + max + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
