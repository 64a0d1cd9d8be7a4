package dev.drydock.vulndb;

import dev.drydock.image.BadInputException;

/**
 * A database that is missing, corrupt or of another schema. The message names the file and the
 * command that fixes it; the CLI prints it as is and exits with 2.
 */
public final class VulnDbException extends BadInputException {
    public VulnDbException(String message) {
        super(message);
    }

    public VulnDbException(String message, Throwable cause) {
        super(message, cause);
    }
}
