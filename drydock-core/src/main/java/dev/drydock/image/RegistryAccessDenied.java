package dev.drydock.image;

/**
 * The registry refused us: wrong or missing credentials, or no right to what was asked. Unlike a registry
 * that is down or unwell, asking again with the same credentials cannot help, so callers that retry (the
 * server's jobs) stop at once.
 */
public class RegistryAccessDenied extends BadInputException {
    public RegistryAccessDenied(String message) {
        super(message);
    }
}
