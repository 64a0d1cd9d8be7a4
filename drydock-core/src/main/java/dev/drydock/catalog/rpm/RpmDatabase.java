package dev.drydock.catalog.rpm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/** Reads every package header of an rpm database, whichever of the three formats it is in. */
public final class RpmDatabase {

    /** A package and its record number in the database (rpm's header instance, {@code %{DBINSTANCE}}). */
    public record Installed(long number, RpmPackageInfo info) {
    }

    private RpmDatabase() {
    }

    /**
     * The packages in {@code db}, ordered by record number. Damaged records, and records beyond the
     * budget, are reported to {@code problems} and left out; fails only when nothing in the file can be read.
     */
    public static List<Installed> read(byte[] db, Problems problems, Budget budget) throws RpmDbException {
        RpmDbFormat format = RpmDbFormat.detect(db);
        if (format == null) {
            throw new RpmDbException("not an rpm database in any known format (BerkeleyDB hash, ndb, SQLite)");
        }
        List<Installed> out = new ArrayList<>();
        boolean[] overBudget = {false};
        Consumer<RawRecord> sink = r -> {
            if (overBudget[0]) return;
            try {
                RpmHeader header = RpmHeader.parse(r.data(), r.offset(), r.length());
                RpmPackageInfo info = RpmPackageInfo.from(header, budget, problems::add);
                if (budget.takePackage()) {
                    out.add(new Installed(r.number(), info));
                } else {
                    overBudget[0] = true;
                    problems.add("more than " + budget.maxPackages() + " packages (the most one database may list); the rest left out");
                }
            } catch (RpmDbException e) {
                problems.add("record " + r.number() + ": " + e.getMessage() + ", skipped");
            }
        };
        switch (format) {
            case BERKELEY_DB -> BerkeleyDbReader.read(db, problems, sink);
            case NDB -> NdbReader.read(db, problems, sink);
            case SQLITE -> SqliteReader.read(db, problems, sink);
        }
        out.sort(Comparator.comparingLong(Installed::number));
        return out;
    }
}
