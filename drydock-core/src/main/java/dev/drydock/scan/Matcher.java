package dev.drydock.scan;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.drydock.catalog.Catalog;
import dev.drydock.match.DistroLifecycle;
import dev.drydock.match.InvalidVersionException;
import dev.drydock.match.OsvEvent;
import dev.drydock.match.OsvRanges;
import dev.drydock.match.VersionScheme;
import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.SeverityRating;
import dev.drydock.model.UntrustedText;
import dev.drydock.vulndb.AdvisoryEntry;
import dev.drydock.vulndb.Namespaces;
import dev.drydock.vulndb.VulnDb;
import dev.drydock.vulndb.VulnInfo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds the vulnerabilities of a catalog's packages in a {@link VulnDb}. OS packages are looked up by
 * source package in their distribution release, language packages by ecosystem and name; versions are
 * compared with each ecosystem's own order. Where sources disagree about one package and vulnerability,
 * the distribution's own data (Debian tracker, Alpine secdb) overrides OSV's copy of it.
 */
public final class Matcher {
    private final VulnDb db;
    private final SeveritySelector severity;
    private final java.time.LocalDate today;

    /** @param today the date end-of-life is judged against */
    public Matcher(VulnDb db, SeveritySelector severity, java.time.LocalDate today) {
        this.db = db;
        this.severity = severity;
        this.today = today;
    }

    /** Findings in report order (severity descending, package, id), and what the user must know about coverage. */
    public record Result(List<Finding> findings, List<String> warnings) {
    }

