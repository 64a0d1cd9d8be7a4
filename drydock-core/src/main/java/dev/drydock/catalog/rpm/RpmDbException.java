package dev.drydock.catalog.rpm;

/**
 * A package database, or one record in it, cannot be read. Checked on purpose: every reader must
 * decide whether a problem costs one record or the whole file, and turn it into a warning.
 */
public class RpmDbException extends Exception {
    public RpmDbException(String message) {
        super(message);
    }
}
