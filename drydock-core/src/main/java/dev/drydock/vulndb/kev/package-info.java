/** Reads the CISA Known Exploited Vulnerabilities catalog (JSON) into a small typed model. Only reads. */
package dev.drydock.vulndb.kev;
