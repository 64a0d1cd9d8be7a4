package dev.drydock.server.ingest;

import dev.drydock.image.BadInputException;

/**
 * The file is a report of another format than the {@code --scanner} named, for example a Grype report given as
 * {@code --scanner trivy}. The message is one line naming both; {@link #detected()} is the scanner name that
 * would read it, when drydock knows one.
 */
public class WrongFormatException extends BadInputException {
    private final String detected;

    public WrongFormatException(String message, String detected) {
        super(message);
        this.detected = detected;
    }

    /** The {@code --scanner} value that fits the file, or null when the file is of no format drydock imports. */
    public String detected() {
        return detected;
    }
}
