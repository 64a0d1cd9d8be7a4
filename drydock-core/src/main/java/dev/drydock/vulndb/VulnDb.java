package dev.drydock.vulndb;

import dev.drydock.model.Epss;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Kev;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * A vulnerability database opened read-only. Opening checks that the file is a drydock database of
 * the schema this code reads; anything else is a {@link VulnDbException} naming the fix.
 * One instance is used by one thread at a time.
 */
public final class VulnDb implements AutoCloseable {
    public static final String FILE_NAME = "drydock.db";

    /** Lookups go in chunks of this many keys: few round trips, and far below SQLite's variable limit. */
    private static final int CHUNK = 500;

    private final Path path;
    private final Connection db;
    private final DbMetadata metadata;
    private Set<String> namespaces;

    private VulnDb(Path path, Connection db) throws SQLException {
        this.path = path;
        this.db = db;
        this.metadata = readMetadata();
    }

    /** {@code $XDG_CACHE_HOME/drydock/db/drydock.db}, or {@code $DRYDOCK_DB} when set. */
    public static Path defaultPath() {
        String env = System.getenv("DRYDOCK_DB");
        if (env != null && !env.isBlank()) return Path.of(env);
        return dev.drydock.catalog.LayerCache.defaultCacheRoot().resolve("db").resolve(FILE_NAME);
    }

    public static VulnDb open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new VulnDbException("no vulnerability database at " + path
                    + "; run `drydock db update` (or `drydock db pull REF` / `drydock db build …` where offline)");
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setOpenMode(SQLiteOpenMode.READONLY);
        Connection c = null;
        try {
            c = config.createConnection("jdbc:sqlite:" + path);
            return new VulnDb(path, c);
        } catch (SQLException e) {
            closeQuietly(c);
            throw new VulnDbException(path + " is not a readable drydock vulnerability database ("
                    + firstLine(e.getMessage()) + "); run `drydock db update` to replace it", e);
        } catch (VulnDbException e) {
            closeQuietly(c);
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public DbMetadata metadata() {
        return metadata;
    }

    /** Every namespace some advisory is filed under. */
    public Set<String> namespaces() {
        if (namespaces == null) {
            Set<String> out = new TreeSet<>();
            try (PreparedStatement p = db.prepareStatement("SELECT DISTINCT namespace FROM affected"); ResultSet rs = p.executeQuery()) {
                while (rs.next()) out.add(rs.getString(1));
            } catch (SQLException e) {
                throw failure(e);
            }
            namespaces = out;
        }
        return namespaces;
    }

    /** Every source's record for one package in one namespace. */
    public List<AdvisoryEntry> affected(String namespace, String pkg) {
        return affected(namespace, List.of(pkg)).getOrDefault(pkg, List.of());
    }

    /** Every source's records for many packages of one namespace, by package name; names without records are absent. */
    public Map<String, List<AdvisoryEntry>> affected(String namespace, Collection<String> packages) {
        Map<String, List<AdvisoryEntry>> out = new HashMap<>();
        forChunks(packages, "SELECT a.package, a.vuln_id, coalesce(x.canonical, a.vuln_id), a.source, a.status, a.ranges, a.versions,"
                + " a.severity, a.note FROM affected a LEFT JOIN alias x ON x.id = a.vuln_id WHERE a.namespace = ? AND a.package IN (%s)",
                List.of(namespace), rs -> out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new AdvisoryEntry(namespace, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                FindingStatus.valueOf(rs.getString(5)), RangeCodec.decodeRanges(rs.getString(6)),
                                RangeCodec.decodeVersions(rs.getString(7)), rs.getString(8), rs.getString(9))));
        return out;
    }

    /** The canonical id of any advisory id, or the id itself when the database does not know it. */
    public String canonical(String id) {
        List<String> found = new ArrayList<>();
        forChunks(List.of(id), "SELECT canonical FROM alias WHERE id IN (%s)", List.of(), rs -> found.add(rs.getString(1)));
        return found.isEmpty() ? id : found.get(0);
    }

    /**
     * The canonical ids of many advisory ids at once (GHSA, DSA, DLA, ALAS … → the CVE), for imports of other
     * scanners' reports; ids the database does not know are left out of the map.
     */
    public Map<String, String> canonical(Collection<String> ids) {
        Map<String, String> out = new HashMap<>();
        forChunks(new java.util.TreeSet<>(ids), "SELECT id, canonical FROM alias WHERE id IN (%s)", List.of(),
                rs -> out.putIfAbsent(rs.getString(1), rs.getString(2)));
        return out;
    }

    /** Everything about one vulnerability by its canonical id; see {@link #vulnerabilities}. */
    public VulnInfo vulnerability(String canonicalId) {
        return vulnerabilities(List.of(canonicalId)).get(canonicalId);
    }

