package dev.drydock.vulndb;

import dev.drydock.match.OsvEvent;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.SeverityRating;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes a new database file from importer calls. Everything goes to a temporary file beside the target,
 * which replaces the target atomically in {@link #finish()}; a build that fails or is abandoned leaves
 * the previous database untouched. Not thread-safe: importers run one after another.
 */
public final class VulnDbBuilder implements AutoCloseable {
    private static final int BATCH = 10_000;

    private final Path target;
    private final Path tmp;
    private final Connection db;
    private final PreparedStatement vuln;
    private final PreparedStatement rating;
    private final PreparedStatement affected;
    private final PreparedStatement epss;
    private final PreparedStatement kev;
    private final PreparedStatement source;
    private final Map<PreparedStatement, Integer> pending = new HashMap<>();
    private final Aliases aliases = new Aliases();
    private boolean finished;

    private VulnDbBuilder(Path target) throws IOException, SQLException {
        this.target = target.toAbsolutePath();
        Files.createDirectories(this.target.getParent());
        this.tmp = Files.createTempFile(this.target.getParent(), "." + this.target.getFileName() + "-", ".tmp");
        this.db = DriverManager.getConnection("jdbc:sqlite:" + tmp);
        try (Statement s = db.createStatement()) {
            // A crash mid-build only loses the temporary file, so durability during the load buys nothing.
            s.execute("PRAGMA journal_mode=OFF");
            s.execute("PRAGMA synchronous=OFF");
            s.execute("PRAGMA page_size=4096");
            for (String ddl : VulnDbSchema.DDL) s.execute(ddl);
            for (String ddl : VulnDbSchema.STAGING) s.execute(ddl);
        }
        db.setAutoCommit(false);
        vuln = db.prepareStatement("INSERT INTO vulnerability(id, source, title, description, published, modified, cwes, refs)"
                + " VALUES (?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE SET"
                + " title = coalesce(title, excluded.title), description = coalesce(description, excluded.description),"
                + " published = coalesce(published, excluded.published), modified = coalesce(modified, excluded.modified),"
                + " cwes = coalesce(cwes, excluded.cwes), refs = coalesce(refs, excluded.refs)");
        rating = db.prepareStatement("INSERT INTO rating(vuln_id, source, severity, cvss_version, vector, score) VALUES (?,?,?,?,?,?)");
        affected = db.prepareStatement("INSERT INTO affected(namespace, package, vuln_id, source, status, ranges, versions, severity, note)"
                + " VALUES (?,?,?,?,?,?,?,?,?)");
        epss = db.prepareStatement("INSERT OR REPLACE INTO epss(cve, score, percentile) VALUES (?,?,?)");
        kev = db.prepareStatement("INSERT OR REPLACE INTO kev(cve, date_added, due_date, ransomware, name) VALUES (?,?,?,?,?)");
        source = db.prepareStatement("INSERT OR REPLACE INTO source(name, updated_at, records, origin) VALUES (?,?,?,?)");
    }

    /** Starts a build whose result will replace {@code target}. */
    public static VulnDbBuilder create(Path target) throws IOException {
        try {
            return new VulnDbBuilder(target);
        } catch (SQLException e) {
            throw new IOException("cannot create a database next to " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * One advisory as its source publishes it. A second call for the same id fills only what is still
     * missing, so the first importer to describe an id (NVD runs first) keeps its text.
     */
    public void vulnerability(String id, String sourceName, String title, String description, Instant published,
                              Instant modified, List<String> cwes, List<String> refs) {
        Objects.requireNonNull(id, "id");
        aliases.add(id);
        run(vuln, p -> {
            p.setString(1, id);
            p.setString(2, sourceName);
            p.setString(3, title);
            p.setString(4, description);
            p.setString(5, published == null ? null : published.toString());
            p.setString(6, modified == null ? null : modified.toString());
            p.setString(7, cwes == null || cwes.isEmpty() ? null : String.join(",", cwes));
            // One URL a line: a reference with a line break in it is not a URL, and is dropped.
            p.setString(8, refs == null || refs.isEmpty() ? null
                    : String.join("\n", refs.stream().filter(u -> u.indexOf('\n') < 0 && u.indexOf('\r') < 0).toList()));
        });
    }

    /** Records that {@code a} and {@code b} name the same vulnerability. */
    public void alias(String a, String b) {
        aliases.union(a, b);
    }

    public void rating(String vulnId, SeverityRating r) {
        aliases.add(vulnId);
        run(rating, p -> {
            p.setString(1, vulnId);
            p.setString(2, r.source());
            p.setString(3, r.severity().name());
            p.setString(4, r.cvssVersion());
            p.setString(5, r.vector());
            if (r.score() == null) p.setNull(6, Types.REAL);
            else p.setDouble(6, r.score());
        });
    }

    /**
     * One package's exposure to one advisory in one namespace.
     *
     * @param ranges   OSV-style event lists; empty with {@code versions} empty means every version
     * @param severity the source's rating for this package (a distro urgency), or null
     * @param note     the source's own words on the status (e.g. Debian's no-DSA reason), or null
     */
    public void affected(String namespace, String pkg, String vulnId, String sourceName, FindingStatus status,
                         List<List<OsvEvent>> ranges, List<String> versions, String severity, String note) {
        aliases.add(vulnId);
        for (List<OsvEvent> r : ranges) {
            for (OsvEvent e : r) if (!RangeCodec.encodable(e.version())) return; // no scheme orders such a version
        }
        if (!versions.stream().allMatch(RangeCodec::encodable)) return;
        run(affected, p -> {
            p.setString(1, namespace);
            p.setString(2, pkg);
            p.setString(3, vulnId);
            p.setString(4, sourceName);
            p.setString(5, status.name());
            p.setString(6, ranges.isEmpty() ? null : RangeCodec.encodeRanges(ranges));
            p.setString(7, versions.isEmpty() ? null : RangeCodec.encodeVersions(versions));
            p.setString(8, severity);
            p.setString(9, note);
        });
    }

    public void epss(String cve, double score, double percentile) {
        run(epss, p -> {
            p.setString(1, cve);
            p.setDouble(2, score);
            p.setDouble(3, percentile);
        });
    }

    public void kev(String cve, LocalDate dateAdded, LocalDate dueDate, boolean ransomware, String name) {
        run(kev, p -> {
            p.setString(1, cve);
            p.setString(2, dateAdded == null ? null : dateAdded.toString());
            p.setString(3, dueDate == null ? null : dueDate.toString());
            p.setInt(4, ransomware ? 1 : 0);
            p.setString(5, name);
        });
    }

    /** Provenance of one source: when its data was produced, how many records it gave, and from where. */
    public void source(String name, Instant updatedAt, long records, String origin) {
        run(source, p -> {
            p.setString(1, name);
            p.setString(2, updatedAt == null ? null : updatedAt.toString());
            p.setLong(3, records);
            p.setString(4, origin);
        });
    }

    /** Resolves aliases, indexes, writes the metadata and moves the file into place. */
    public Path finish(Instant builtAt, String builtBy) throws IOException {
        try {
            for (PreparedStatement p : List.of(vuln, rating, affected, epss, kev, source)) p.executeBatch();
            try (PreparedStatement p = db.prepareStatement("INSERT INTO alias(id, canonical) VALUES (?,?)")) {
                int n = 0;
                for (Map.Entry<String, String> e : aliases.canonical().entrySet()) {
                    p.setString(1, e.getKey());
                    p.setString(2, e.getValue());
                    p.addBatch();
                    if (++n % BATCH == 0) p.executeBatch();
                }
                p.executeBatch();
            }
            try (PreparedStatement p = db.prepareStatement("INSERT INTO meta(key, value) VALUES (?,?)")) {
                for (Map.Entry<String, String> e : Map.of(
                        "schema_version", Integer.toString(VulnDbSchema.VERSION),
                        "built_at", builtAt.toString(),
                        "built_by", builtBy).entrySet()) {
                    p.setString(1, e.getKey());
                    p.setString(2, e.getValue());
                    p.executeUpdate();
                }
            }
            try (Statement s = db.createStatement()) {
                for (String ddl : VulnDbSchema.INDEXES) s.execute(ddl);
            }
            VulnSummary.write(db);
            db.commit();
            db.setAutoCommit(true);
            try (Statement s = db.createStatement()) {
                s.execute("ANALYZE"); // lets the planner pick the package index for lookups
            }
            db.close();
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            finished = true;
            return target;
        } catch (SQLException e) {
            throw new IOException("cannot write the database: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws IOException {
        if (finished) return;
        try {
            db.close();
        } catch (SQLException ignored) {
            // the temporary file is removed below either way
        }
        Files.deleteIfExists(tmp);
    }

    private interface Binder {
        void bind(PreparedStatement p) throws SQLException;
    }

    private void run(PreparedStatement p, Binder binder) {
        try {
            binder.bind(p);
            p.addBatch();
            int n = pending.merge(p, 1, Integer::sum);
            if (n >= BATCH) {
                p.executeBatch();
                pending.put(p, 0);
            }
        } catch (SQLException e) {
            throw new UncheckedIOException(new IOException("cannot write the database: " + e.getMessage(), e));
        }
    }

    /**
     * Union-find over advisory ids. A group's canonical id is its CVE (the lowest, should a group
     * hold several), else its GHSA, else its lowest id — so every scanner's findings can meet on the
     * id users search for.
     */
    static final class Aliases {
        private final Map<String, String> parent = new HashMap<>();

        void add(String id) {
            parent.putIfAbsent(id, id);
        }

        String find(String id) {
            add(id);
            String root = id;
            while (!parent.get(root).equals(root)) root = parent.get(root);
            while (!parent.get(id).equals(root)) { // path compression keeps long chains cheap
                String next = parent.get(id);
                parent.put(id, root);
                id = next;
            }
            return root;
        }

        void union(String a, String b) {
            String ra = find(a), rb = find(b);
            if (!ra.equals(rb)) parent.put(ra, rb);
        }

        Map<String, String> canonical() {
            Map<String, List<String>> groups = new HashMap<>();
            for (String id : new ArrayList<>(parent.keySet())) groups.computeIfAbsent(find(id), k -> new ArrayList<>()).add(id);
            Map<String, String> out = new TreeMap<>();
            for (List<String> group : groups.values()) {
                String best = null;
                for (String id : group) if (better(id, best)) best = id;
                for (String id : group) out.put(id, best);
            }
            return out;
        }

        private static boolean better(String id, String best) {
            if (best == null) return true;
            int r = rank(id), rb = rank(best);
            return r != rb ? r < rb : id.compareTo(best) < 0;
        }

        private static int rank(String id) {
            if (id.startsWith("CVE-")) return 0;
            if (id.startsWith("GHSA-")) return 1;
            return 2;
        }
    }
}
