/**
 * Reads the Debian security tracker's JSON export ({@code security-tracker.debian.org/tracker/data/json})
 * into one small record per (source package, vulnerability, release). The export is large, so it is
 * streamed one source package at a time; nothing is written to disk.
 */
package dev.drydock.vulndb.debian;
