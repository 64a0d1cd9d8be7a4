package dev.drydock.catalog.java;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Remembers a failure of the stream an archive is read from. A nested archive's bytes come from its
 * enclosing zip; when that zip breaks (or the inflation budget runs out) the nested reader must hand
 * the failure up rather than report its own archive as corrupt — and zip readers may wrap or swallow
 * what they were thrown, so the failure is recorded where it happens.
 */
final class SourceGuard extends FilterInputStream {
    private IOException failure;

    SourceGuard(InputStream in) {
        super(in);
    }

    IOException failure() {
        return failure;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw record(e);
        } catch (RuntimeException e) {
            throw record(new IOException(e.toString(), e));
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw record(e);
        } catch (RuntimeException e) {
            throw record(new IOException(e.toString(), e));
        }
    }

    @Override
    public long skip(long n) throws IOException {
        try {
            return super.skip(n);
        } catch (IOException e) {
            throw record(e);
        } catch (RuntimeException e) {
            throw record(new IOException(e.toString(), e));
        }
    }

    private IOException record(IOException e) {
        if (failure == null) failure = e;
        return e;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() {
    }
}
