package dev.drydock.catalog;

import dev.drydock.model.UntrustedText;
import dev.drydock.catalog.binary.CargoAuditData;
import dev.drydock.catalog.binary.CargoAuditScanner;
import dev.drydock.catalog.binary.ElfStream;
import dev.drydock.catalog.binary.GoBuildInfoScanner;
import dev.drydock.image.LayerWalker;
import dev.drydock.model.Package;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What the binary analyzers share: which files they want, and one pass over an ELF file with the
 * scanners they need. Running both scanners in the same pass is what {@link ElfBinaryAnalyzer}
 * is for: a file is read once however many ecosystems look into it.
 */
final class ElfBinaries {
    /**
     * Smaller files are scripts or stubs: no ELF program with build metadata is this small, and
     * skipping them spares even the 4-byte look at the magic.
     */
    static final long MIN_SIZE = 1024;
    private static final int TYPE_MASK = 0170000;
    private static final int REGULAR = 0100000;

    private ElfBinaries() {
    }

    /** Regular files with any execute bit, of at least {@link #MIN_SIZE} bytes. */
    static boolean wanted(int mode, long size) {
        int type = mode & TYPE_MASK;
        return (type == 0 || type == REGULAR) && (mode & 0111) != 0 && size >= MIN_SIZE;
    }

    static List<FileResult> analyze(String path, InputStream content, long size, Warnings warnings, boolean go, boolean rust) throws IOException {
        Consumer<String> problem = m -> warnings.add(UntrustedText.printable(path) + ": " + UntrustedText.printable(m));
        GoBuildInfoScanner goScanner = go ? new GoBuildInfoScanner() : null;
        CargoAuditScanner rustScanner = rust ? new CargoAuditScanner() : null;
        List<ElfStream.Scanner> scanners = new ArrayList<>();
        if (goScanner != null) scanners.add(goScanner);
        if (rustScanner != null) scanners.add(rustScanner);

        ElfStream.Outcome outcome = ElfStream.read(content, size, scanners);
        if (outcome instanceof ElfStream.Rejected r) {
            problem.accept("skipped a malformed ELF file: " + r.reason());
            return List.of();
        }
        if (!(outcome instanceof ElfStream.Done)) return List.of();

        List<Package> packages = new ArrayList<>();
        if (goScanner != null) {
            goScanner.problems().forEach(problem);
            goScanner.result().ifPresent(info -> packages.addAll(GoPackages.of(info, path, problem)));
        }
        if (rustScanner != null) {
            rustScanner.problems().forEach(problem);
            var json = rustScanner.result();
            if (json.isPresent()) {
                try {
                    CargoAuditData data = CargoAuditData.parse(json.get());
                    data.problems().forEach(problem);
                    packages.addAll(CargoPackages.of(data, path));
                } catch (IOException e) {
                    problem.accept("unreadable cargo-auditable data: " + e.getMessage());
                }
            }
        }
        if (packages.size() > Analyzer.MAX_PACKAGES_PER_FILE) {
            problem.accept("stopped after " + Analyzer.MAX_PACKAGES_PER_FILE + " packages");
            packages.subList(Analyzer.MAX_PACKAGES_PER_FILE, packages.size()).clear();
        }
        return packages.isEmpty() ? List.of() : List.of(new FileResult.Packages(packages));
    }
}
