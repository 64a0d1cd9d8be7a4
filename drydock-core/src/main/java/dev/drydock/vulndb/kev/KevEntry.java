package dev.drydock.vulndb.kev;

import java.time.LocalDate;
import java.util.List;

/**
 * One catalog entry. {@code dueDate} is the deadline CISA set for US federal agencies; it is kept
 * because users outside the government use it as a priority signal too.
 *
 * @param vulnerabilityName null when absent
 * @param cwes              empty when absent (older catalogs have no such field)
 */
public record KevEntry(
        String cveId,
        String vendorProject,
        String product,
        String vulnerabilityName,
        LocalDate dateAdded,
        LocalDate dueDate,
        KevRansomwareUse ransomwareUse,
        List<String> cwes) {

    public KevEntry {
        cwes = List.copyOf(cwes);
    }
}
