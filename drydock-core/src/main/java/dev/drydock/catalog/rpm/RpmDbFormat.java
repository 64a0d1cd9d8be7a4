package dev.drydock.catalog.rpm;

/** The three on-disk forms of rpm's package database, told apart by their first bytes. */
public enum RpmDbFormat {
    BERKELEY_DB,
    NDB,
    SQLITE;

    /** The format the bytes start with, or null when none of the three. */
    public static RpmDbFormat detect(byte[] b) {
        if (Bytes.startsWith(b, 0, SqliteFile.MAGIC)) return SQLITE;
        if (Bytes.startsWith(b, 0, NdbReader.MAGIC)) return NDB;
        if (BerkeleyDbReader.looksLikeBerkeleyDb(b)) return BERKELEY_DB;
        return null;
    }
}
