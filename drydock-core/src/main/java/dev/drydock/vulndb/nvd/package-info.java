/**
 * Reads NVD CVE API 2.0 JSON (response pages, yearly feed files, single CVE objects) into a small typed
 * model, one CVE at a time. Only reads; nothing is written to disk.
 */
package dev.drydock.vulndb.nvd;
