package dev.drydock.server.store;

import dev.drydock.model.Severity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Column reading shared by the queries: nullable times and numbers, severities. */
final class Rows {
    private Rows() {
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    static Double dbl(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }

    static Long millis(Instant i) {
        return i == null ? null : i.toEpochMilli();
    }

    /** Stored severity rank: 0 unknown … 5 critical, by name so that reordering the enum cannot change the data. */
    static int rank(Severity s) {
        return switch (s) {
            case UNKNOWN -> 0;
            case NEGLIGIBLE -> 1;
            case LOW -> 2;
            case MEDIUM -> 3;
            case HIGH -> 4;
            case CRITICAL -> 5;
        };
    }

    static Severity severity(String word) {
        for (Severity s : Severity.values()) if (s.id().equals(word)) return s;
        return Severity.UNKNOWN;
    }
}
