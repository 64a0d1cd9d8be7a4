package dev.drydock.server.store;

import dev.drydock.model.Package;
import dev.drydock.report.ScanReport;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One scan as a scanner hands it to the server.
 *
 * @param report         the scan's result (image metadata, OS, findings, database used, gate)
 * @param packages       the catalogued packages: the image's package set from now on
 * @param stage          where the scan ran
 * @param context        where it came from: repo, commit, pipeline, dockerfile, actor, …
 * @param scanner        the scanner's name ({@code drydock}, later {@code trivy}, {@code grype}, …)
 * @param scannerVersion its version; null takes the report's
 * @param names          the names the image was scanned under; when empty, the report's reference if it is a
 *                       registry reference ({@link ImageName#fromReference})
 */
public record ScanUpload(ScanReport report, List<Package> packages, Stage stage, Map<String, String> context,
                         String scanner, String scannerVersion, List<ImageName> names) {
    /** drydock's own scanner name: its attributions are the ones a server-side re-match keeps up to date. */
    public static final String DRYDOCK = "drydock";

    public ScanUpload {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(scanner, "scanner");
        if (report.image().manifestDigest() == null) {
            throw new IllegalArgumentException("the report names no manifest digest: only images can be stored");
        }
        packages = packages == null ? List.of() : List.copyOf(packages);
        context = context == null ? Map.of() : Map.copyOf(context);
        names = names == null ? List.of() : List.copyOf(names);
        if (names.isEmpty()) names = ImageName.fromReference(report.image().reference()).map(List::of).orElse(List.of());
        if (scannerVersion == null) scannerVersion = report.toolVersion();
    }

    /** An upload by drydock itself. */
    public static ScanUpload drydock(ScanReport report, List<Package> packages, Stage stage, Map<String, String> context,
                                     List<ImageName> names) {
        return new ScanUpload(report, packages, stage, context, DRYDOCK, report.toolVersion(), names);
    }
}
