package dev.drydock.vulndb;

import dev.drydock.catalog.Warnings;
import dev.drydock.vulndb.alpine.AlpineSecdbImporter;
import dev.drydock.vulndb.debian.DebianTrackerImporter;
import dev.drydock.vulndb.epss.EpssImporter;
import dev.drydock.vulndb.kev.KevImporter;
import dev.drydock.vulndb.nvd.NvdImporter;
import dev.drydock.vulndb.osv.OsvImporter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Builds a database file from downloaded upstream files. Any subset of sources may be given.
 * NVD is loaded first so that a CVE's own description wins over shorter texts from other sources.
 *
 * @param osv    OSV directories or {@code all.zip} files, one per ecosystem or mixed
 * @param debian the Debian tracker's JSON, or null
 * @param alpine Alpine secdb documents (one per release and repository)
 * @param nvd    NVD API 2.0 JSON files, or directories of them
 * @param kev    CISA KEV JSON, or null
 * @param epss   FIRST EPSS CSV, or null
 */
public record DbBuild(List<Path> osv, Path debian, List<Path> alpine, List<Path> nvd, Path kev, Path epss) {
    public DbBuild {
        osv = List.copyOf(osv);
        nvd = List.copyOf(nvd);
        alpine = List.copyOf(alpine);
    }

    public boolean isEmpty() {
        return osv.isEmpty() && debian == null && alpine.isEmpty() && nvd.isEmpty() && kev == null && epss == null;
    }

    /** One line per source as it is loaded, for progress output. */
    public record Step(String source, Path input, int records) {
    }

    public Path run(Path target, Instant builtAt, String builtBy, Warnings warnings, Consumer<Step> progress) throws IOException {
        if (isEmpty()) throw new IllegalArgumentException("no input: give at least one of --osv, --debian, --alpine, --nvd, --kev, --epss");
        for (Path p : inputs()) {
            if (!Files.exists(p)) throw new dev.drydock.image.BadInputException("no such file or directory: " + p);
        }
        try (VulnDbBuilder db = VulnDbBuilder.create(target)) {
            try {
                NvdImporter nvdImporter = new NvdImporter(warnings);
                for (Path p : nvd) progress.accept(new Step(NvdImporter.SOURCE, p, nvdImporter.load(p, db)));
                nvdImporter.finish(db);
                OsvImporter osvImporter = new OsvImporter(warnings);
                for (Path p : osv) progress.accept(new Step(OsvImporter.SOURCE, p, osvImporter.load(p, db)));
                osvImporter.finish(db);
                if (debian != null) {
                    progress.accept(new Step(DebianTrackerImporter.SOURCE, debian, new DebianTrackerImporter(warnings).load(debian, db)));
                }
                AlpineSecdbImporter alpineImporter = new AlpineSecdbImporter(warnings);
                for (Path p : alpine) progress.accept(new Step(AlpineSecdbImporter.SOURCE, p, alpineImporter.load(p, db)));
                alpineImporter.finish(db);
                if (kev != null) progress.accept(new Step(KevImporter.SOURCE, kev, new KevImporter(warnings).load(kev, db)));
                if (epss != null) progress.accept(new Step(EpssImporter.SOURCE, epss, new EpssImporter(warnings).load(epss, db)));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return db.finish(builtAt, builtBy);
        }
    }

    private List<Path> inputs() {
        List<Path> all = new java.util.ArrayList<>(osv);
        all.addAll(alpine);
        all.addAll(nvd);
        java.util.stream.Stream.of(debian, kev, epss).filter(Objects::nonNull).forEach(all::add);
        return all;
    }
}
