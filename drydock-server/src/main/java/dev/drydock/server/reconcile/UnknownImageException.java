package dev.drydock.server.reconcile;

import dev.drydock.image.BadInputException;

/**
 * The report's image cannot be identified: it names no manifest digest, and the tag it names (or {@code --image})
 * is not in the inventory. The API answers 422, the CLI exits 2.
 */
public class UnknownImageException extends BadInputException {
    public UnknownImageException(String message) {
        super(message);
    }
}
