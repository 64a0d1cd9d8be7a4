package dev.drydock.match;

/**
 * SemVer 2.0.0 order for npm and Cargo, written here because versatile-core's npm scheme accepts what
 * SemVer and npm reject: {@code 1.2}, {@code 01.2.3}, and {@code 1.0.0-aaa!} which it then ranks equal
 * to {@code 1.0}. npm's parser tolerates a leading {@code v} or {@code =} (semver.valid("v1.2.3") is
 * "1.2.3"); Cargo's does not.
 */
public final class SemVerScheme implements VersionScheme {
    static final SemVerScheme NPM = new SemVerScheme("npm", true);
    static final SemVerScheme CARGO = new SemVerScheme("cargo", false);

    private final String name;
    private final boolean npmPrefixes;

    private SemVerScheme(String name, boolean npmPrefixes) {
        this.name = name;
        this.npmPrefixes = npmPrefixes;
    }

    @Override
    public String name() {
        return name;
    }

    SemVer parse(String v) {
        VersionScheme.bounded(name, v);
        String s = v;
        if (npmPrefixes) {
            if (s.startsWith("=")) s = s.substring(1);
            if (s.startsWith("v") || s.startsWith("V")) s = s.substring(1);
        }
        SemVer sv = SemVer.parse(s);
        if (sv == null) throw new InvalidVersionException(name, v, "not SemVer 2.0.0 (MAJOR.MINOR.PATCH[-pre][+build])");
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
