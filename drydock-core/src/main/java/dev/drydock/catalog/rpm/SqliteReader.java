package dev.drydock.catalog.rpm;

import java.util.function.Consumer;

/**
 * rpm's SQLite database ({@code rpmdb.sqlite}, rpm 4.16 and later): table {@code Packages(hnum INTEGER
 * PRIMARY KEY, blob BLOB)}, one header blob per row. Read with {@link SqliteFile}, straight from memory.
 */
public final class SqliteReader {

    private SqliteReader() {
    }

    /**
     * Hands each readable row to {@code records}; damaged pages and rows are reported and skipped.
     * Fails only when the file header or the schema gives no Packages table.
     */
    public static void read(byte[] db, Problems problems, Consumer<RawRecord> records) throws RpmDbException {
        SqliteFile file = SqliteFile.open(db, problems);
        long root = file.tableRoot("Packages");
        file.forEachRow(root, "Packages", (rowid, values) -> {
            // hnum aliases the rowid, so the record holds NULL in its place; the blob is the one BLOB value.
            for (Object v : values) {
                if (v instanceof SqliteFile.Slice blob) {
                    records.accept(new RawRecord(rowid, blob.array(), blob.offset(), blob.length()));
                    return;
                }
            }
            throw new RpmDbException("row holds no header blob");
        });
    }
}
