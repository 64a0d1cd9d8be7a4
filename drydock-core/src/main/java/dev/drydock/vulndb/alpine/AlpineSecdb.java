package dev.drydock.vulndb.alpine;

import java.util.List;

/** One secdb document: a release's repository and all its fixes, packages in document order. */
public record AlpineSecdb(String release, String repository, List<AlpineSecfix> fixes) {
    public AlpineSecdb {
        fixes = List.copyOf(fixes);
    }
}
