package dev.drydock.catalog.java;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Reads a zip archive front to back from a stream, entry by entry, from the local headers alone:
 * the central directory at the end is never needed, so an archive nested in another can be read
 * while it is being inflated out of its parent, without a temporary file.
 *
 * <p>Why not a library reader: an entry whose size is in its local header (what Maven and Spring
 * Boot write) is stepped over here without inflating it, in large reads; deflate input is fed in
 * 64 KiB windows; and reading stops at the central directory (its bytes are left to the caller,
 * who only hashes them). commons-compress's stream reader moves stored data 512 bytes at a time and
 * scans the central directory byte by byte, which made it twice as slow on a fat jar of real jars.
 *
 * <p>An entry written with a data descriptor (sizes after the data, as the jar tool and Gradle
 * write deflated entries) can only be passed by inflating it; every byte inflated or delivered is
 * charged to the {@link InflationBudget}. A stored entry with a data descriptor has no findable end
 * in a stream and stops the archive (such archives are rare; readers with random access use the
 * central directory instead).
 */
final class ZipStreamReader implements Closeable {
    /** Launch scripts in front of "fully executable" Spring Boot jars are about 10 KiB. */
    static final int MAX_PREAMBLE = 64 << 10;
    private static final int BUFFER = 64 << 10;

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_DIRECTORY = 0x06054b50;
    private static final int ZIP64_END_OF_DIRECTORY = 0x06064b50;
    private static final int DATA_DESCRIPTOR = 0x08074b50;
    private static final int SPANNING_MARKER = 0x30304b50;
    private static final int STORED = 0;
    private static final int DEFLATED = 8;
    private static final long MAGIC_32 = 0xFFFFFFFFL;

    /** Thrown for a file that has no zip data where it should: the caller warns and moves on. */
    static final class NotAZipException extends ZipException {
        NotAZipException(String message) {
            super(message);
        }
    }

    /**
     * One entry as its local header describes it.
     *
     * @param compressedSize bytes of data in the archive; -1 when a data descriptor follows the data instead
     * @param size           bytes once inflated; -1 when a data descriptor follows the data instead
     */
    record Entry(String name, int method, boolean encrypted, boolean dataDescriptor, boolean zip64, long compressedSize, long size) {
        boolean isDirectory() {
            return name.endsWith("/");
        }

        /** Whether its content can be delivered: stored or deflated, not encrypted, with a findable end. */
        boolean readable() {
            return !encrypted && (method == DEFLATED || method == STORED && !dataDescriptor);
        }
    }

    private final InputStream in;
    private final InflationBudget budget;
    private final byte[] buf = new byte[BUFFER];
    private final Inflater inflater = new Inflater(true);
    private final Content content = new Content();
    private int pos;
    private int lim;
    private boolean started;
    private Entry current;
    /** Compressed bytes of the current entry taken from the buffer so far. */
    private long taken;
    private boolean contentDone;
    private boolean dummyByteGiven;

    ZipStreamReader(InputStream in, InflationBudget budget) {
        this.in = in;
        this.budget = budget;
    }

