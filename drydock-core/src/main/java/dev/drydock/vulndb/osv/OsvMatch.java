package dev.drydock.vulndb.osv;

import dev.drydock.match.InvalidVersionException;
import dev.drydock.match.OsvRanges;
import dev.drydock.match.VersionScheme;
import dev.drydock.model.PackageType;

import java.util.Locale;

/** Whether one OSV record affects one installed package version. Pure; no database. */
public final class OsvMatch {
    private OsvMatch() {
    }

    /** Any release of the ecosystem; see {@link #affects(OsvRecord, PackageType, String, String, String)}. */
    public static boolean affects(OsvRecord record, PackageType type, String name, String version) {
        return affects(record, type, null, name, version);
    }

    /**
     * True when an affected entry of {@code type} (and of {@code release}, e.g. {@code 12} for
     * {@code Debian:12}, unless null) names the package and either lists the version exactly or has an
     * ECOSYSTEM/SEMVER range containing it. GIT ranges are skipped: commit order needs the repository.
     * Withdrawn records never affect. A version the scheme cannot order matches only an exact list entry.
     */
    public static boolean affects(OsvRecord record, PackageType type, String release, String name, String version) {
        if (record.isWithdrawn() || type == null || name == null || version == null) return false;
        VersionScheme scheme = VersionScheme.of(type);
        for (OsvAffected a : record.affected()) {
            OsvEcosystem eco = a.pkg().ecosystem();
            if (eco.type() != type) continue;
            if (release != null && !release.equals(eco.release())) continue;
            if (!sameName(type, a.pkg().name(), name)) continue;
            if (a.versions().contains(version)) return true;
            for (OsvRange range : a.ranges()) {
                if (range.type() == OsvRangeType.GIT) continue;
                try {
                    if (OsvRanges.affected(scheme, version, range.events())) return true;
                } catch (InvalidVersionException e) {
                    // The parser drops ranges with unorderable events, so this is the installed version
                    // itself: no range can place it, and guessing either way would be wrong.
                }
            }
        }
        return false;
    }

    /** Names as each ecosystem compares them: PyPI normalises (PEP 503), NuGet and Packagist ignore case. */
    static boolean sameName(PackageType type, String osvName, String name) {
        return switch (type) {
            case PYPI -> pep503(osvName).equals(pep503(name));
            case NUGET, COMPOSER -> osvName.equalsIgnoreCase(name);
            default -> osvName.equals(name);
        };
    }

    private static String pep503(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }
}
