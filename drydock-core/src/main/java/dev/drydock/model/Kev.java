package dev.drydock.model;

import java.time.LocalDate;

/** A CVE in CISA's Known Exploited Vulnerabilities catalog. {@code dueDate} may be null. */
public record Kev(LocalDate dateAdded, LocalDate dueDate, boolean knownRansomwareUse) {
}
