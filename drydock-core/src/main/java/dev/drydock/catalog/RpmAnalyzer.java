package dev.drydock.catalog;

import dev.drydock.catalog.rpm.Budget;
import dev.drydock.catalog.rpm.Problems;
import dev.drydock.catalog.rpm.RpmDatabase;
import dev.drydock.catalog.rpm.RpmDbException;
import dev.drydock.model.Package;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Installed rpm packages, from any of rpm's three database formats (BerkeleyDB hash, ndb, SQLite),
 * parsed in Java: no rpm binary, no native SQLite, nothing written to disk. The format is taken from
 * the file's first bytes, not its name, since distributions moved the database between names and formats.
 */
public final class RpmAnalyzer implements Analyzer {

    private static final Set<String> PATHS = Set.of(
            "var/lib/rpm/Packages",
            "var/lib/rpm/Packages.db",
            "var/lib/rpm/rpmdb.sqlite",
            "usr/lib/sysimage/rpm/Packages",
            "usr/lib/sysimage/rpm/Packages.db",
            "usr/lib/sysimage/rpm/rpmdb.sqlite");

    @Override
    public String name() {
        return "rpm";
    }

    @Override
    public int version() {
        return 1;
    }

    @Override
    public boolean wants(String path) {
        return PATHS.contains(path);
    }

    /**
     * One {@link FileResult.Packages} with every installed package except rpm's {@code gpg-pubkey}
     * key records. A file that cannot be read at all gives a warning and no result, which hides any
     * database of the same path in lower layers, as the file itself does.
     */
    @Override
    public List<FileResult> analyze(String path, byte[] content, Warnings warnings) {
        // rpm leaves an empty file behind where a database was never written: no packages, nothing wrong.
        if (content.length == 0) return List.of(new FileResult.Packages(List.of()));
        Problems problems = new Problems(m -> warnings.add("rpm database " + path + ": " + m));
        try {
            List<Package> packages = new ArrayList<>();
            for (RpmDatabase.Installed p : RpmDatabase.read(content, problems, new Budget())) {
                if (!p.info().isGpgPubkey()) packages.add(p.info().toPackage(path));
            }
            return List.of(new FileResult.Packages(packages));
        } catch (RpmDbException e) {
            problems.add(e.getMessage() + "; no packages read");
            return List.of();
        } catch (RuntimeException e) {
            // Every read is bounds-checked, so this is a bug in drydock; it must cost this file, not the scan.
            problems.add("internal error while reading (" + e + "); no packages read");
            return List.of();
        } finally {
            problems.finish();
        }
    }
}
