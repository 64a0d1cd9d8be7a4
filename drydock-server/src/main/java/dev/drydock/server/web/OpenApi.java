package dev.drydock.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * GET /api/openapi.json: the hand-written OpenAPI 3.1 document (a resource next to this class). Public:
 * it describes the API, not the data. A test checks that every registered route appears in it.
 */
final class OpenApi {
    static final String RESOURCE = "openapi.json";

    private final byte[] document;

    OpenApi() {
        try (InputStream in = OpenApi.class.getResourceAsStream(RESOURCE)) {
            if (in == null) throw new IllegalStateException("missing resource " + RESOURCE);
            document = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void register(Routes r) {
        r.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(document));
    }
}
