package dev.drydock.vulndb.osv;

import dev.drydock.match.OsvEvent;

import java.util.List;
import java.util.Objects;

/** One range of an affected entry; {@code repo} is set for GIT ranges only. */
public record OsvRange(OsvRangeType type, String repo, List<OsvEvent> events) {
    public OsvRange {
        Objects.requireNonNull(type, "type");
        events = List.copyOf(events);
    }
}
