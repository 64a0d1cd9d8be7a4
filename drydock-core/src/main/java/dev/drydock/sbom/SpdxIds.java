package dev.drydock.sbom;

import dev.drydock.model.Package;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * SPDX identifiers. SPDX 2.3 allows only letters, digits, '.' and '-' after {@code SPDXRef-}, which a purl
 * does not fit, so a package's id is a readable part (type and name) plus a hash of its purl: stable for the
 * same package across scans and images, and readable in a diff.
 */
final class SpdxIds {
    static final String DOCUMENT = "SPDXRef-DOCUMENT";
    static final String IMAGE = "SPDXRef-Image";
    static final String OPERATING_SYSTEM = "SPDXRef-OperatingSystem";
    private static final String PACKAGE_PREFIX = "SPDXRef-Package-";
    private static final int MAX_READABLE = 64;

    private final UniqueIds ids = new UniqueIds((candidate, n) -> candidate + "-" + n);

    String forPackage(Package p) {
        String type = p.type() == null ? "unknown" : p.type().purlType();
        return ids.claim(PACKAGE_PREFIX + safe(type) + "-" + safe(p.name()) + "-" + shortHash(SbomContent.identity(p)));
    }

    /** Letters, digits, '.' and '-' only; everything else becomes '-', bounded so ids stay readable. */
    static String safe(String s) {
        if (s == null || s.isEmpty()) return "x";
        String t = s.replaceAll("[^A-Za-z0-9.-]+", "-");
        return t.length() > MAX_READABLE ? t.substring(0, MAX_READABLE) : t;
    }

    private static String shortHash(String s) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 8).toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
