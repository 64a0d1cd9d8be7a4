package dev.drydock.server.web;

/**
 * How the server runs.
 *
 * @param publicRead   reads (API GETs and pages) need no token; writes always do
 * @param maxBodyBytes the largest request body accepted; larger ones get 413 before they are read whole
 * @param version      drydock's version, recorded as the scanner version of scans the server matches itself
 */
public record ServerOptions(boolean publicRead, long maxBodyBytes, String version) {
    public static final long DEFAULT_MAX_BODY = 64L << 20;

    public ServerOptions {
        if (maxBodyBytes <= 0) throw new IllegalArgumentException("maxBodyBytes must be positive");
    }

    public static ServerOptions defaults() {
        return new ServerOptions(false, DEFAULT_MAX_BODY, "unknown");
    }

    public ServerOptions withPublicRead(boolean p) {
        return new ServerOptions(p, maxBodyBytes, version);
    }

    public ServerOptions withMaxBodyBytes(long m) {
        return new ServerOptions(publicRead, m, version);
    }

    public ServerOptions withVersion(String v) {
        return new ServerOptions(publicRead, maxBodyBytes, v);
    }
}
