package dev.drydock.server.web;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;

import java.util.ArrayList;
import java.util.List;

/**
 * Registers routes with Javalin and remembers them, so that the OpenAPI test can check every route the
 * server serves is documented (a route added without documentation fails the build).
 */
final class Routes {
    record Route(String method, String path) {
    }

    private final RoutesConfig config;
    private final List<Route> registered = new ArrayList<>();

    Routes(RoutesConfig config) {
        this.config = config;
    }

    /** The route template, for metrics and error handling; set before the handler runs. */
    static final String ATTRIBUTE = "drydock.route";

    void get(String path, Handler h) {
        config.get(path, tagged(path, h));
        registered.add(new Route("GET", path));
    }

    void post(String path, Handler h) {
        config.post(path, tagged(path, h));
        registered.add(new Route("POST", path));
    }

    void put(String path, Handler h) {
        config.put(path, tagged(path, h));
        registered.add(new Route("PUT", path));
    }

    void delete(String path, Handler h) {
        config.delete(path, tagged(path, h));
        registered.add(new Route("DELETE", path));
    }

    private static Handler tagged(String path, Handler h) {
        return ctx -> {
            ctx.attribute(ATTRIBUTE, path);
            h.handle(ctx);
        };
    }

    List<Route> registered() {
        return List.copyOf(registered);
    }
}
