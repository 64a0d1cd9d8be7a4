package dev.drydock.testing;

import dev.drydock.catalog.Warnings;
import dev.drydock.vulndb.DbBuild;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/** A vulnerability database built once per test JVM from every advisory fixture in the test resources. */
public final class TestDb {
    public static final Instant BUILT_AT = Instant.parse("2026-11-26T12:00:00Z");
    private static Path built;

    private TestDb() {
    }

    /** The inputs: every OSV record, the Debian tracker sample, Alpine secdb, NVD pages, the real KEV catalog, EPSS. */
    public static DbBuild allFixtures() {
        Path f = Fixtures.path("osv").getParent();
        return new DbBuild(List.of(f.resolve("osv")), f.resolve("debian-tracker/debian.json"),
                List.of(f.resolve("alpine-secdb/v3.15-main.json"), f.resolve("alpine-secdb/v3.15-community.json")),
                List.of(f.resolve("nvd")), f.resolve("kev/known_exploited_vulnerabilities.json.gz"), f.resolve("epss/example-1.csv"));
    }

    public static synchronized Path allFixturesDb() {
        if (built == null) {
            try {
                Path dir = Files.createTempDirectory("drydock-testdb");
                dir.toFile().deleteOnExit();
                built = allFixtures().run(dir.resolve("drydock.db"), BUILT_AT, "drydock test", new Warnings(), s -> {
                });
                built.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return built;
    }
}
