package dev.drydock.vulndb.osv;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One package an OSV record affects, with its ranges and explicit version list. The two
 * {@code *Specific} maps hold only the string-valued (or number/boolean, as text) top-level fields,
 * such as Debian's {@code urgency} or GHSA's {@code severity}; nested values are dropped.
 */
public record OsvAffected(
        OsvPackage pkg,
        List<OsvRange> ranges,
        List<String> versions,
        Map<String, String> ecosystemSpecific,
        Map<String, String> databaseSpecific) {

    public OsvAffected {
        Objects.requireNonNull(pkg, "pkg");
        ranges = List.copyOf(ranges);
        versions = List.copyOf(versions);
        ecosystemSpecific = Map.copyOf(ecosystemSpecific);
        databaseSpecific = Map.copyOf(databaseSpecific);
    }
}
