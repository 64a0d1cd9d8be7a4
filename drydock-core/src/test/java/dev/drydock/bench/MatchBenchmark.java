package dev.drydock.bench;

import com.github.packageurl.PackageURL;
import dev.drydock.catalog.Catalog;
import dev.drydock.scan.Matcher;
import dev.drydock.scan.SeveritySelector;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.vulndb.VulnDb;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;

/**
 * Throw-away harness for bench/match.sh, not a test: matches a catalog of N packages (default 10,000)
 * against a database, 5 warm-up runs then 20 timed ones, and prints min / median / p90.
 *
 * <p>The catalog is a realistic mix, drawn with a fixed seed: Debian 12 packages (the bench image's
 * source packages with their installed versions from {@code image-sources.tsv}, then source names
 * the database has, then names it has not), and npm, Maven, PyPI and Go packages, half with names the
 * database has and half without. Versions are random, so present names sometimes match.
 *
 * <p>With a fourth argument {@code P}, only P % of the packages whose name the database has keep their random
 * version; the others get a version above every fix, as in an image that is mostly up to date. The
 * default (100) is the stress case where nearly every known name is vulnerable.
 *
 * <p>Usage: {@code MatchBenchmark DB [image-sources.tsv] [packages] [outdated-percent]}
 */
public final class MatchBenchmark {
    private MatchBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path dbPath = Path.of(args[0]);
        Path imageSources = args.length > 1 ? Path.of(args[1]) : null;
        int total = args.length > 2 ? Integer.parseInt(args[2]) : 10_000;
        int outdated = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Random r = new Random(4);

