package dev.drydock.catalog;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Go toolchain version a binary records, e.g. {@code go1.22.3}, {@code go1.20},
 * {@code go1.21rc2}, {@code go1.22.3 X:boringcrypto,loopvar} or {@code devel go1.23-abc…}.
 *
 * @param raw         as recorded
 * @param stdlib      the standard library's version as a semantic version without the {@code go}
 *                    prefix ({@code 1.22.3}; {@code 1.20.0} for the {@code go1.20} release, which
 *                    Go named without a patch number before 1.21; {@code 1.21.0-rc.2} for
 *                    {@code go1.21rc2}), the form the Go vulnerability database uses; null for a
 *                    development toolchain, whose standard library has no release version
 * @param experiments the {@code X:} part (GOEXPERIMENT), or empty
 */
record GoToolchain(String raw, String stdlib, String experiments) {
    private static final Pattern RELEASE = Pattern.compile("go(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:(rc|beta)(\\d+))?");

    static GoToolchain parse(String raw) {
        String base = raw.strip();
        String experiments = "";
        int space = base.indexOf(' ');
        if (!base.startsWith("devel") && space > 0) {
            String rest = base.substring(space + 1).strip();
            if (rest.startsWith("X:")) experiments = rest.substring(2);
            base = base.substring(0, space);
        }
        Matcher m = RELEASE.matcher(base);
        if (!m.matches()) {
            // A vendor-suffixed or unknown form: keep what follows "go" rather than guess.
            String stdlib = base.startsWith("go") && base.length() > 2 && Character.isDigit(base.charAt(2)) ? base.substring(2) : null;
            return new GoToolchain(raw, stdlib, experiments);
        }
        String major = m.group(1), minor = m.group(2) == null ? "0" : m.group(2), patch = m.group(3) == null ? "0" : m.group(3);
        String version = major + "." + minor + "." + patch;
        if (m.group(4) != null) version += "-" + m.group(4) + "." + m.group(5);
        return new GoToolchain(raw, version, experiments);
    }
}
