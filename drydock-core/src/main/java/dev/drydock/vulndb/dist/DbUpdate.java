package dev.drydock.vulndb.dist;

import dev.drydock.catalog.Warnings;
import dev.drydock.match.DistroLifecycle;
import dev.drydock.vulndb.DbBuild;
import dev.drydock.vulndb.VulnDb;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * {@code drydock db update}: fetch each upstream feed into a download directory beside the database
 * (conditionally and resumably, see {@link FeedDownloader}), then rebuild the database from them. Nothing
 * changed upstream and a readable database in place means no rebuild. Any failed download fails the
 * update and leaves the database as it was.
 *
 * @param urls   where each source is fetched from; see {@link #DEFAULT_URLS} for the keys and forms
 * @param osvEcosystems OSV ecosystems to fetch, as osv.dev names its folders
 * @param nvdFirstYear the first NVD yearly feed to fetch
 */
public record DbUpdate(Map<String, String> urls, Set<String> sources, List<String> osvEcosystems, int nvdFirstYear) {
    public static final List<String> SOURCES = List.of("osv", "debian", "alpine", "nvd", "kev", "epss");

    /**
     * Upstream locations. {@code osv} is a base (then {@code /ECOSYSTEM/all.zip}), {@code alpine} a base
     * (then {@code /vX.Y/main.json}), {@code nvd} a template with {@code {year}}; the rest are files.
     */
    public static final Map<String, String> DEFAULT_URLS = Map.of(
            "osv", "https://osv-vulnerabilities.storage.googleapis.com",
            "debian", "https://security-tracker.debian.org/tracker/data/json",
            "alpine", "https://secdb.alpinelinux.org",
            "nvd", "https://nvd.nist.gov/feeds/json/cve/2.0/nvdcve-2.0-{year}.json.gz",
            "kev", "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json",
            "epss", "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz");

    public static final List<String> DEFAULT_OSV_ECOSYSTEMS = List.of("Debian", "Ubuntu", "Alpine", "Maven", "npm", "PyPI", "Go",
            "crates.io", "NuGet", "RubyGems", "Packagist");

    public DbUpdate {
        Map<String, String> merged = new LinkedHashMap<>(DEFAULT_URLS);
        for (Map.Entry<String, String> e : urls.entrySet()) {
            if (!DEFAULT_URLS.containsKey(e.getKey())) {
                throw new IllegalArgumentException("unknown source '" + e.getKey() + "' in --url; sources are " + SOURCES);
            }
            merged.put(e.getKey(), e.getValue());
        }
        urls = Map.copyOf(merged);
        for (String s : sources) {
            if (!SOURCES.contains(s)) throw new IllegalArgumentException("unknown source '" + s + "'; sources are " + SOURCES);
        }
        sources = Set.copyOf(sources);
        osvEcosystems = List.copyOf(osvEcosystems);
    }

    /** One file to fetch: which source it feeds, from where, to which name in the download directory. */
    public record Feed(String source, URI uri, String file) {
    }

    public List<Feed> feeds(LocalDate today) {
        List<Feed> out = new ArrayList<>();
        if (sources.contains("osv")) {
            for (String eco : osvEcosystems) {
                out.add(new Feed("osv", URI.create(urls.get("osv") + "/" + eco.replace(" ", "%20") + "/all.zip"),
                        "osv/" + eco.replaceAll("[^A-Za-z0-9.]", "_") + ".zip"));
            }
        }
        if (sources.contains("debian")) out.add(new Feed("debian", URI.create(urls.get("debian")), "debian-tracker.json"));
        if (sources.contains("alpine")) {
            for (String ns : DistroLifecycle.known().keySet()) {
                if (!ns.startsWith("alpine:")) continue;
                String release = ns.substring("alpine:".length());
                String dir = release.equals("edge") ? "edge" : "v" + release;
                for (String repo : List.of("main", "community")) {
                    out.add(new Feed("alpine", URI.create(urls.get("alpine") + "/" + dir + "/" + repo + ".json"),
                            "alpine/" + dir + "-" + repo + ".json"));
                }
            }
        }
        if (sources.contains("nvd")) {
            for (int year = nvdFirstYear; year <= today.getYear(); year++) {
                out.add(new Feed("nvd", URI.create(urls.get("nvd").replace("{year}", Integer.toString(year))),
                        "nvd/nvdcve-2.0-" + year + ".json.gz"));
            }
        }
        if (sources.contains("kev")) out.add(new Feed("kev", URI.create(urls.get("kev")), "kev.json"));
        if (sources.contains("epss")) out.add(new Feed("epss", URI.create(urls.get("epss")), "epss.csv.gz"));
        return out;
    }

    /** What happened to one feed, for progress output. */
    public record Fetched(Feed feed, FeedDownloader.Result result) {
    }

    /** The outcome: whether the database was rebuilt, and per feed what the download did. */
    public record Outcome(boolean rebuilt, List<Fetched> fetched) {
    }

    public Outcome run(Path target, FeedDownloader downloader, Instant now, String builtBy, Warnings warnings,
                       Consumer<Fetched> progress) throws IOException {
        Path feedsDir = target.toAbsolutePath().getParent().resolve("feeds");
        List<Fetched> fetched = new ArrayList<>();
        boolean changed = false;
        for (Feed f : feeds(LocalDate.ofInstant(now, ZoneOffset.UTC))) {
            Path file = feedsDir.resolve(f.file());
            Files.createDirectories(file.getParent());
            FeedDownloader.Result r = downloader.download(f.uri(), file, null);
            Fetched one = new Fetched(f, r);
            fetched.add(one);
            progress.accept(one);
            changed |= r.status() == FeedDownloader.Status.DOWNLOADED;
        }
        if (!changed && usable(target)) return new Outcome(false, fetched);
        build(feedsDir).run(target, now, builtBy, warnings, s -> {
        });
        return new Outcome(true, fetched);
    }

    private DbBuild build(Path feedsDir) {
        List<Path> osv = new ArrayList<>(), alpine = new ArrayList<>(), nvd = new ArrayList<>();
        Path debian = null, kev = null, epss = null;
        for (Feed f : feeds(LocalDate.now(ZoneOffset.UTC))) {
            Path p = feedsDir.resolve(f.file());
            if (!Files.exists(p)) continue;
            switch (f.source()) {
                case "osv" -> osv.add(p);
                case "alpine" -> alpine.add(p);
                case "debian" -> debian = p;
                case "nvd" -> nvd.add(p);
                case "kev" -> kev = p;
                case "epss" -> epss = p;
                default -> throw new IllegalStateException(f.source());
            }
        }
        return new DbBuild(osv, debian, alpine, nvd, kev, epss);
    }

    private static boolean usable(Path target) {
        if (!Files.exists(target)) return false;
        try (VulnDb db = VulnDb.open(target)) {
            return db.metadata() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
