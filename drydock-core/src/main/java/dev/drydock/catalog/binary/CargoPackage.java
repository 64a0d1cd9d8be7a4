package dev.drydock.catalog.binary;

/**
 * One package of a cargo-auditable dependency list.
 *
 * @param source {@code crates.io}, {@code git}, {@code local}, {@code registry}, or another source's own text
 * @param kind   {@code runtime} or {@code build} (used only while building: build scripts, proc macros)
 * @param root   the crate the binary was built from
 */
public record CargoPackage(String name, String version, String source, String kind, boolean root) {
    public boolean buildOnly() {
        return "build".equals(kind);
    }
}
