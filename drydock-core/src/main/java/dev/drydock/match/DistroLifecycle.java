package dev.drydock.match;

import dev.drydock.model.OsRelease;

import java.time.LocalDate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which vulnerability namespace an image's distribution belongs to, and whether that release still gets
 * security fixes. A scan of an end-of-life release finds few vulnerabilities only because nobody looks
 * for them any more; the report has to say so.
 *
 * <p>Only Debian, Ubuntu and Alpine are known: they are the distributions drydock has vulnerability data
 * for. Everything else (RHEL and its rebuilds, SUSE, Amazon, Wolfi, …) is "unknown" rather than guessed.
 *
 * <p>Sources (checked 2026-11):
 * <ul>
 *   <li>Debian and Ubuntu: Debian's {@code distro-info-data} package 0.58+deb12u6,
 *       {@code /usr/share/distro-info/debian.csv} and {@code ubuntu.csv} (maintained by Debian and Ubuntu
 *       developers; the data {@code debian-distro-info}/{@code ubuntu-distro-info} print). Cross-checked
 *       against the Debian LTS team's announcement of buster's end of life (buster LTS ended 2024-06-30,
 *       "Debian 11 will receive Long Term Support until August 31, 2026"), wiki.debian.org/DebianReleases
 *       and Canonical's published LTS cycle (five years of standard support, ESM to ten years).</li>
 *   <li>Alpine: alpinelinux.org/releases ("End of support" of the main repository), as recorded in
 *       endoflife.date's {@code products/alpine-linux.md}.</li>
 * </ul>
 * Which date counts as the end of life: for Debian the end of (free, community) LTS, because the Debian
 * security tracker keeps publishing fixed versions for LTS releases; the earlier end of regular security
 * support is {@link Release#regularSupportEnd()}. For Ubuntu the end of standard support, because ESM
 * fixes need an Ubuntu Pro subscription and a plain image does not get them; the ESM end is
 * {@link Release#extendedSupportEnd()}. For Alpine the end of support of the main repository (community
 * ends earlier, with the next release).
 */
public final class DistroLifecycle {
    private DistroLifecycle() {
    }

    /**
     * A release drydock knows.
     *
     * @param namespace          vulnerability namespace, e.g. {@code debian:12}, {@code ubuntu:22.04}, {@code alpine:3.19}
     * @param codename           e.g. {@code bookworm}, {@code jammy}; null for Alpine
     * @param endOfLife          last day of security support drydock's data can rely on (see class comment);
     *                           null for rolling releases and releases whose end is not announced yet
     * @param regularSupportEnd  Debian: end of regular security-team support; otherwise the same as {@code endOfLife}
     * @param extendedSupportEnd Ubuntu LTS: end of ESM (Ubuntu Pro); null otherwise
     * @param rolling            Debian unstable/testing and Alpine edge: never end of life, never stable
     */
    public record Release(String namespace, String codename, LocalDate endOfLife, LocalDate regularSupportEnd,
                          LocalDate extendedSupportEnd, boolean rolling) {

        /** True once {@code today} is after the last day of support. Rolling and unscheduled releases never are. */
        public boolean isEndOfLife(LocalDate today) {
            return endOfLife != null && today.isAfter(endOfLife);
        }

        /** What a report should say besides the dates, if anything. */
        public Optional<String> warning() {
            if (rolling) {
                return Optional.of("rolling: " + namespace + " is a development branch; it never reaches end of life but gets no stable security support");
            }
            if (endOfLife == null) return Optional.of(namespace + " has no announced end-of-life date yet");
            return Optional.empty();
        }
    }

    private static final Map<String, Release> RELEASES = new LinkedHashMap<>();

    private static void debian(int version, String codename, String securityEnd, String ltsEnd) {
        LocalDate regular = securityEnd == null ? null : LocalDate.parse(securityEnd);
        LocalDate lts = ltsEnd == null ? null : LocalDate.parse(ltsEnd);
        put(new Release("debian:" + version, codename, lts, regular, null, false));
    }

    private static void ubuntu(String version, String codename, String standardEnd, String esmEnd) {
        LocalDate standard = LocalDate.parse(standardEnd);
        put(new Release("ubuntu:" + version, codename, standard, standard, esmEnd == null ? null : LocalDate.parse(esmEnd), false));
    }

    private static void alpine(String branch, String end) {
        LocalDate eol = LocalDate.parse(end);
        put(new Release("alpine:" + branch, null, eol, eol, null, false));
    }

    private static void put(Release r) {
        RELEASES.put(r.namespace(), r);
    }

    static {
        // debian.csv columns: eol (regular security support), eol-lts.
        debian(7, "wheezy", "2016-04-25", "2018-05-31");
        debian(8, "jessie", "2018-06-17", "2020-06-30");
        debian(9, "stretch", "2020-07-18", "2022-06-30");
        debian(10, "buster", "2022-09-10", "2024-06-30");
        debian(11, "bullseye", "2024-08-14", "2026-08-31");
        debian(12, "bookworm", "2026-07-11", "2028-06-30");
        debian(13, "trixie", "2028-08-09", "2030-06-30");
        debian(14, "forky", null, null); // in development; no release or end-of-life date announced
        put(new Release("debian:unstable", "sid", null, null, null, true));

        // ubuntu.csv columns: eol (standard support), eol-esm. Interim releases get 9 months and no ESM.
        ubuntu("14.04", "trusty", "2019-04-25", "2024-04-25");
        ubuntu("14.10", "utopic", "2015-07-23", null);
        ubuntu("15.04", "vivid", "2016-02-04", null);
        ubuntu("15.10", "wily", "2016-07-28", null);
        ubuntu("16.04", "xenial", "2021-04-30", "2026-04-23");
        ubuntu("16.10", "yakkety", "2017-07-20", null);
        ubuntu("17.04", "zesty", "2018-01-13", null);
        ubuntu("17.10", "artful", "2018-07-19", null);
        ubuntu("18.04", "bionic", "2023-05-31", "2028-04-26");
        ubuntu("18.10", "cosmic", "2019-07-18", null);
        ubuntu("19.04", "disco", "2020-01-23", null);
        ubuntu("19.10", "eoan", "2020-07-17", null);
        ubuntu("20.04", "focal", "2025-05-29", "2030-04-23");
        ubuntu("20.10", "groovy", "2021-07-22", null);
        ubuntu("21.04", "hirsute", "2022-01-20", null);
        ubuntu("21.10", "impish", "2022-07-14", null);
        ubuntu("22.04", "jammy", "2027-06-01", "2032-04-21");
        ubuntu("22.10", "kinetic", "2023-07-20", null);
        ubuntu("23.04", "lunar", "2024-01-25", null);
        ubuntu("23.10", "mantic", "2024-07-11", null);
        ubuntu("24.04", "noble", "2029-05-31", "2034-04-25");
        ubuntu("24.10", "oracular", "2025-07-10", null);
        ubuntu("25.04", "plucky", "2026-01-15", null);
        ubuntu("25.10", "questing", "2026-07-09", null);
        ubuntu("26.04", "resolute", "2031-05-29", "2036-04-23");

        // alpinelinux.org/releases: main repository end of support.
        alpine("3.10", "2021-05-01");
        alpine("3.11", "2021-11-01");
        alpine("3.12", "2022-05-01");
        alpine("3.13", "2022-11-01");
        alpine("3.14", "2023-05-01");
        alpine("3.15", "2023-11-01");
        alpine("3.16", "2024-05-23");
        alpine("3.17", "2024-11-22");
        alpine("3.18", "2025-05-09");
        alpine("3.19", "2025-11-01");
        alpine("3.20", "2026-04-01");
        alpine("3.21", "2026-11-01");
        alpine("3.22", "2027-05-01");
        alpine("3.23", "2027-11-01");
        put(new Release("alpine:edge", null, null, null, null, true));
    }

    /** The release, if drydock knows it; empty means "unknown": no data, not "supported". */
    public static Optional<Release> of(OsRelease os) {
        return namespace(os).map(RELEASES::get);
    }

    /** Every release drydock knows, by namespace, in table order. */
    public static Map<String, Release> known() {
        return Collections.unmodifiableMap(RELEASES);
    }

    private static final Pattern DEBIAN_VERSION = Pattern.compile("([0-9]{1,3})(?:\\.[0-9]{1,4}){0,2}");
    private static final Pattern UBUNTU_VERSION = Pattern.compile("([0-9]{2}\\.[0-9]{2})(?:\\.[0-9]{1,3})?");
    private static final Pattern ALPINE_VERSION = Pattern.compile("v?([0-9]{1,2}\\.[0-9]{1,3})(?:\\.[0-9]{1,4})?(_[a-z]+[0-9]*)?");

    /**
     * The vulnerability namespace of a distribution, also for releases missing from the table
     * (e.g. {@code debian:6}, {@code alpine:3.9}): Debian by major version, Ubuntu by {@code VERSION_ID},
     * Alpine by major.minor branch. Empty for other distributions and for versions that cannot be read.
     */
    public static Optional<String> namespace(OsRelease os) {
        if (os == null || os.id() == null) return Optional.empty();
        String version = blankToNull(os.versionId());
        String codename = blankToNull(os.versionCodename());
        String pretty = blankToNull(os.prettyName());
        return switch (os.id().strip().toLowerCase(Locale.ROOT)) {
            case "debian" -> debianNamespace(version, codename, pretty);
            case "ubuntu" -> ubuntuNamespace(version, codename);
            case "alpine" -> alpineNamespace(version, pretty);
            default -> Optional.empty();
        };
    }

    private static Optional<String> debianNamespace(String version, String codename, String pretty) {
        if (version != null) {
            Matcher m = DEBIAN_VERSION.matcher(version);
            if (m.matches()) return Optional.of("debian:" + Integer.parseInt(m.group(1)));
            // os-release of sid may carry non-numeric versions; fall through to the codename rules.
        }
        // Testing and unstable ship an os-release without VERSION_ID (PRETTY_NAME "Debian GNU/Linux
        // trixie/sid", VERSION_CODENAME the next release's name); the two cannot be told apart, and the
        // security tracker files both under the development branch, so both are debian:unstable.
        if (codename != null || (pretty != null && pretty.toLowerCase(Locale.ROOT).contains("sid"))) {
            return Optional.of("debian:unstable");
        }
        return Optional.empty();
    }

    private static Optional<String> ubuntuNamespace(String version, String codename) {
        if (version != null) {
            Matcher m = UBUNTU_VERSION.matcher(version);
            return m.matches() ? Optional.of("ubuntu:" + m.group(1)) : Optional.empty();
        }
        if (codename != null) {
            String c = codename.toLowerCase(Locale.ROOT);
            for (Release r : RELEASES.values()) {
                if (r.namespace().startsWith("ubuntu:") && c.equals(r.codename())) return Optional.of(r.namespace());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> alpineNamespace(String version, String pretty) {
        // Edge snapshots number themselves after the next branch with a pre-release suffix
        // (VERSION_ID=3.20.0_alpha20240329, PRETTY_NAME="Alpine Linux edge"): they are edge, not that branch.
        if (pretty != null && pretty.toLowerCase(Locale.ROOT).endsWith(" edge")) return Optional.of("alpine:edge");
        if (version == null) return Optional.empty();
        if (version.equalsIgnoreCase("edge")) return Optional.of("alpine:edge");
        Matcher m = ALPINE_VERSION.matcher(version);
        if (!m.matches()) return Optional.empty();
        if (m.group(2) != null) return Optional.of("alpine:edge");
        String[] mm = m.group(1).split("\\.");
        return Optional.of("alpine:" + Integer.parseInt(mm[0]) + "." + Integer.parseInt(mm[1]));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