    /**
     * Moves to the next entry, stepping over what is left of the current one.
     *
     * @return null at the central directory, where the entries end
     * @throws NotAZipException if the stream does not begin with zip data
     * @throws ZipException     for malformed structure, EOFException for a cut archive
     */
    Entry next() throws IOException {
        if (!started) {
            started = true;
            findStart();
        }
        if (current != null) {
            finishEntry();
            current = null;
        }
        if (!ensure(4)) throw new EOFException("archive ends without a central directory");
        int signature = int32(pos);
        if (signature == CENTRAL_HEADER || signature == END_OF_DIRECTORY || signature == ZIP64_END_OF_DIRECTORY) return null;
        if (signature != LOCAL_HEADER) throw new ZipException(String.format("unexpected record signature 0x%08x", signature));
        if (!ensure(30)) throw new EOFException("archive ends inside a local header");
        int flags = u16(pos + 6);
        int method = u16(pos + 8);
        long compressed = u32(pos + 18);
        long size = u32(pos + 22);
        int nameLength = u16(pos + 26);
        int extraLength = u16(pos + 28);
        pos += 30;
        byte[] name = take(nameLength);
        byte[] extra = take(extraLength);
        boolean dataDescriptor = (flags & 8) != 0;
        boolean zip64 = false;
        for (int i = 0; i + 4 <= extra.length; ) {
            int id = u16(extra, i);
            int length = u16(extra, i + 2);
            if (i + 4 + length > extra.length) break;
            if (id == 0x0001) {
                zip64 = true;
                // a local header's zip64 field holds the original size, then the compressed size (both, says
                // the spec; some writers put only the one that overflowed)
                int at = i + 4;
                if (length >= 16) {
                    if (size == MAGIC_32) size = int64(extra, at);
                    if (compressed == MAGIC_32) compressed = int64(extra, at + 8);
                } else if (length >= 8) {
                    if (size == MAGIC_32) size = int64(extra, at);
                    else if (compressed == MAGIC_32) compressed = int64(extra, at);
                }
            }
            i += 4 + length;
        }
        if (!dataDescriptor && (compressed < 0 || size < 0)) throw new ZipException("entry size beyond 2^63 bytes");
        current = new Entry(decode(name), method, (flags & 1) != 0, dataDescriptor, zip64,
                dataDescriptor ? -1 : compressed, dataDescriptor ? -1 : size);
        taken = 0;
        contentDone = false;
        dummyByteGiven = false;
        inflater.reset();
        return current;
    }

    /**
     * The current entry's uncompressed content, charged to the budget as it is read; closing it
     * changes nothing (the archive goes on).
     */
    InputStream content() {
        return content;
    }

    @Override
    public void close() {
        inflater.end();
    }

    /** The first local header within {@link #MAX_PREAMBLE} bytes (or the end record of an empty zip at the start). */
    private void findStart() throws IOException {
        while (lim < MAX_PREAMBLE && fill()) {
            // read ahead until the preamble window is full or the file ends
        }
        if (lim == 0) throw new NotAZipException("empty file");
        if (lim >= 8 && int32(0) == SPANNING_MARKER && int32(4) == LOCAL_HEADER) {
            pos = 4;
            return;
        }
        if (lim >= 4 && int32(0) == END_OF_DIRECTORY) return;
        for (int i = 0; i + 4 <= lim; i++) {
            if (int32(i) == LOCAL_HEADER) {
                pos = i;
                return;
            }
        }
        throw new NotAZipException(lim < MAX_PREAMBLE ? "not a zip archive" : "not a zip archive (no zip header in the first " + MAX_PREAMBLE + " bytes)");
    }

    private void finishEntry() throws IOException {
        Entry e = current;
        if (!e.dataDescriptor()) {
            // the size is known: step over the rest without inflating it
            skip(e.compressedSize() - taken);
            return;
        }
        if (!e.readable()) {
            throw new ZipException(e.encrypted() || e.method() != STORED
                    ? "cannot find the end of an encrypted or method-" + e.method() + " entry written with a data descriptor"
                    : "cannot find the end of a stored entry written with a data descriptor");
        }
        if (!contentDone) content.transferTo(OutputStream.nullOutputStream());
        // optional signature, CRC-32, then compressed and original sizes of 4 bytes, or 8 in zip64
        if (!ensure(4)) throw new EOFException("archive ends before a data descriptor");
        if (int32(pos) == DATA_DESCRIPTOR) pos += 4;
        boolean wide = e.zip64() || inflater.getBytesRead() >= MAGIC_32 || inflater.getBytesWritten() >= MAGIC_32;
        int length = wide ? 20 : 12;
        if (!ensure(length)) throw new EOFException("archive ends inside a data descriptor");
        pos += length;
    }

    private int readStored(byte[] b, int off, int len) throws IOException {
        long left = current.compressedSize() - taken;
        if (left <= 0) {
            contentDone = true;
            return -1;
        }
        if (pos == lim && !fill()) throw new EOFException("archive ends inside " + current.name());
        int n = (int) Math.min(Math.min(len, lim - pos), left);
        System.arraycopy(buf, pos, b, off, n);
        pos += n;
        taken += n;
        budget.charge(n);
        return n;
    }

