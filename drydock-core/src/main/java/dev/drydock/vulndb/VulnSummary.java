package dev.drydock.vulndb;

import dev.drydock.model.Severity;
import dev.drydock.model.SeverityRating;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code vuln} table: per canonical id, what every source said, merged once at build time so that a
 * scan reads one row per vulnerability instead of every source's rows. The title comes from a GHSA
 * advisory where there is one, else from the first other advisory (by id) that has one; the
 * description and publication date prefer the canonical id's own (the CVE's, from NVD); references
 * and CWEs are the union; every rating is kept with its source.
 */
final class VulnSummary {
    /** References beyond this many per vulnerability add nothing a report shows. */
    static final int MAX_REFS = 64;

    private VulnSummary() {
    }

    /** Reads the staging tables in canonical order (from the alias index) and writes one row per group. */
    static void write(Connection db) throws SQLException {
        try (Statement aliasQ = db.createStatement(); Statement vulnQ = db.createStatement(); Statement ratingQ = db.createStatement();
             PreparedStatement insert = db.prepareStatement(
                     "INSERT INTO vuln(canonical, aliases, title, description, published, cwes, refs, ratings) VALUES (?,?,?,?,?,?,?,?)")) {
            ResultSet aliases = aliasQ.executeQuery("SELECT canonical, id FROM alias ORDER BY canonical, id");
            ResultSet vulns = vulnQ.executeQuery("SELECT a.canonical, v.id, v.title, v.description, v.published, v.cwes, v.refs"
                    + " FROM alias a JOIN vulnerability v ON v.id = a.id ORDER BY a.canonical, a.id");
            ResultSet ratings = ratingQ.executeQuery("SELECT a.canonical, r.source, r.severity, r.cvss_version, r.vector, r.score"
                    + " FROM alias a JOIN rating r ON r.vuln_id = a.id ORDER BY a.canonical, a.id, r.rowid");
            boolean moreAliases = aliases.next(), moreVulns = vulns.next(), moreRatings = ratings.next();
            int batch = 0;
            while (moreAliases) {
                String canonical = aliases.getString(1);
                Set<String> others = new TreeSet<>();
                while (moreAliases && aliases.getString(1).equals(canonical)) {
                    if (!aliases.getString(2).equals(canonical)) others.add(aliases.getString(2));
                    moreAliases = aliases.next();
                }
                // The three queries walk the same index in the same order, so each group's rows are next.
                List<Row> rows = new ArrayList<>();
                while (moreVulns && vulns.getString(1).equals(canonical)) {
                    rows.add(new Row(vulns.getString(2), vulns.getString(3), vulns.getString(4), vulns.getString(5),
                            vulns.getString(6), vulns.getString(7)));
                    moreVulns = vulns.next();
                }
                StringBuilder rated = new StringBuilder();
                while (moreRatings && ratings.getString(1).equals(canonical)) {
                    double score = ratings.getDouble(6);
                    String s = ratings.wasNull() ? "" : Double.toString(score);
                    if (!rated.isEmpty()) rated.append('\n');
                    rated.append(field(ratings.getString(2))).append('\t').append(ratings.getString(3)).append('\t')
                            .append(field(ratings.getString(4))).append('\t').append(field(ratings.getString(5))).append('\t').append(s);
                    moreRatings = ratings.next();
                }
                merge(canonical, others, rows, rated.toString(), insert);
                if (++batch % 10_000 == 0) insert.executeBatch();
            }
            insert.executeBatch();
        }
    }

    private record Row(String id, String title, String description, String published, String cwes, String refs) {
    }

    private static void merge(String canonical, Set<String> aliases, List<Row> rows, String ratings, PreparedStatement insert)
            throws SQLException {
        rows.sort(java.util.Comparator.comparing((Row r) -> !r.id().startsWith("GHSA-")).thenComparing(Row::id));
        String title = null, description = null, own = null, published = null, ownPublished = null;
        Set<String> refs = new LinkedHashSet<>();
        Set<String> cwes = new TreeSet<>();
        for (Row r : rows) {
            if (title == null) title = r.title();
            if (r.id().equals(canonical)) {
                own = r.description();
                ownPublished = r.published();
            }
            if (description == null) description = r.description();
            if (published == null) published = r.published();
            if (r.cwes() != null) cwes.addAll(List.of(r.cwes().split(",")));
            if (r.refs() != null) {
                for (String u : r.refs().split("\n")) if (refs.size() < MAX_REFS) refs.add(u);
            }
        }
        insert.setString(1, canonical);
        insert.setString(2, aliases.isEmpty() ? null : join(aliases));
        insert.setString(3, title);
        insert.setString(4, own != null ? own : description);
        insert.setString(5, ownPublished != null ? ownPublished : published);
        insert.setString(6, cwes.isEmpty() ? null : join(cwes));
        insert.setString(7, refs.isEmpty() ? null : join(refs));
        insert.setString(8, ratings.isEmpty() ? null : ratings);
        insert.addBatch();
    }

    /** Ids and references are one a line: a line break inside one could only come from a hostile feed. */
    private static String join(Set<String> items) {
        StringBuilder b = new StringBuilder();
        for (String i : items) {
            if (i.indexOf('\n') >= 0) continue;
            if (!b.isEmpty()) b.append('\n');
            b.append(i);
        }
        return b.toString();
    }

    private static String field(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ');
    }

    /** The row as the reader returns it. */
    static VulnInfo read(String canonical, String aliases, String title, String description, String published, String cwes,
                         String refs, String ratings) {
        List<SeverityRating> rs = new ArrayList<>();
        if (ratings != null) {
            for (String line : ratings.split("\n")) {
                String[] f = line.split("\t", -1);
                if (f.length != 5) throw new IllegalArgumentException("malformed rating of " + canonical);
                rs.add(new SeverityRating(f[0], Severity.valueOf(f[1]), f[2].isEmpty() ? null : f[2], f[3].isEmpty() ? null : f[3],
                        f[4].isEmpty() ? null : Double.valueOf(f[4])));
            }
        }
        return new VulnInfo(canonical, lines(aliases), title, description, published == null ? null : Instant.parse(published),
                lines(refs), lines(cwes), rs);
    }

    private static List<String> lines(String s) {
        return s == null || s.isEmpty() ? List.of() : List.of(s.split("\n"));
    }
}
