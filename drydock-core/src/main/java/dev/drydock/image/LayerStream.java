package dev.drydock.image;

import com.github.luben.zstd.ZstdInputStream;
import dev.drydock.model.Digest;
import dev.drydock.model.Layer;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * An uncompressed layer tar read from a (possibly compressed) blob, with both digests checked:
 * the blob against the layer digest and the tar against the diffID. {@link #finish()} drains
 * both streams so that a consumer that stops at the tar's end-of-archive still gets verification.
 */
public final class LayerStream implements AutoCloseable {
    /** Below this many uncompressed bytes the ratio check stays quiet: small, highly compressible layers are normal. */
    private static final long BOMB_FLOOR = 64L << 20;

    private static final int CHUNK = 256 * 1024;
    private static final int DEPTH = 8;

    private final InputStream raw;
    private final ReadAheadInputStream ahead;
    private final InputStream tar;

    private LayerStream(InputStream raw, InputStream ahead, InputStream tar) {
        this.raw = raw;
        this.ahead = (ReadAheadInputStream) ahead;
        this.tar = tar;
    }

    /**
     * Wraps a raw blob. A layer without a blob digest (docker-archive stores plain tars named in the
     * config) is checked against its diffID only.
     */
    public static LayerStream open(InputStream raw, Layer layer, Limits limits) throws IOException {
        String what = "layer " + (layer.index() + 1);
        VerifyingInputStream blob = layer.digest() == null ? null
                : new VerifyingInputStream(raw, layer.digest(), layer.size() > 0 ? layer.size() : -1, limits.maxLayerBytes(), what + " blob");
        InputStream source = new BufferedInputStream(blob != null ? blob : raw, 1 << 16);
        InputStream plain = decompress(source, what);
        CountingLimit limited = new CountingLimit(plain, limits, blob, what);
        // Runs on the read-ahead thread once the tar is read: the blob digest covers bytes after the compressed end too.
        Runnable atEnd = () -> {
            try {
                if (blob != null) blob.drainAndVerify();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            // Every tar is made of 512-byte blocks; anything else is not a layer, whatever the digest says.
            if (limited.n % 512 != 0) throw new BadInputException(what + " is not a tar archive");
        };
        InputStream ahead = new ReadAheadInputStream(limited, atEnd, CHUNK, DEPTH, "drydock-" + what.replace(' ', '-'));
        Digest diffId = layer.diffId();
        InputStream tar = diffId == null ? ahead : new VerifyingInputStream(ahead, diffId, -1, Long.MAX_VALUE, what + " (uncompressed)");
        return new LayerStream(raw, ahead, tar);
    }

    /** Counts uncompressed bytes, enforcing the layer size limit and the compression-ratio bomb check. */
    private static final class CountingLimit extends FilterInputStream {
        private final Limits limits;
        private final VerifyingInputStream blob;
        private final String what;
        long n;

        CountingLimit(InputStream in, Limits limits, VerifyingInputStream blob, String what) {
            super(in);
            this.limits = limits;
            this.blob = blob;
            this.what = what;
        }

        /** mark/reset would count the same bytes twice. */
        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int r;
            try {
                r = super.read(b, off, len);
            } catch (java.util.zip.ZipException | java.io.EOFException | com.github.luben.zstd.ZstdIOException e) {
                throw new BadInputException(what + " is corrupt or truncated: " + e.getMessage());
            }
            if (r > 0) check(r);
            return r;
        }

        private void check(int r) {
            n += r;
            if (n > limits.maxLayerBytes()) {
                throw new BadInputException(what + " expands beyond the limit of " + limits.maxLayerBytes() + " bytes");
            }
            if (blob != null && n > BOMB_FLOOR && n / Math.max(1, blob.count()) > limits.maxCompressionRatio()) {
                throw new BadInputException(what + " looks like a decompression bomb (expands more than "
                        + limits.maxCompressionRatio() + ":1)");
            }
        }
    }

    static InputStream decompress(InputStream in, String what) throws IOException {
        in.mark(4);
        int b0 = in.read(), b1 = in.read(), b2 = in.read(), b3 = in.read();
        in.reset();
        try {
            if (b0 == 0x1f && b1 == 0x8b) return new GZIPInputStream(in, 1 << 16);
            if (b0 == 0x28 && b1 == 0xb5 && b2 == 0x2f && b3 == 0xfd) return new ZstdInputStream(in);
        } catch (IOException e) {
            throw new BadInputException(what + " is not a valid compressed stream: " + e.getMessage());
        }
        return in;
    }

    /** The uncompressed tar. */
    public InputStream tar() {
        return tar;
    }

    /** Reads both streams to their ends, which checks the diffID and the blob digest. */
    public void finish() throws IOException {
        byte[] buf = new byte[1 << 16];
        while (tar.read(buf) >= 0) {
            // verify the rest of the tar
        }
    }

    @Override
    public void close() throws IOException {
        ahead.close();
        raw.close();
    }
}
