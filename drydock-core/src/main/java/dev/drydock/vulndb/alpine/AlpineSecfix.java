package dev.drydock.vulndb.alpine;

import java.util.List;
import java.util.Objects;

/**
 * One {@code secfixes} entry: the vulnerabilities fixed in {@code fixedVersion} of {@code packageName}.
 *
 * @param packageName      the apk (origin) package name
 * @param fixedVersion     first version with the fixes; {@code "0"} is secdb's marker for "never affected"
 * @param vulnerabilityIds CVE ids and other ids (XSA-…, GHSA-…) listed for that version, in document order
 * @param release          Alpine release without the {@code v}: {@code 3.15}, or {@code edge}
 * @param repository       {@code main} or {@code community}
 */
public record AlpineSecfix(String packageName, String fixedVersion, List<String> vulnerabilityIds,
                           String release, String repository) {

    public AlpineSecfix {
        Objects.requireNonNull(packageName, "packageName");
        Objects.requireNonNull(fixedVersion, "fixedVersion");
        Objects.requireNonNull(release, "release");
        vulnerabilityIds = List.copyOf(vulnerabilityIds);
    }

    /** The package was never affected by these ids in this release; no installed version matches. */
    public boolean notAffected() {
        return fixedVersion.equals("0");
    }
}
