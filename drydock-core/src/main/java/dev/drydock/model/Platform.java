package dev.drydock.model;

/** An OCI platform: os/architecture[/variant]. */
public record Platform(String os, String architecture, String variant) {
    public static final Platform LINUX_AMD64 = new Platform("linux", "amd64", null);

    public Platform {
        if (os == null || os.isBlank() || architecture == null || architecture.isBlank()) {
            throw new IllegalArgumentException("platform needs os/arch, e.g. linux/amd64");
        }
        if (variant != null && variant.isBlank()) variant = null;
    }

    public static Platform parse(String s) {
        String[] parts = s.split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException("platform must be os/arch[/variant], e.g. linux/arm64, not " + Digest.safe(s));
        }
        return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** True when {@code other} (from an index entry) satisfies this requested platform. */
    public boolean matches(String os, String architecture, String variant) {
        if (!this.os.equals(os) || !this.architecture.equals(architecture)) return false;
        if (this.variant == null) return true;
        return this.variant.equals(variant);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
