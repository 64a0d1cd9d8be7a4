package dev.drydock.image;

/**
 * The input (an image, a file, a registry answer) is malformed, hostile or unreachable.
 * The message is one line meant for the user; the CLI maps this to exit code 2.
 */
public class BadInputException extends RuntimeException {
    public BadInputException(String message) {
        super(message);
    }

    public BadInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
