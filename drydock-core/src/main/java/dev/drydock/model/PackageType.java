package dev.drydock.model;

/** Where a package comes from; {@link #purlType()} is its package-url type. */
public enum PackageType {
    DEB("deb", true),
    APK("apk", true),
    RPM("rpm", true),
    MAVEN("maven", false),
    NPM("npm", false),
    PYPI("pypi", false),
    GOLANG("golang", false),
    CARGO("cargo", false),
    GEM("gem", false),
    COMPOSER("composer", false),
    NUGET("nuget", false);

    private final String purlType;
    private final boolean os;

    PackageType(String purlType, boolean os) {
        this.purlType = purlType;
        this.os = os;
    }

    public String purlType() {
        return purlType;
    }

    /** OS packages come from the distribution's package manager. */
    public boolean isOs() {
        return os;
    }

    public static PackageType fromPurlType(String type) {
        for (PackageType t : values()) {
            if (t.purlType.equals(type)) return t;
        }
        return null;
    }
}