    private int readDeflated(byte[] b, int off, int len) throws IOException {
        if (contentDone) return -1;
        int idle = 0;
        try {
            while (true) {
                int n = inflater.inflate(b, off, len);
                if (n > 0) {
                    budget.charge(n);
                    return n;
                }
                if (inflater.finished()) {
                    endOfDeflate();
                    return -1;
                }
                if (inflater.needsDictionary()) throw new ZipException("deflate data needs a preset dictionary");
                if (inflater.needsInput()) {
                    feed();
                } else if (++idle > 3) {
                    throw new ZipException("deflate data makes no progress");
                }
            }
        } catch (DataFormatException e) {
            throw new ZipException("invalid deflate data (" + e.getMessage() + ")");
        }
    }

    /** Gives the inflater the next window of input: what the buffer holds, up to the entry's end when known. */
    private void feed() throws IOException {
        long left = current.dataDescriptor() ? Long.MAX_VALUE : current.compressedSize() - taken;
        if (left <= 0) {
            // zlib may want one byte past the end of a raw deflate stream to finish it (as java.util.zip.ZipFile gives)
            if (dummyByteGiven) throw new ZipException("deflate data longer than the entry");
            dummyByteGiven = true;
            inflater.setInput(new byte[1]);
            return;
        }
        if (pos == lim && !fill()) throw new EOFException("archive ends inside " + current.name());
        int n = (int) Math.min(lim - pos, left);
        inflater.setInput(buf, pos, n);
        pos += n;
        taken += n;
    }

    /** Gives back the input the inflater did not need: it is the next header or data descriptor. */
    private void endOfDeflate() {
        int unused = dummyByteGiven ? 0 : inflater.getRemaining();
        pos -= unused;
        taken -= unused;
        contentDone = true;
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            if (pos == lim && !fill()) throw new EOFException("archive ends inside " + current.name());
            int k = (int) Math.min(n, lim - pos);
            pos += k;
            n -= k;
        }
    }

    private byte[] take(int n) throws IOException {
        byte[] out = new byte[n];
        int done = 0;
        while (done < n) {
            if (pos == lim && !fill()) throw new EOFException("archive ends inside a local header");
            int k = Math.min(n - done, lim - pos);
            System.arraycopy(buf, pos, out, done, k);
            pos += k;
            done += k;
        }
        return out;
    }

    /** Whether {@code n} bytes (at most the buffer) are available from {@code pos}. */
    private boolean ensure(int n) throws IOException {
        while (lim - pos < n) {
            if (!fill()) return false;
        }
        return true;
    }

    /** Reads more into the buffer, first moving the unread bytes to its start; false at the end of the stream. */
    private boolean fill() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) return true;
        int n = in.read(buf, lim, buf.length - lim);
        if (n < 0) return false;
        lim += n;
        return true;
    }

    private static String decode(byte[] name) {
        // jar tools write UTF-8 whether or not they set the flag; anything else becomes replacement characters
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return utf8.decode(ByteBuffer.wrap(name)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("replacing decoder", e);
        }
    }

    private int u16(int at) {
        return u16(buf, at);
    }

    private static int u16(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8;
    }

    private long u32(int at) {
        return (u16(at) | (long) u16(at + 2) << 16);
    }

    private int int32(int at) {
        return (int) u32(at);
    }

    private static long int64(byte[] b, int at) {
        return (u16(b, at) | (long) u16(b, at + 2) << 16) | ((u16(b, at + 4) | (long) u16(b, at + 6) << 16) << 32);
    }

    /** The current entry's content as a stream, charged to the budget. */
    private final class Content extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (current == null) return -1;
            if (len == 0) return 0;
            if (!current.readable()) {
                throw new ZipException("cannot read " + current.name() + ": " + (current.encrypted() ? "encrypted" : "compression method " + current.method()));
            }
            return current.method() == STORED ? readStored(b, off, len) : readDeflated(b, off, len);
        }

        @Override
        public void close() {
        }
    }
}
