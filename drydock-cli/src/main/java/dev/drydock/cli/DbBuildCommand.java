package dev.drydock.cli;

import dev.drydock.catalog.Warnings;
import dev.drydock.vulndb.DbBuild;
import dev.drydock.vulndb.VulnDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "build", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Build the database from upstream files you downloaded yourself.",
                "",
                "Give any subset of sources. The new file replaces the old one only when the build succeeds."})
final class DbBuildCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--osv", paramLabel = "DIR|ZIP", description = "OSV records: a directory of JSON files or an ecosystem's all.zip (repeatable).")
    List<Path> osv = new ArrayList<>();

    @Option(names = "--debian", paramLabel = "FILE", description = "The Debian security tracker's JSON (security-tracker.debian.org/tracker/data/json).")
    Path debian;

    @Option(names = "--alpine", paramLabel = "FILE", description = "An Alpine secdb document, e.g. v3.19/main.json (repeatable).")
    List<Path> alpine = new ArrayList<>();

    @Option(names = "--nvd", paramLabel = "DIR|FILE", description = "NVD CVE API 2.0 JSON: saved pages or yearly files, gzip or not (repeatable).")
    List<Path> nvd = new ArrayList<>();

    @Option(names = "--kev", paramLabel = "FILE", description = "CISA's known_exploited_vulnerabilities.json.")
    Path kev;

    @Option(names = "--epss", paramLabel = "FILE", description = "FIRST's epss_scores-YYYY-MM-DD.csv(.gz).")
    Path epss;

    @Option(names = "--db", paramLabel = "FILE", description = "Database file to write (default: ${DEFAULT-VALUE}).")
    Path db = VulnDb.defaultPath();

    @Option(names = {"-q", "--quiet"}, description = "No progress and no warnings on standard error.")
    boolean quiet;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        DbBuild build = new DbBuild(osv, debian, alpine, nvd, kev, epss);
        if (build.isEmpty()) {
            throw new IllegalArgumentException("nothing to build from: give at least one of --osv, --debian, --alpine, --nvd, --kev, --epss");
        }
        Warnings warnings = new Warnings(quiet ? m -> {
        } : m -> err.println("warning: " + m));
        long start = System.nanoTime();
        Path written = build.run(db, Instant.now(), "drydock " + Main.version(), warnings, step -> {
            if (!quiet) err.printf("%-15s %,9d records from %s%n", step.source(), step.records(), step.input());
        });
        if (!quiet) {
            err.printf("wrote %s (%,d KB) in %.1f s%n", written, Files.size(written) / 1024, (System.nanoTime() - start) / 1e9);
        }
        return Main.OK;
    }
}
