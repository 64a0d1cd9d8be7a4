package dev.drydock.server.rematch;

import dev.drydock.catalog.Catalog;
import dev.drydock.model.Finding;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.scan.Matcher;
import dev.drydock.scan.SeveritySelector;
import dev.drydock.server.jobs.VulnDbSource;
import dev.drydock.server.store.Rematch;
import dev.drydock.server.store.RematchOutcome;
import dev.drydock.server.store.Store;
import dev.drydock.server.store.StoredCatalog;
import dev.drydock.vulndb.VulnDb;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;

/**
 * Matches stored images again against the current vulnerability database, without pulling them: the
 * catalog is rebuilt from the stored packages and os-release, matched (no gate, no policy), and written
 * as the drydock scanner's attributions, so that findings a newer database adds appear and those it
 * clears disappear, each with its event.
 *
 * <p>A batch is matched per distribution release as one catalog of the distinct packages of all its
 * images: images of one fleet share most of their packages (the same base images), so each package is
 * looked up and compared once per batch rather than once per image. The matcher judges every package on
 * its own, so the findings of each image are exactly those of its own packages.
 */
public final class Rematcher {
    /** Images per rematch.image job: a few seconds of work, a payload far below the 64 KiB job limit. */
    public static final int BATCH = 200;
    /** How often an image is read and matched again when scans keep arriving while it is being matched. */
    private static final int STALE_RETRIES = 3;

    private final Store store;
    private final VulnDbSource vulnDb;
    private final Clock clock;
    private final String version;
    private final SeveritySelector severity = new SeveritySelector(List.of());

    /**
     * What one batch did.
     *
     * @param rematched     images matched and written (changed or not)
     * @param changed       of those, images whose findings, attributions or events changed
     * @param upToDate      images left alone: their newest scan is a re-match against this very database build
     * @param newerScan     images left alone: drydock already scanned them with a newer database than the server's
     * @param noPackages    images left alone: no stored packages to match (an upload without an SBOM)
     * @param notMatched    images unknown to the store, or whose scans kept changing while being matched
     */
    public record BatchResult(Instant dbBuiltAt, int images, int rematched, int changed, int upToDate, int newerScan,
                              int noPackages, int notMatched, int appeared, int disappeared) {
    }

    public Rematcher(Store store, VulnDbSource vulnDb, Clock clock, String version) {
        this.store = Objects.requireNonNull(store);
        this.vulnDb = Objects.requireNonNull(vulnDb);
        this.clock = Objects.requireNonNull(clock);
        this.version = version;
    }

    /**
     * Re-matches these images (at most {@link dev.drydock.server.store.Store#storedCatalogs its batch limit}).
     * Idempotent: a second run against the same database build writes nothing.
     *
     * @throws dev.drydock.vulndb.VulnDbException when there is no usable vulnerability database
     */
    public BatchResult rematch(List<String> digests) {
        return vulnDb.withDb(db -> run(db, digests));
    }

    private BatchResult run(VulnDb db, List<String> digests) {
        Instant builtAt = db.metadata().builtAt();
        Counts c = new Counts();
        List<StoredCatalog> todo = new ArrayList<>();
        int images = (int) digests.stream().distinct().count();
        List<StoredCatalog> read = store.storedCatalogs(digests);
        c.notMatched += images - read.size();
        for (StoredCatalog s : read) {
            if (s.catalog().packages().isEmpty()) c.noPackages++;
            else if (builtAt.equals(s.rematchedAgainst())) c.upToDate++;
            // A drydock scan with a newer database knows more than this server's database: never go back.
            else if (s.newestDrydockDb() != null && s.newestDrydockDb().isAfter(builtAt)) c.newerScan++;
            else todo.add(s);
        }
        Map<String, List<Finding>> found = match(db, todo);
        for (StoredCatalog s : todo) {
            StoredCatalog current = s;
            List<Finding> findings = found.get(s.digest());
            for (int attempt = 0; ; attempt++) {
                RematchOutcome o = store.recordRematch(new Rematch(current.digest(), current.version(), builtAt, version, findings));
                if (o.status() == RematchOutcome.Status.APPLIED) {
                    c.rematched++;
                    if (o.changed()) c.changed++;
                    c.appeared += o.appeared();
                    c.disappeared += o.disappeared();
                    break;
                }
                if (o.status() == RematchOutcome.Status.GONE || attempt == STALE_RETRIES) {
                    c.notMatched++;
                    break;
                }
                // A scan arrived since the packages were read: read them again and match this image alone.
                List<StoredCatalog> again = store.storedCatalogs(List.of(s.digest()));
                if (again.isEmpty() || again.get(0).catalog().packages().isEmpty()) {
                    c.notMatched++;
                    break;
                }
                current = again.get(0);
                findings = match(db, List.of(current)).get(current.digest());
            }
        }
        return new BatchResult(builtAt, images, c.rematched, c.changed, c.upToDate,
                c.newerScan, c.noPackages, c.notMatched, c.appeared, c.disappeared);
    }

    private static final class Counts {
        int rematched, changed, upToDate, newerScan, noPackages, notMatched, appeared, disappeared;
    }

    /** Findings by image digest: one matcher run per distribution release over the batch's distinct packages. */
    private Map<String, List<Finding>> match(VulnDb db, List<StoredCatalog> images) {
        Map<OsKey, List<StoredCatalog>> byOs = new LinkedHashMap<>();
        for (StoredCatalog s : images) byOs.computeIfAbsent(new OsKey(s.catalog().os()), k -> new ArrayList<>()).add(s);
        Matcher matcher = new Matcher(db, severity, LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC));
        Map<String, List<Finding>> out = new HashMap<>();
        for (var group : byOs.entrySet()) {
            Set<Package> distinct = new LinkedHashSet<>();
            for (StoredCatalog s : group.getValue()) {
                for (Package p : s.catalog().packages()) distinct.add(forMatching(p));
            }
            Catalog union = new Catalog(NO_IMAGE, group.getKey().os(), List.copyOf(distinct), List.of());
            Map<Package, List<Finding>> byPackage = new HashMap<>();
            for (Finding f : matcher.match(union).findings()) byPackage.computeIfAbsent(f.pkg(), k -> new ArrayList<>()).add(f);
            for (StoredCatalog s : group.getValue()) {
                Set<Package> own = new LinkedHashSet<>();
                for (Package p : s.catalog().packages()) own.add(forMatching(p));
                List<Finding> findings = new ArrayList<>();
                for (Package p : own) findings.addAll(byPackage.getOrDefault(p, List.of()));
                out.put(s.digest(), findings);
            }
        }
        return out;
    }

    /** OsRelease as a map key; null (no distribution found) is a group of its own. */
    private record OsKey(OsRelease os) {
    }

    private static final ImageMetadata NO_IMAGE = new ImageMetadata(null, null, null, null, null, null, null, null, null, null, null);

    /**
     * The package as the matcher sees it. The path where it was recorded does not change what it matches,
     * and leaving it out lets the same package of many images be matched once.
     */
    private static Package forMatching(Package p) {
        return p.path() == null ? p : p.withPath(null);
    }

    /** drydock's version as the runnable jar records it, for the re-match's scan row; "unknown" outside the jar. */
    public static String drydockVersion() {
        // The version file belongs to the CLI module, which assembles the jar; the server reads it by name
        // rather than depend on the CLI (dependencies point down only).
        try (InputStream in = Rematcher.class.getClassLoader().getResourceAsStream("dev/drydock/cli/version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
