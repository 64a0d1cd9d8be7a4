package dev.drydock.image;

import dev.drydock.model.Digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Hashes what passes through and, at end of stream, compares the result with the expected digest
 * (and size, when known). Also stops a stream that runs past its declared or allowed size, so a
 * lying descriptor or an endless body cannot make us read forever.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final Digest expected;
    private final long expectedSize;
    private final long maxBytes;
    private final String what;
    private final MessageDigest md;
    private long count;
    private boolean verified;

    /**
     * @param expectedSize exact size the stream must have, or -1 when unknown
     * @param maxBytes     fail once more than this many bytes were read
     */
    public VerifyingInputStream(InputStream in, Digest expected, long expectedSize, long maxBytes, String what) {
        super(in);
        this.expected = expected;
        this.expectedSize = expectedSize;
        this.maxBytes = maxBytes;
        this.what = what;
        this.md = expected.newMessageDigest();
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            verify();
        } else {
            md.update((byte) b);
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = in.read(buf, off, len);
        if (n < 0) {
            verify();
        } else if (n > 0) {
            md.update(buf, off, n);
            advance(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would bypass the hash; read instead.
        byte[] buf = new byte[(int) Math.min(n, 8192)];
        int r = read(buf, 0, buf.length);
        return Math.max(r, 0);
    }

    /** mark/reset would feed the same bytes to the digest twice. */
    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported");
    }

    private void advance(long n) {
        count += n;
        if (expectedSize >= 0 && count > expectedSize) {
            throw new BadInputException(what + " is larger than its descriptor says (" + expectedSize + " bytes)");
        }
        if (count > maxBytes) {
            throw new BadInputException(what + " exceeds the size limit of " + maxBytes + " bytes");
        }
    }

    private void verify() {
        if (verified) return;
        verified = true;
        if (expectedSize >= 0 && count != expectedSize) {
            throw new BadInputException(what + " is truncated: " + count + " of " + expectedSize + " bytes");
        }
        String actual = HexFormat.of().formatHex(md.digest());
        if (!actual.equals(expected.hex())) {
            throw new BadInputException(what + " does not match its digest: expected " + expected + ", got "
                    + expected.algorithm() + ":" + actual);
        }
    }

    /** Reads whatever is left, so that the digest is checked even when the consumer stopped early. */
    public void drainAndVerify() throws IOException {
        byte[] buf = new byte[65536];
        while (read(buf, 0, buf.length) >= 0) {
            // keep hashing
        }
    }

    public long count() {
        return count;
    }

    public boolean verified() {
        return verified;
    }
}