    public Result match(Catalog catalog) {
        List<String> warnings = new ArrayList<>();
        String osNamespace = osNamespace(catalog.os(), catalog.packages(), warnings);
        // Look everything up in a few batched queries rather than a handful per package: per-query
        // overhead, not SQLite's work, is what a scan of thousands of packages would spend its time on.
        Map<Package, Lookup> lookups = new LinkedHashMap<>();
        Map<String, Set<String>> namesByNamespace = new HashMap<>();
        for (Package p : catalog.packages()) {
            Lookup l = lookup(p, osNamespace);
            if (l == null) continue;
            lookups.put(p, l);
            namesByNamespace.computeIfAbsent(l.namespace(), k -> new LinkedHashSet<>()).add(l.name());
        }
        Map<String, Map<String, List<AdvisoryEntry>>> entries = new HashMap<>();
        namesByNamespace.forEach((ns, names) -> entries.put(ns, db.affected(ns, names)));

        List<Match> matches = new ArrayList<>();
        Set<String> badVersions = new HashSet<>();
        for (Map.Entry<Package, Lookup> e : lookups.entrySet()) {
            Lookup l = e.getValue();
            List<AdvisoryEntry> found = entries.get(l.namespace()).getOrDefault(l.name(), List.of());
            if (found.isEmpty()) continue;
            try {
                l.scheme().validate(l.version());
            } catch (InvalidVersionException bad) {
                if (badVersions.add(e.getKey().key())) {
                    warnings.add("cannot compare version " + UntrustedText.printable(l.version()) + " of "
                            + UntrustedText.printable(e.getKey().name()) + ": " + UntrustedText.firstLine(bad.getMessage()) + "; it was not checked");
                }
                continue;
            }
            matches.addAll(match(e.getKey(), l, found, warnings));
        }

        Set<String> ids = new LinkedHashSet<>();
        for (Match m : matches) ids.add(m.id());
        Map<String, VulnInfo> infos = db.vulnerabilities(ids);
        Set<String> cves = new LinkedHashSet<>();
        for (VulnInfo info : infos.values()) {
            String cve = cve(info);
            if (cve != null) cves.add(cve);
        }
        Map<String, dev.drydock.model.Epss> epss = db.epss(cves);
        Map<String, dev.drydock.model.Kev> kev = db.kev(cves);
        List<Finding> findings = new ArrayList<>();
        for (Match m : matches) findings.add(finding(m, infos.get(m.id()), epss, kev));
        findings.sort(Comparator.comparing(Finding::severity).reversed()
                .thenComparing(f -> f.pkg().name())
                .thenComparing(Finding::installedVersion, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(Finding::id));
        return new Result(findings, warnings);
    }

    /** One package affected by one vulnerability, before the vulnerability's details are fetched. */
    private record Match(String id, Package pkg, Lookup lookup, Verdict verdict) {
    }

    private static String cve(VulnInfo info) {
        if (info.id().startsWith("CVE-")) return info.id();
        return info.aliases().stream().filter(a -> a.startsWith("CVE-")).findFirst().orElse(null);
    }

    /** What to look up for one package: namespace, name and version as the advisories spell them. */
    record Lookup(String namespace, String name, String version, VersionScheme scheme) {
    }

    static Lookup lookup(Package p, String osNamespace) {
        return switch (p.type()) {
            case DEB, APK, RPM -> {
                if (osNamespace == null) yield null;
                // Advisories name the source package and its version; a binNMU (+b1) of the binary
                // shares the source's version and its fixes.
                String name = p.sourceName() != null && !p.sourceName().isBlank() ? p.sourceName() : p.name();
                String version = p.sourceVersion() != null && !p.sourceVersion().isBlank() ? p.sourceVersion() : p.version();
                yield new Lookup(osNamespace, name, version, VersionScheme.of(p.type()));
            }
            default -> {
                String name = languageName(p);
                String version = p.version();
                if (name == null || version == null) yield null;
                if (p.type() == PackageType.GOLANG && name.equals("stdlib") && version.startsWith("go")) version = version.substring(2);
                yield new Lookup(Namespaces.language(p.type()), Namespaces.packageName(p.type(), name), version, VersionScheme.of(p.type()));
            }
        };
    }

    /** The name the ecosystem's advisories use, from the purl where there is one (it carries the namespace). */
    static String languageName(Package p) {
        if (p.purl() != null) {
            try {
                PackageURL purl = new PackageURL(p.purl());
                String ns = purl.getNamespace();
                if (ns == null || ns.isEmpty()) return purl.getName();
                return switch (p.type()) {
                    case MAVEN -> ns + ":" + purl.getName();
                    default -> ns + "/" + purl.getName(); // npm @scope/name, Go module path, composer vendor/name
                };
            } catch (MalformedPackageURLException e) {
                // fall back to the catalogued name
            }
        }
        return p.name();
    }

    private static List<Match> match(Package p, Lookup l, List<AdvisoryEntry> entries, List<String> warnings) {
        Map<String, List<AdvisoryEntry>> byVuln = new LinkedHashMap<>();
        for (AdvisoryEntry e : entries) byVuln.computeIfAbsent(e.canonicalId(), k -> new ArrayList<>()).add(e);
        List<Match> out = new ArrayList<>();
        for (Map.Entry<String, List<AdvisoryEntry>> v : byVuln.entrySet()) {
            List<AdvisoryEntry> authoritative = authoritative(v.getValue());
            Verdict verdict = null;
            for (AdvisoryEntry e : authoritative) {
                try {
                    Verdict one = verdict(e, l);
                    if (one != null) verdict = verdict == null ? one : verdict.merge(one, l.scheme());
                } catch (InvalidVersionException bad) {
                    // The installed version was checked above, so it is the advisory's own version that
                    // cannot be ordered: skip that record, keep the package's other ones.
                    String w = "advisory " + UntrustedText.printable(e.advisoryId()) + " for " + UntrustedText.printable(l.name())
                            + " in " + l.namespace() + " has a version drydock cannot order (" + UntrustedText.firstLine(bad.getMessage())
                            + "); that record was skipped";
                    if (!warnings.contains(w)) warnings.add(w);
                }
            }
            if (verdict != null) out.add(new Match(v.getKey(), p, l, verdict));
        }
        return out;
    }

    /** The distribution's own records where it has any for this vulnerability, else everyone's. */
    private static List<AdvisoryEntry> authoritative(List<AdvisoryEntry> entries) {
        List<AdvisoryEntry> own = entries.stream().filter(e -> !e.source().equals("osv")).toList();
        return own.isEmpty() ? entries : own;
    }

    /** How one record judges the installed version: null when not affected. */
    record Verdict(FindingStatus status, List<String> fixed, AdvisoryEntry entry) {
        Verdict merge(Verdict other, VersionScheme scheme) {
            TreeSet<String> all = new TreeSet<>(scheme.comparator());
            all.addAll(fixed);
            all.addAll(other.fixed);
            FindingStatus s = all.isEmpty() ? status : FindingStatus.FIXED;
            return new Verdict(s, List.copyOf(all), entry);
        }
    }

    private static Verdict verdict(AdvisoryEntry e, Lookup l) {
        if (e.status() == FindingStatus.NOT_AFFECTED) return null;
        if (e.ranges().isEmpty() && e.versions().isEmpty()) return new Verdict(e.status(), List.of(), e);
        if (e.versions().contains(l.version())) return new Verdict(e.status(), fixedAbove(e, l), e);
        for (List<OsvEvent> range : e.ranges()) {
            if (OsvRanges.affected(l.scheme(), l.version(), range)) {
                List<String> fixed = fixedAbove(e, l);
                return new Verdict(fixed.isEmpty() ? notFixed(e.status()) : FindingStatus.FIXED, fixed, e);
            }
        }
        return null;
    }

    private static FindingStatus notFixed(FindingStatus s) {
        return s == FindingStatus.FIXED ? FindingStatus.AFFECTED : s;
    }

    /** Fixed versions above the installed one, lowest first: the upgrades that remove the finding. */
    private static List<String> fixedAbove(AdvisoryEntry e, Lookup l) {
        TreeSet<String> out = new TreeSet<>(l.scheme().comparator());
        for (List<OsvEvent> range : e.ranges()) {
            for (OsvEvent ev : range) {
                if (ev.kind() == OsvEvent.Kind.FIXED && l.scheme().compare(ev.version(), l.version()) > 0) out.add(ev.version());
            }
        }
        return List.copyOf(out);
    }

    private Finding finding(Match m, VulnInfo info, Map<String, dev.drydock.model.Epss> epss, Map<String, dev.drydock.model.Kev> kev) {
        AdvisoryEntry e = m.verdict().entry();
        String publisher = publisher(e);
        List<SeverityRating> ratings = new ArrayList<>();
        if (e.severity() != null) ratings.add(SeverityRating.of(publisher, dev.drydock.model.Severity.parse(e.severity())));
        ratings.addAll(info.ratings());
        boolean ghsa = m.id().startsWith("GHSA-") || info.aliases().stream().anyMatch(a -> a.startsWith("GHSA-"));
        List<SeverityRating> ranked = severity.rank(ratings, List.of(publisher), ghsa);
        String cve = cve(info);
        return new Finding(m.id(), info.aliases(), m.pkg(), m.lookup().version(), m.verdict().fixed(), m.verdict().status(),
                ranked.get(0).severity(), ranked.get(0).source(), ranked, e.source(), m.lookup().namespace(),
                cve == null ? null : epss.get(cve), cve == null ? null : kev.get(cve),
                info.title() != null ? info.title() : summary(info.description()), info.description(), info.references(),
                info.cwes(), null);
    }

    /** Sources without titles (NVD, the Debian tracker) still give a line to show: the description's first sentence. */
    static String summary(String description) {
        if (description == null || description.isBlank()) return null;
        String line = description.strip().lines().findFirst().orElse("");
        int stop = line.indexOf(". ");
        if (stop > 0) line = line.substring(0, stop + 1);
        return line.length() > 200 ? line.substring(0, 199) + "…" : line;
    }

    /** The rating source a matched record speaks for: the distribution, or the advisory's publisher. */
    private static String publisher(AdvisoryEntry e) {
        return switch (e.source()) {
            case "debian-tracker" -> "debian";
            case "alpine-secdb" -> "alpine";
            default -> dev.drydock.vulndb.osv.OsvImporter.sourceOf(e.advisoryId());
        };
    }

    /**
     * The distribution release OS packages are looked up in, or null with a warning when there is none:
     * an unknown distribution, or one the database has no data for, must never look like "no findings".
     */
    private String osNamespace(OsRelease os, List<Package> packages, List<String> warnings) {
        long osPackages = packages.stream().filter(p -> p.type() == PackageType.DEB || p.type() == PackageType.APK
                || p.type() == PackageType.RPM).count();
        if (osPackages == 0) return null;
        Optional<String> ns = os == null ? Optional.empty() : DistroLifecycle.namespace(os);
        if (ns.isEmpty()) {
            warnings.add(os == null
                    ? "the distribution could not be identified; " + osPackages + " OS packages were not checked for vulnerabilities"
                    : "drydock has no vulnerability data for " + UntrustedText.printable(os.toString()) + "; "
                    + osPackages + " OS packages were not checked for vulnerabilities");
            return null;
        }
        Optional<java.time.LocalDate> eol = DistroLifecycle.of(os)
                .filter(r -> r.isEndOfLife(today)).map(DistroLifecycle.Release::endOfLife);
        String name = UntrustedText.printable(os.toString());
        if (!db.namespaces().contains(ns.get())) {
            warnings.add("the vulnerability database has no data for " + name + " (" + ns.get() + ")"
                    + eol.map(d -> ", which reached end of life on " + d).orElse("") + "; "
                    + osPackages + " OS packages were not checked for vulnerabilities");
            return null;
        }
        eol.ifPresent(d -> warnings.add(name + " reached end of life on " + d
                + "; its security data is no longer updated, so findings are incomplete"));
        return ns.get();
    }
}
