/** Reads FIRST EPSS score files (CSV, usually gzip) into a small typed model, streaming. Only reads. */
package dev.drydock.vulndb.epss;
