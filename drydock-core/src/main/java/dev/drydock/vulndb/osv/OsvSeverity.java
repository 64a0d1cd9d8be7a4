package dev.drydock.vulndb.osv;

import java.util.Objects;

/** One OSV severity entry: {@code type} such as CVSS_V3 or Ubuntu, {@code score} a vector or a word. */
public record OsvSeverity(String type, String score) {
    public OsvSeverity {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(score, "score");
    }
}