        TreeMap<String, List<String>> present = new TreeMap<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + dbPath); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT DISTINCT namespace, package FROM affected"
                     + " WHERE namespace IN ('debian:12', 'npm', 'maven', 'pypi', 'go') ORDER BY 1, 2")) {
            while (rs.next()) present.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
        }

        List<Package> pkgs = new ArrayList<>();
        int debs = total * 40 / 100;
        if (imageSources != null && Files.exists(imageSources)) {
            for (String line : Files.readAllLines(imageSources)) {
                String[] f = line.split("\t");
                if (f.length == 2 && pkgs.size() < debs) pkgs.add(deb(f[0], f[1]));
            }
        }
        List<String> debNames = present.getOrDefault("debian:12", List.of());
        while (pkgs.size() < debs) {
            boolean hit = r.nextInt(100) < 60 && !debNames.isEmpty();
            String name = hit ? debNames.get(r.nextInt(debNames.size())) : "absent-src" + r.nextInt(1_000_000);
            boolean old = !hit || r.nextInt(100) < outdated;
            pkgs.add(deb(name, old ? version(r) + "-" + (1 + r.nextInt(5)) : "9999-1"));
        }
        int[] shares = {30, 15, 10, 5}; // npm, maven, pypi, go: percent of the catalog
        String[] namespaces = {"npm", "maven", "pypi", "go"};
        for (int i = 0; i < shares.length; i++) {
            int n = i == shares.length - 1 ? total - pkgs.size() : total * shares[i] / 100;
            List<String> names = present.getOrDefault(namespaces[i], List.of());
            for (int k = 0; k < n; k++) {
                boolean hit = r.nextBoolean() && !names.isEmpty();
                String name = hit ? names.get(r.nextInt(names.size())) : "absent" + r.nextInt(1_000_000);
                boolean old = !hit || r.nextInt(100) < outdated;
                pkgs.add(language(namespaces[i], name, old ? version(r) : "9999.0.0"));
            }
        }
        Catalog catalog = new Catalog(null, new OsRelease("debian", "12", "bookworm", "Debian GNU/Linux 12 (bookworm)", null),
                pkgs, List.of());
        System.out.printf("catalog: %,d packages (%,d deb), %d %% of known names outdated; database: %s%n", pkgs.size(), debs, outdated, dbPath);

        try (VulnDb db = VulnDb.open(dbPath)) {
            SeveritySelector severity = new SeveritySelector(List.of());
            LocalDate today = LocalDate.of(2025, 11, 20);
            long t0 = System.nanoTime();
            Matcher.Result first = new Matcher(db, severity, today).match(catalog);
            System.out.printf("first run (cold JIT, cold DB pages): %.1f ms%n", (System.nanoTime() - t0) / 1e6);
            for (int i = 0; i < 5; i++) new Matcher(db, severity, today).match(catalog);
            double[] ms = new double[20];
            int findings = 0;
            for (int i = 0; i < ms.length; i++) {
                long t = System.nanoTime();
                // a new Matcher per run: its per-vulnerability cache must not carry over between scans
                findings = new Matcher(db, severity, today).match(catalog).findings().size();
                ms[i] = (System.nanoTime() - t) / 1e6;
            }
            Arrays.sort(ms);
            breakdown(db, pkgs, new Matcher(db, severity, today).match(catalog));
            System.out.printf("findings: %,d (first run %,d), warnings: %d%n", findings, first.findings().size(), first.warnings().size());
            System.out.printf("warm match of %,d packages, %d runs: min %.1f ms, median %.1f ms, p90 %.1f ms, max %.1f ms%n",
                    pkgs.size(), ms.length, ms[0], (ms[9] + ms[10]) / 2, ms[17], ms[19]);
        }
    }

    /**
     * Where the time goes, by calling the database the way the matcher does: one batched {@code affected}
     * lookup per namespace, then the distinct vulnerabilities, then EPSS and KEV for their CVEs.
     */
    private static void breakdown(VulnDb db, List<Package> pkgs, Matcher.Result result) {
        for (int round = 0; round < 3; round++) {
            long t = System.nanoTime();
            java.util.Map<String, java.util.Set<String>> names = new java.util.HashMap<>();
            for (Package p : pkgs) {
                String ns = p.type() == PackageType.DEB ? "debian:12" : dev.drydock.vulndb.Namespaces.language(p.type());
                String name = p.type() == PackageType.DEB ? p.sourceName() : lookupName(p);
                names.computeIfAbsent(ns, k -> new java.util.LinkedHashSet<>()).add(dev.drydock.vulndb.Namespaces.packageName(p.type(), name));
            }
            long entries = 0;
            for (var e : names.entrySet()) entries += db.affected(e.getKey(), e.getValue()).values().stream().mapToLong(List::size).sum();
            double affectedMs = (System.nanoTime() - t) / 1e6;
            List<String> distinct = result.findings().stream().map(dev.drydock.model.Finding::id).distinct().toList();
            t = System.nanoTime();
            db.vulnerabilities(distinct);
            double vulnMs = (System.nanoTime() - t) / 1e6;
            List<String> cves = result.findings().stream()
                    .map(f -> f.id().startsWith("CVE-") ? f.id() : f.aliases().stream().filter(a -> a.startsWith("CVE-")).findFirst().orElse(null))
                    .filter(java.util.Objects::nonNull).distinct().toList();
            t = System.nanoTime();
            db.epss(cves);
            db.kev(cves);
            double scoreMs = (System.nanoTime() - t) / 1e6;
            if (round == 2) {
                System.out.printf("breakdown (warm, 3rd round): affected() for %,d packages (%,d rows): %.1f ms; vulnerabilities() for %,d ids: %.1f ms;"
                        + " epss()+kev() for %,d CVEs: %.1f ms%n", pkgs.size(), entries, affectedMs, distinct.size(), vulnMs, cves.size(), scoreMs);
            }
        }
    }

    private static String lookupName(Package p) {
        try {
            PackageURL purl = new PackageURL(p.purl());
            String ns = purl.getNamespace();
            if (ns == null || ns.isEmpty()) return purl.getName();
            return p.type() == PackageType.MAVEN ? ns + ":" + purl.getName() : ns + "/" + purl.getName();
        } catch (Exception e) {
            return p.name();
        }
    }

    private static String version(Random r) {
        return r.nextInt(13) + "." + r.nextInt(31) + "." + r.nextInt(21);
    }

    private static Package deb(String source, String version) {
        String purl = "pkg:deb/debian/" + source + "@" + version + "?arch=amd64&distro=debian-12";
        return new Package(PackageType.DEB, source, version, "amd64", source, version, List.of(), purl, null,
                "var/lib/dpkg/status", List.of());
    }

    private static Package language(String namespace, String name, String version) throws Exception {
        PackageType type;
        String ns = null, n = name;
        switch (namespace) {
            case "npm" -> {
                type = PackageType.NPM;
                if (name.startsWith("@")) {
                    ns = name.substring(0, name.indexOf('/'));
                    n = name.substring(name.indexOf('/') + 1);
                }
            }
            case "maven" -> {
                type = PackageType.MAVEN;
                int colon = name.indexOf(':');
                if (colon > 0) {
                    ns = name.substring(0, colon);
                    n = name.substring(colon + 1);
                } else {
                    ns = "org.absent";
                }
            }
            case "pypi" -> type = PackageType.PYPI;
            default -> {
                type = PackageType.GOLANG;
                int slash = name.lastIndexOf('/');
                if (slash > 0) {
                    ns = name.substring(0, slash);
                    n = name.substring(slash + 1);
                }
            }
        }
        String purl = new PackageURL(type.purlType(), ns, n, version, null, null).canonicalize();
        String display = type == PackageType.MAVEN ? n : name;
        return new Package(type, display, version, null, null, null, List.of(), purl, null, "app", List.of());
    }
}
