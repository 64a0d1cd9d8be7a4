package dev.drydock.server.store;

import java.util.Objects;

/**
 * A drift table request: two scanners, an optional scope (one image by digest, or one repository; neither
 * is the fleet), an optional presence filter and a page.
 */
public record DriftQuery(String scannerA, String scannerB, String image, String repository, Presence presence,
                         int limit, int offset) {
    public static final int DEFAULT_LIMIT = 100;
    /** The most rows one read returns (the CSV export); the JSON API pages by at most 500. */
    public static final int MAX_LIMIT = 100_000;
    public static final int MAX_OFFSET = 10_000_000;

    public DriftQuery {
        Objects.requireNonNull(scannerA, "scannerA");
        Objects.requireNonNull(scannerB, "scannerB");
        if (scannerA.equals(scannerB)) throw new IllegalArgumentException("scanner_a and scanner_b must differ");
        if (image != null && repository != null) throw new IllegalArgumentException("give image or repository, not both");
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit out of range");
        if (offset < 0 || offset > MAX_OFFSET) throw new IllegalArgumentException("offset out of range");
    }

    public static DriftQuery fleet(String a, String b) {
        return new DriftQuery(a, b, null, null, null, DEFAULT_LIMIT, 0);
    }

    public DriftQuery withImage(String digest) {
        return new DriftQuery(scannerA, scannerB, digest, null, presence, limit, offset);
    }

    public DriftQuery withRepository(String r) {
        return new DriftQuery(scannerA, scannerB, null, r, presence, limit, offset);
    }

    public DriftQuery withPresence(Presence p) {
        return new DriftQuery(scannerA, scannerB, image, repository, p, limit, offset);
    }

    public DriftQuery withPage(int l, int o) {
        return new DriftQuery(scannerA, scannerB, image, repository, presence, l, o);
    }
}
