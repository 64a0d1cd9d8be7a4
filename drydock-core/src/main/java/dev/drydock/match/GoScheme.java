package dev.drydock.match;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Go's order: module versions are SemVer with a {@code v} prefix. Pseudo-versions
 * ({@code v0.0.0-20200804184101-5ec99f83aff1}, {@code v1.2.4-0.2020...}) are pre-releases by
 * construction, so SemVer order already puts them after their base and before the next release;
 * {@code +incompatible} is build metadata and ignored. The toolchain ({@code stdlib}) uses
 * {@code 1.22.3}, {@code 1.21.0-rc.2} in OSV, and {@code go1.22}, {@code go1.21rc2} in binaries:
 * those are mapped onto SemVer the way Go's vulndb does (1.22 is 1.22.0; rc2 is -rc.2).
 */
public final class GoScheme implements VersionScheme {
    static final GoScheme INSTANCE = new GoScheme();
    private static final String NAME = "golang";
    private static final Pattern TOOLCHAIN = Pattern.compile("([0-9]+)\\.([0-9]+)(?:\\.([0-9]+))?(?:(rc|beta|alpha)([0-9]+))?");

    private GoScheme() {
    }

    @Override
    public String name() {
        return NAME;
    }

    SemVer parse(String v) {
        VersionScheme.bounded(NAME, v);
        String s = v.startsWith("go") ? v.substring(2) : v.startsWith("v") ? v.substring(1) : v;
        Matcher m = TOOLCHAIN.matcher(s);
        if (!v.startsWith("v") && m.matches()) {
            String patch = m.group(3) == null ? "0" : m.group(3);
            String pre = m.group(4) == null ? "" : "-" + m.group(4) + "." + m.group(5);
            s = m.group(1) + "." + m.group(2) + "." + patch + pre;
        }
        SemVer sv = SemVer.parse(s);
        if (sv == null) throw new InvalidVersionException(NAME, v, "not a Go module or toolchain version");
        return sv;
    }

    @Override
    public void validate(String v) {
        parse(v);
    }

    @Override
    public int compare(String a, String b) {
        return Integer.signum(parse(a).compareTo(parse(b)));
    }
}
