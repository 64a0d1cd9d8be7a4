package dev.drydock.vulndb.osv;

import java.util.Objects;

/** The package an affected entry names; {@code purl} is null when the record gives none. */
public record OsvPackage(OsvEcosystem ecosystem, String name, String purl) {
    public OsvPackage {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(name, "name");
    }
}
