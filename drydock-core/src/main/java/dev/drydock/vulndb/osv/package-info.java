/**
 * Reads OSV (Open Source Vulnerability) JSON records into a small typed model: one record from bytes,
 * a directory tree of {@code *.json} files, or an osv.dev per-ecosystem {@code all.zip} read as it streams.
 * Everything here only reads; nothing is written to disk.
 */
package dev.drydock.vulndb.osv;
