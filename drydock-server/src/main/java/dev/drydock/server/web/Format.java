package dev.drydock.server.web;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times and sizes as pages show them (UTC, to the minute; the exact instant is in the API). */
final class Format {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private Format() {
    }

    static String instant(Instant i) {
        return i == null ? "—" : MINUTE.format(i);
    }

    static String days(Duration d) {
        long days = d.toDays();
        if (days >= 1) return days + (days == 1 ? " day" : " days");
        long hours = d.toHours();
        if (hours >= 1) return hours + (hours == 1 ? " hour" : " hours");
        return "less than an hour";
    }

    static String bytes(long n) {
        if (n < 1024) return n + " B";
        if (n < 1024 * 1024) return String.format("%.1f KiB", n / 1024.0);
        if (n < 1024L * 1024 * 1024) return String.format("%.1f MiB", n / (1024.0 * 1024));
        return String.format("%.1f GiB", n / (1024.0 * 1024 * 1024));
    }
}
