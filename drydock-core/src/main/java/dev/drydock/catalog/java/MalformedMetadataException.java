package dev.drydock.catalog.java;

/** A pom.properties or MANIFEST.MF that cannot be used; the message says why, for a warning. */
final class MalformedMetadataException extends Exception {
    MalformedMetadataException(String message) {
        super(message);
    }
}
