package dev.drydock.catalog.java;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The SHA-1 of an archive, taken while its bytes pass on their way to the zip reader. Skipped bytes
 * are read (a plain {@link java.security.DigestInputStream} would miss them), and the stream is never
 * closed here: it belongs to the enclosing archive or the image layer.
 */
final class Sha1InputStream extends FilterInputStream {
    private final MessageDigest sha1;
    private long count;

    Sha1InputStream(InputStream in) {
        super(in);
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-1", e);
        }
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            sha1.update((byte) b);
            count++;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            sha1.update(b, off, n);
            count += n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        byte[] buf = new byte[(int) Math.min(8192, Math.max(1, n))];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) break;
            left -= r;
        }
        return n - left;
    }

    /** Reads what the zip reader left (central directory, trailing bytes) so the digest covers the whole file. */
    void drain() throws IOException {
        byte[] buf = new byte[8192];
        while (read(buf, 0, buf.length) >= 0) {
            // hashed by read
        }
    }

    long count() {
        return count;
    }

    /** Lower-case hex of the digest; call once, after {@link #drain()}. */
    String hex() {
        return HexFormat.of().formatHex(sha1.digest());
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
    }
}
