package dev.drydock.server.web;

import dev.drydock.server.store.Store;
import io.javalin.http.Context;

import java.util.Map;

/** GET /api/v1/images and one image's parts: the read side of the inventory, as JSON. */
final class ImagesApi {
    private final Store store;
    private final Access access;

    ImagesApi(Store store, Access access) {
        this.store = store;
        this.access = access;
    }

    void register(Routes r) {
        r.get("/api/v1/images", this::list);
        r.get("/api/v1/images/{digest}", this::one);
        r.get("/api/v1/images/{digest}/packages", ctx -> part(ctx, d -> store.packages(d)));
        r.get("/api/v1/images/{digest}/findings", ctx -> {
            String inactive = ctx.queryParam("inactive");
            boolean all = inactive != null && !inactive.isBlank() && ImageParams.bool("inactive", inactive);
            part(ctx, d -> store.findings(d, all));
        });
        r.get("/api/v1/images/{digest}/scans", ctx -> part(ctx, d -> store.scans(d)));
        r.get("/api/v1/images/{digest}/history", ctx -> part(ctx, d -> store.findingHistory(d)));
    }

    private void list(Context ctx) {
        access.read(ctx);
        Json.write(ctx, 200, store.images(ImageParams.query(ctx)));
    }

    private void one(Context ctx) {
        access.read(ctx);
        String digest = ImageParams.digest(ctx);
        Json.write(ctx, 200, store.image(digest).orElseThrow(() -> ApiError.notFound("image")));
    }

    /** A list belonging to one image; 404 when the image is unknown, so an empty list means "none". */
    private void part(Context ctx, java.util.function.Function<String, Object> read) {
        access.read(ctx);
        String digest = ImageParams.digest(ctx);
        if (store.image(digest).isEmpty()) throw ApiError.notFound("image");
        Json.write(ctx, 200, Map.of("items", read.apply(digest)));
    }
}
