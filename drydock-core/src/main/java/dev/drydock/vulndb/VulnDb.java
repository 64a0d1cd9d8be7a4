package dev.drydock.vulndb;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.match.OsvEvent;
import dev.drydock.model.Epss;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Kev;
import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<List<List<String>>>> RANGES = new TypeReference<>() {
    };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private final Path path;
    private final Connection db;
    private final DbMetadata metadata;
    private final PreparedStatement affected;
    private final PreparedStatement group;
    private final PreparedStatement vulns;
    private final PreparedStatement ratings;
    private final PreparedStatement epss;
    private final PreparedStatement kev;
    private final PreparedStatement canonical;
    private Set<String> namespaces;

    private VulnDb(Path path, Connection db) throws SQLException {
        this.path = path;
        this.db = db;
        this.metadata = readMetadata();
        affected = db.prepareStatement("SELECT a.vuln_id, coalesce(x.canonical, a.vuln_id), a.source, a.status, a.ranges, a.versions,"
                + " a.severity, a.note FROM affected a LEFT JOIN alias x ON x.id = a.vuln_id WHERE a.namespace = ? AND a.package = ?");
        group = db.prepareStatement("SELECT id FROM alias WHERE canonical = ?");
        vulns = db.prepareStatement("SELECT id, source, title, description, published, cwes, refs FROM vulnerability"
                + " WHERE id IN (SELECT id FROM alias WHERE canonical = ?)");
        ratings = db.prepareStatement("SELECT source, severity, cvss_version, vector, score FROM rating"
                + " WHERE vuln_id IN (SELECT id FROM alias WHERE canonical = ?)");
        epss = db.prepareStatement("SELECT score, percentile FROM epss WHERE cve = ?");
        kev = db.prepareStatement("SELECT date_added, due_date, ransomware FROM kev WHERE cve = ?");
        canonical = db.prepareStatement("SELECT canonical FROM alias WHERE id = ?");
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
        List<AdvisoryEntry> out = new ArrayList<>();
        try {
            affected.setString(1, namespace);
            affected.setString(2, pkg);
            try (ResultSet rs = affected.executeQuery()) {
                while (rs.next()) {
                    out.add(new AdvisoryEntry(namespace, pkg, rs.getString(1), rs.getString(2), rs.getString(3),
                            FindingStatus.valueOf(rs.getString(4)), ranges(rs.getString(5)), strings(rs.getString(6)),
                            rs.getString(7), rs.getString(8)));
                }
            }
        } catch (SQLException | IOException | IllegalArgumentException e) {
            throw failure(e);
        }
        return out;
    }

    /** The canonical id of any advisory id, or the id itself when the database does not know it. */
    public String canonical(String id) {
        try {
            canonical.setString(1, id);
            try (ResultSet rs = canonical.executeQuery()) {
                return rs.next() ? rs.getString(1) : id;
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /**
     * Everything about a vulnerability by its canonical id. The title comes from an advisory that
     * has one (GHSA and OSV records do; CVE records do not); the description prefers the CVE's own.
     */
    public VulnInfo vulnerability(String canonicalId) {
        try {
            Set<String> aliases = new TreeSet<>();
            group.setString(1, canonicalId);
            try (ResultSet rs = group.executeQuery()) {
                while (rs.next()) if (!rs.getString(1).equals(canonicalId)) aliases.add(rs.getString(1));
            }
            String title = null, description = null, ownDescription = null;
            Instant published = null;
            Set<String> refs = new java.util.LinkedHashSet<>();
            Set<String> cwes = new TreeSet<>();
            vulns.setString(1, canonicalId);
            try (ResultSet rs = vulns.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    if (title == null) title = rs.getString(3);
                    String d = rs.getString(4);
                    if (id.equals(canonicalId) && d != null) ownDescription = d;
                    else if (description == null) description = d;
                    if (published == null && rs.getString(5) != null) published = Instant.parse(rs.getString(5));
                    if (rs.getString(6) != null) cwes.addAll(List.of(rs.getString(6).split(",")));
                    if (rs.getString(7) != null) refs.addAll(strings(rs.getString(7)));
                }
            }
            List<SeverityRating> rs = new ArrayList<>();
            ratings.setString(1, canonicalId);
            try (ResultSet r = ratings.executeQuery()) {
                while (r.next()) {
                    double score = r.getDouble(5);
                    rs.add(new SeverityRating(r.getString(1), Severity.valueOf(r.getString(2)), r.getString(3), r.getString(4),
                            r.wasNull() ? null : score));
                }
            }
            return new VulnInfo(canonicalId, List.copyOf(aliases), title, ownDescription != null ? ownDescription : description,
                    published, List.copyOf(refs), List.copyOf(cwes), rs);
        } catch (SQLException | IOException | IllegalArgumentException e) {
            throw failure(e);
        }
    }

    public Optional<Epss> epss(String cve) {
        try {
            epss.setString(1, cve);
            try (ResultSet rs = epss.executeQuery()) {
                return rs.next() ? Optional.of(new Epss(rs.getDouble(1), rs.getDouble(2))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public Optional<Kev> kev(String cve) {
        try {
            kev.setString(1, cve);
            try (ResultSet rs = kev.executeQuery()) {
                if (!rs.next()) return Optional.empty();
                return Optional.of(new Kev(date(rs.getString(1)), date(rs.getString(2)), rs.getInt(3) == 1));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

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

    private static List<List<OsvEvent>> ranges(String json) throws IOException {
        if (json == null) return List.of();
        List<List<OsvEvent>> out = new ArrayList<>();
        for (List<List<String>> range : JSON.readValue(json, RANGES)) {
            List<OsvEvent> events = new ArrayList<>();
            for (List<String> e : range) events.add(new OsvEvent(OsvEvent.Kind.valueOf(e.get(0).toUpperCase(Locale.ROOT)), e.get(1)));
            out.add(events);
        }
        return out;
    }

    private static List<String> strings(String json) throws IOException {
        return json == null ? List.of() : JSON.readValue(json, STRINGS);
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
