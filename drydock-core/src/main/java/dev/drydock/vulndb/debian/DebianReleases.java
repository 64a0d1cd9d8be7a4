package dev.drydock.vulndb.debian;

import java.util.Map;
import java.util.Optional;

/**
 * The one place that turns a Debian codename into the release an image reports ({@code VERSION_ID} in
 * os-release, or {@code unstable} for sid). Codenames not listed here are kept by the parser with no
 * release number, and a warning, so a new release never silently vanishes.
 */
public final class DebianReleases {
    private static final Map<String, String> NUMBERS = Map.of(
            "jessie", "8",
            "stretch", "9",
            "buster", "10",
            "bullseye", "11",
            "bookworm", "12",
            "trixie", "13",
            "forky", "14",
            "sid", "unstable");

    private DebianReleases() {
    }

    /** The release number for a codename, e.g. {@code bookworm → 12}, {@code sid → unstable}. */
    public static Optional<String> number(String codename) {
        return Optional.ofNullable(NUMBERS.get(codename));
    }
}
