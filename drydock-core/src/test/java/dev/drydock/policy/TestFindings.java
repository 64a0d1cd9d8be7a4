package dev.drydock.policy;

import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Severity;

import java.util.List;

/** Findings with only what the policy looks at. */
final class TestFindings {
    private TestFindings() {
    }

    static Finding finding(String id, String purl, Severity severity, FindingStatus status, String... aliases) {
        return finding(id, purl, "var/lib/dpkg/status", severity, status, aliases);
    }

    static Finding finding(String id, String purl, String path, Severity severity, FindingStatus status, String... aliases) {
        String name = purl.substring(purl.lastIndexOf('/') + 1).replaceAll("[@?#].*", "");
        String version = purl.contains("@") ? purl.substring(purl.indexOf('@') + 1).replaceAll("[?#].*", "") : "1.0";
        Package pkg = new Package(PackageType.DEB, name, version, null, name, version, List.of(), purl, null, path, List.of());
        List<String> fixed = status == FindingStatus.FIXED ? List.of(version + "+fix") : List.of();
        return new Finding(id, List.of(aliases), pkg, version, fixed, status, severity, "test", List.of(), "test", "test",
                null, null, null, null, List.of(), List.of(), null);
    }
}
