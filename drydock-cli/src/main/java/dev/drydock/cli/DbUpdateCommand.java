package dev.drydock.cli;

import dev.drydock.catalog.Warnings;
import dev.drydock.vulndb.VulnDb;
import dev.drydock.vulndb.dist.DbUpdate;
import dev.drydock.vulndb.dist.FeedDownloader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "update", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Download the upstream feeds and rebuild the database.",
                "",
                "Downloads are conditional (unchanged feeds are not fetched again) and resumable; the database is replaced",
                "only when the rebuild succeeds. Where upstream is out of reach, use `drydock db pull` from your own registry."})
final class DbUpdateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "FILE", description = "Database file (default: ${DEFAULT-VALUE}); feeds are kept in feeds/ beside it.")
    Path db = VulnDb.defaultPath();

    @Option(names = "--sources", paramLabel = "LIST", split = ",", description = "Sources to fetch (default: all of osv,debian,alpine,nvd,kev,epss).")
    List<String> sources = new ArrayList<>(DbUpdate.SOURCES);

    @Option(names = "--osv-ecosystem", paramLabel = "LIST", split = ",", description = "OSV ecosystems (default: Debian, Ubuntu, Alpine, Maven, npm, PyPI, Go, crates.io, NuGet, RubyGems, Packagist).")
    List<String> ecosystems = new ArrayList<>(DbUpdate.DEFAULT_OSV_ECOSYSTEMS);

    @Option(names = "--nvd-since", paramLabel = "YEAR", defaultValue = "2002", description = "First NVD yearly feed (default: ${DEFAULT-VALUE}).")
    int nvdSince;

    @Option(names = "--url", paramLabel = "SOURCE=URL", description = "Fetch a source from a mirror, e.g. osv=https://mirror.example/osv (repeatable).")
    Map<String, String> urls = new LinkedHashMap<>();

    @Option(names = {"-q", "--quiet"}, description = "No progress and no warnings on standard error.")
    boolean quiet;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        DbUpdate update = new DbUpdate(urls, new HashSet<>(sources), ecosystems, nvdSince);
        Warnings warnings = new Warnings(quiet ? m -> {
        } : m -> err.println("warning: " + m));
        long start = System.nanoTime();
        DbUpdate.Outcome outcome = update.run(db, new FeedDownloader(FeedDownloader.Options.defaults()), Instant.now(),
                "drydock " + Main.version(), warnings, f -> {
                    if (!quiet) {
                        err.printf("%-7s %-10s %,12d bytes%s  %s%n", f.feed().source(), f.result().status().name().toLowerCase(),
                                f.result().bytes(), f.result().resumed() ? " (resumed)" : "", f.feed().uri());
                    }
                });
        if (!quiet) {
            err.printf(outcome.rebuilt() ? "rebuilt %s in %.1f s%n" : "%s is up to date (no feed changed)%n", db,
                    (System.nanoTime() - start) / 1e9);
        }
        return Main.OK;
    }
}
