package dev.drydock.vulndb;

import java.util.List;

/**
 * The tables of a vulnerability database file. Advisory data keeps each source's own ids; the
 * {@code alias} table maps every id to its canonical one (the CVE where one exists), so a GHSA, a
 * DEBIAN-CVE record and the tracker's CVE row meet as one vulnerability at match time, and {@code vuln}
 * holds what all of them say about it, merged.
 * Any change to these statements is a new {@link #VERSION}: readers refuse other versions rather
 * than guess.
 */
final class VulnDbSchema {
    static final int VERSION = 2;

    static final List<String> DDL = List.of(
            "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "CREATE TABLE source(name TEXT PRIMARY KEY, updated_at TEXT, records INTEGER NOT NULL, origin TEXT)",
            "CREATE TABLE alias(id TEXT PRIMARY KEY, canonical TEXT NOT NULL)",
            // One row per canonical id, everything a finding shows, merged from every source at build time
            // (see VulnSummary): a scan reads one row per vulnerability. Lists are one item a line;
            // ratings one a line as source TAB severity TAB cvss-version TAB vector TAB score.
            "CREATE TABLE vuln(canonical TEXT PRIMARY KEY, aliases TEXT, title TEXT, description TEXT, published TEXT,"
                    + " cwes TEXT, refs TEXT, ratings TEXT)",
            // namespace: debian:12, alpine:3.19, ubuntu:22.04, npm, maven, pypi, ...; package: the name
            // as the namespace matches it (source package for distros, normalised for PyPI/NuGet/Composer).
            // ranges and versions in RangeCodec's compact text form; refs one URL a line.
            "CREATE TABLE affected(namespace TEXT NOT NULL, package TEXT NOT NULL, vuln_id TEXT NOT NULL,"
                    + " source TEXT NOT NULL, status TEXT NOT NULL, ranges TEXT, versions TEXT, severity TEXT, note TEXT)",
            "CREATE TABLE epss(cve TEXT PRIMARY KEY, score REAL NOT NULL, percentile REAL NOT NULL)",
            "CREATE TABLE kev(cve TEXT PRIMARY KEY, date_added TEXT, due_date TEXT, ransomware INTEGER NOT NULL, name TEXT)");

    /**
     * What each source said of each advisory id, kept only while building (SQLite's temporary database,
     * gone when the builder closes): the file ships the merged {@code vuln} rows, not every source's text.
     */
    static final List<String> STAGING = List.of(
            "CREATE TEMP TABLE vulnerability(id TEXT PRIMARY KEY, source TEXT NOT NULL, title TEXT, description TEXT,"
                    + " published TEXT, modified TEXT, cwes TEXT, refs TEXT)",
            "CREATE TEMP TABLE rating(vuln_id TEXT NOT NULL, source TEXT NOT NULL, severity TEXT NOT NULL,"
                    + " cvss_version TEXT, vector TEXT, score REAL)");

    /** Created after the bulk load: building them once is much faster than maintaining them per insert. */
    static final List<String> INDEXES = List.of(
            "CREATE INDEX affected_package ON affected(namespace, package)",
            "CREATE INDEX alias_canonical ON alias(canonical)",
            "CREATE INDEX temp.rating_vuln ON rating(vuln_id)");

    private VulnDbSchema() {
    }
}
