package dev.drydock.match;

/**
 * SemVer 2.0.0 order for npm and Cargo, written here because versatile-core's npm scheme accepts what
 * SemVer and npm reject: {@code 1.2}, {@code 01.2.3}, and {@code 1.0.0-aaa!} which it then ranks equal
 * to {@code 1.0}. npm's strict parser (node-semver's valid()) takes a leading lowercase {@code v}
 * and caps MAJOR.MINOR.PATCH at JavaScript's largest safe integer; Cargo's (the semver crate) takes
 * no prefix and caps them at u64. Both checked in the tests (npm against node-semver's own verdicts).
 */
public final class SemVerScheme implements VersionScheme {
    static final SemVerScheme NPM = new SemVerScheme("npm", true, "9007199254740991");
    static final SemVerScheme CARGO = new SemVerScheme("cargo", false, "18446744073709551615");

    private final String name;
    private final boolean vPrefix;
    private final String maxCore;

    private SemVerScheme(String name, boolean vPrefix, String maxCore) {
        this.name = name;
        this.vPrefix = vPrefix;
        this.maxCore = maxCore;
    }

    @Override
    public String name() {
        return name;
    }

    SemVer parse(String v) {
        VersionScheme.bounded(name, v);
        String s = v;
        if (vPrefix && s.startsWith("v")) s = s.substring(1);
        SemVer sv = SemVer.parse(s);
        if (sv == null) throw new InvalidVersionException(name, v, "not SemVer 2.0.0 (MAJOR.MINOR.PATCH[-pre][+build])");
        for (String n : new String[] {sv.major(), sv.minor(), sv.patch()}) {
            if (DigitRuns.compare(n, maxCore) > 0) throw new InvalidVersionException(name, v, "number above " + maxCore);
        }
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
