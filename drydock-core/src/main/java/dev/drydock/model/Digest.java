package dev.drydock.model;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A content digest as used by OCI: {@code algorithm:hex}. Only sha256 and sha512 are accepted
 * because those are the only algorithms the OCI image spec registers.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest> {
    private static final Pattern SHA256 = Pattern.compile("[a-f0-9]{64}");
    private static final Pattern SHA512 = Pattern.compile("[a-f0-9]{128}");

    public Digest {
        switch (algorithm) {
            case "sha256" -> require(SHA256, hex, algorithm);
            case "sha512" -> require(SHA512, hex, algorithm);
            default -> throw new IllegalArgumentException("unsupported digest algorithm: " + safe(algorithm));
        }
    }

    private static void require(Pattern p, String hex, String algorithm) {
        if (hex == null || !p.matcher(hex).matches()) {
            throw new IllegalArgumentException("malformed " + algorithm + " digest: " + safe(hex));
        }
    }

    /** Parses {@code sha256:<64 hex>}; throws IllegalArgumentException with a short message otherwise. */
    public static Digest parse(String s) {
        if (s == null) throw new IllegalArgumentException("missing digest");
        int colon = s.indexOf(':');
        if (colon <= 0) throw new IllegalArgumentException("malformed digest: " + safe(s));
        return new Digest(s.substring(0, colon), s.substring(colon + 1));
    }

    public static Digest sha256(byte[] data) {
        return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(data)));
    }

    public static Digest ofSha256(byte[] rawDigest) {
        return new Digest("sha256", HexFormat.of().formatHex(rawDigest));
    }

    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(algorithm.toUpperCase(Locale.ROOT).replace("SHA", "SHA-"));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first 12 hex digits, as container tools print them. */
    public String shortHex() {
        return hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }

    /** Bounds untrusted text placed in error messages. */
    static String safe(String s) {
        return UntrustedText.printable(s, 80);
    }
}
