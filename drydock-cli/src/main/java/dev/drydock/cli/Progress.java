package dev.drydock.cli;

import dev.drydock.catalog.Cataloger;
import dev.drydock.model.ImageMetadata;

import java.io.PrintWriter;

/** Progress on standard error, only when it is a terminal (the launcher tells us). */
final class Progress implements Cataloger.Progress {
    private final PrintWriter err;
    private final boolean enabled;
    private final long start = System.nanoTime();
    private long bytes;
    private boolean drawn;

    Progress(PrintWriter err, boolean enabled) {
        this.err = err;
        this.enabled = enabled;
    }

    void resolved(ImageMetadata m) {
        if (!enabled) return;
        String what = m.manifestDigest() != null ? m.manifestDigest().toString() : m.reference();
        err.println("image " + what + ": " + m.layers().size() + " layers, " + mb(m.totalSize()));
        err.flush();
    }

    @Override
    public synchronized void layerDone(int done, int total, long size, boolean cached) {
        bytes += size;
        if (!enabled) return;
        err.print("\r\033[Klayers " + done + "/" + total + "  " + mb(bytes) + (cached ? "  (cached)" : "")
                + String.format("  %.1fs", (System.nanoTime() - start) / 1e9));
        err.flush();
        drawn = true;
    }

    void done() {
        if (enabled && drawn) {
            err.println();
            err.flush();
        }
    }

    private static String mb(long n) {
        return String.format("%.1f MB", n / 1e6);
    }
}