    /** Everything about many vulnerabilities, by canonical id (see {@link VulnSummary}); unknown ids get an empty record. */
    public Map<String, VulnInfo> vulnerabilities(Collection<String> canonicalIds) {
        Map<String, VulnInfo> out = new HashMap<>();
        forChunks(canonicalIds, "SELECT canonical, aliases, title, description, published, cwes, refs, ratings FROM vuln WHERE canonical IN (%s)",
                List.of(), rs -> out.put(rs.getString(1), VulnSummary.read(rs.getString(1), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8))));
        for (String id : canonicalIds) out.putIfAbsent(id, new VulnInfo(id, List.of(), null, null, null, List.of(), List.of(), List.of()));
        return out;
    }

    public Optional<Epss> epss(String cve) {
        return Optional.ofNullable(epss(List.of(cve)).get(cve));
    }

    public Map<String, Epss> epss(Collection<String> cves) {
        Map<String, Epss> out = new HashMap<>();
        forChunks(cves, "SELECT cve, score, percentile FROM epss WHERE cve IN (%s)", List.of(),
                rs -> out.put(rs.getString(1), new Epss(rs.getDouble(2), rs.getDouble(3))));
        return out;
    }

    public Optional<Kev> kev(String cve) {
        return Optional.ofNullable(kev(List.of(cve)).get(cve));
    }

    public Map<String, Kev> kev(Collection<String> cves) {
        Map<String, Kev> out = new HashMap<>();
        forChunks(cves, "SELECT cve, date_added, due_date, ransomware FROM kev WHERE cve IN (%s)", List.of(),
                rs -> out.put(rs.getString(1), new Kev(date(rs.getString(2)), date(rs.getString(3)), rs.getInt(4) == 1)));
        return out;
    }

    private interface RowReader {
        void read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code sql} (whose {@code %s} becomes the placeholders) once per chunk of {@code keys}, after the
     * {@code leading} parameters. Statements are prepared per chunk size, so a scan prepares a handful.
     */
    private void forChunks(Collection<String> keys, String sql, List<String> leading, RowReader reader) {
        List<String> all = keys instanceof List<String> l ? l : new ArrayList<>(keys);
        try {
            for (int from = 0; from < all.size(); from += CHUNK) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
                String key = sql + "#" + chunk.size();
                PreparedStatement p = statements.get(key);
                if (p == null) {
                    p = db.prepareStatement(String.format(sql, String.join(",", java.util.Collections.nCopies(chunk.size(), "?"))));
                    statements.put(key, p);
                }
                int i = 1;
                for (String v : leading) p.setString(i++, v);
                for (String v : chunk) p.setString(i++, v);
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) reader.read(rs);
                }
            }
        } catch (SQLException | RuntimeException e) {
            throw failure(e);
        }
    }

    private final Map<String, PreparedStatement> statements = new HashMap<>();

    @Override
    public void close() {
        closeQuietly(db);
    }

    private DbMetadata readMetadata() throws SQLException {
        String version = null, builtAt = null, builtBy = null;
        try (PreparedStatement p = db.prepareStatement("SELECT key, value FROM meta"); ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                switch (rs.getString(1)) {
                    case "schema_version" -> version = rs.getString(2);
                    case "built_at" -> builtAt = rs.getString(2);
                    case "built_by" -> builtBy = rs.getString(2);
                    default -> {
                    }
                }
            }
        } catch (SQLException e) {
            throw new VulnDbException(path + " is not a drydock vulnerability database (" + firstLine(e.getMessage())
                    + "); run `drydock db update` to replace it", e);
        }
        if (version == null || builtAt == null) {
            throw new VulnDbException(path + " is not a complete drydock vulnerability database (no schema version or build time);"
                    + " run `drydock db update` to replace it");
        }
        if (!version.equals(Integer.toString(VulnDbSchema.VERSION))) {
            throw new VulnDbException(path + " has database schema " + dev.drydock.model.UntrustedText.printable(version, 20) + " but this drydock reads schema "
                    + VulnDbSchema.VERSION + "; run `drydock db update` to get a matching database");
        }
        List<DbMetadata.SourceInfo> sources = new ArrayList<>();
        try (PreparedStatement p = db.prepareStatement("SELECT name, updated_at, records, origin FROM source ORDER BY name");
             ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
                sources.add(new DbMetadata.SourceInfo(rs.getString(1), rs.getString(2) == null ? null : Instant.parse(rs.getString(2)),
                        rs.getLong(3), rs.getString(4)));
            }
        }
        try {
            return new DbMetadata(VulnDbSchema.VERSION, Instant.parse(builtAt), builtBy, sources);
        } catch (java.time.format.DateTimeParseException e) {
            throw new VulnDbException(path + " has an unreadable build time; run `drydock db update` to replace it");
        }
    }

    private static LocalDate date(String s) {
        return s == null ? null : LocalDate.parse(s);
    }

    private VulnDbException failure(Exception e) {
        return new VulnDbException("cannot read " + path + " (" + firstLine(e.getMessage()) + "); run `drydock db update` to replace it", e);
    }

    private static String firstLine(String s) {
        return dev.drydock.model.UntrustedText.firstLine(s == null ? "unknown error" : s);
    }

    private static void closeQuietly(Connection c) {
        if (c == null) return;
        try {
            c.close();
        } catch (SQLException ignored) {
            // nothing left to release
        }
    }
}
