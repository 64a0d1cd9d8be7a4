package dev.drydock.cli;

import dev.drydock.vulndb.DbMetadata;
import dev.drydock.vulndb.VulnDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the database's age, schema, sources and record counts.")
final class DbStatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--db", paramLabel = "FILE", description = "Database file (default: ${DEFAULT-VALUE}).")
    Path db = VulnDb.defaultPath();

    @Option(names = "--max-age", paramLabel = "DAYS", defaultValue = "${env:DRYDOCK_DB_MAX_AGE:-7}",
            description = "Warn when the database is older than this (default: ${DEFAULT-VALUE}).")
    int maxAgeDays;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        try (VulnDb vdb = VulnDb.open(db)) {
            DbMetadata m = vdb.metadata();
            Instant now = Instant.now();
            out.printf("database:  %s (%,d KB)%n", vdb.path(), Files.size(vdb.path()) / 1024);
            out.printf("schema:    %d%n", m.schemaVersion());
            out.printf("built:     %s (%s ago) by %s%n", m.builtAt(), age(Duration.between(m.builtAt(), now)), m.builtBy());
            out.println("sources:");
            for (DbMetadata.SourceInfo s : m.sources()) {
                out.printf("  %-15s %,10d records  updated %-22s from %s%n", s.name(), s.records(),
                        s.updatedAt() == null ? "unknown" : s.updatedAt().toString(), s.origin());
            }
            String stale = m.staleWarning(now, maxAgeDays);
            if (stale != null) spec.commandLine().getErr().println("warning: " + stale);
        }
        return Main.OK;
    }

    static String age(Duration d) {
        if (d.isNegative()) return "0 minutes";
        if (d.toDays() >= 2) return d.toDays() + " days";
        if (d.toHours() >= 2) return d.toHours() + " hours";
        return d.toMinutes() + " minutes";
    }
}
