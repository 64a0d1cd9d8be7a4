package dev.drydock.server.web;

import dev.drydock.model.Digest;
import dev.drydock.server.store.DriftQuery;
import dev.drydock.server.store.ImageName;
import dev.drydock.server.store.Presence;
import dev.drydock.server.store.Store;
import io.javalin.http.Context;

import java.util.regex.Pattern;

/**
 * Parameters of the reconciliation endpoints and page, validated strictly as {@link ImageParams} does: a
 * scanner name is a plain word (anything else is a 400, so no quote ever reaches a statement, and the
 * store binds them anyway), the image a digest or a name the server knows, the repository free text
 * compared as data.
 */
final class ReconcileParams {
    static final Pattern SCANNER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final int API_MAX_LIMIT = 500;

    private ReconcileParams() {
    }

    /** The query of a request; scanners default to the given ones (null: required). */
    static DriftQuery query(Context ctx, Store store, String defaultA, String defaultB, int defaultLimit, int maxLimit) {
        String a = scanner(ctx, "scanner_a", defaultA);
        String b = scanner(ctx, "scanner_b", defaultB);
        if (a.equals(b)) throw ApiError.badRequest("scanner_a and scanner_b must differ");
        DriftQuery q = new DriftQuery(a, b, null, null, null, defaultLimit, 0);
        String image = param(ctx, "image");
        String repository = param(ctx, "repository");
        if (image != null && repository != null) throw ApiError.badRequest("give image or repository, not both");
        if (image != null) q = q.withImage(image(store, image));
        if (repository != null) {
            if (repository.length() > 1024) throw ApiError.badRequest("repository is too long");
            q = q.withRepository(repository);
        }
        String presence = param(ctx, "presence");
        if (presence != null) {
            try {
                q = q.withPresence(Presence.parse(presence));
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest(e.getMessage());
            }
        }
        return q.withPage(integer(ctx, "limit", defaultLimit, 1, maxLimit), integer(ctx, "offset", 0, 0, DriftQuery.MAX_OFFSET));
    }

    private static String scanner(Context ctx, String name, String dflt) {
        String s = param(ctx, name);
        if (s == null) {
            if (dflt == null) throw ApiError.badRequest(name + " is required");
            return dflt;
        }
        if (!SCANNER.matcher(s).matches()) throw ApiError.badRequest(name + " must be a scanner name: letters, digits, '.', '_', '-'");
        return s;
    }

    /** A digest, a name@digest, or a name whose latest digest the server knows; 404 for an unknown image. */
    private static String image(Store store, String s) {
        if (s.length() > 1024) throw ApiError.badRequest("image is too long");
        int at = s.lastIndexOf('@');
        String digest;
        if (s.matches("[a-z0-9]+:[0-9a-fA-F]+") || at >= 0) {
            try {
                digest = Digest.parse(at >= 0 ? s.substring(at + 1) : s).toString();
            } catch (IllegalArgumentException e) {
                throw ApiError.badRequest("image must be a digest (sha256:<64 hex digits>) or an image name");
            }
        } else {
            ImageName name = ImageName.fromReference(s)
                    .orElseThrow(() -> ApiError.badRequest("image must be a digest (sha256:<64 hex digits>) or an image name"));
            digest = store.digestByName(name).orElseThrow(() -> ApiError.notFound("image"));
        }
        if (store.image(digest).isEmpty()) throw ApiError.notFound("image");
        return digest;
    }

    private static String param(Context ctx, String name) {
        String s = ctx.queryParam(name);
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static int integer(Context ctx, String name, int dflt, int min, int max) {
        String s = param(ctx, name);
        if (s == null) return dflt;
        try {
            int v = Integer.parseInt(s);
            if (v < min || v > max) throw ApiError.badRequest(name + " must be from " + min + " to " + max);
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name + " must be an integer");
        }
    }
}
