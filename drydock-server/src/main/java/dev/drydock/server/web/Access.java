package dev.drydock.server.web;

import dev.drydock.server.store.Principal;
import dev.drydock.server.store.Role;
import dev.drydock.server.store.Store;
import io.javalin.http.Context;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Who may do what. A token comes in {@code Authorization: Bearer}; pages also accept the login cookie
 * (HttpOnly, SameSite=Strict, so other sites can neither read it nor make the browser send it). A token
 * in the URL is never accepted: URLs end up in logs, history and Referer headers.
 *
 * <p>The cookie is honoured for reads only, so no write can be forged from a browser session.
 */
final class Access {
    static final String COOKIE = "drydock_token";
    /** Reading the inventory: every role but ci, which may only upload. */
    static final Set<Role> READERS = EnumSet.of(Role.VIEWER, Role.TRIAGER, Role.ADMIN);
    static final Set<Role> UPLOADERS = EnumSet.of(Role.CI, Role.ADMIN);
    static final Set<Role> ADMINS = EnumSet.of(Role.ADMIN);
    /** Importing another scanner's report: pipelines (ci) and the people who reconcile and triage. */
    static final Set<Role> IMPORTERS = EnumSet.of(Role.CI, Role.TRIAGER, Role.ADMIN);

    /** Deciding and commenting in the triage queue. */
    static final Set<Role> TRIAGERS = EnumSet.of(Role.TRIAGER, Role.ADMIN);

    private final Store store;
    private final boolean publicRead;

    Access(Store store, boolean publicRead) {
        this.store = store;
        this.publicRead = publicRead;
    }

    /** For API reads: a reader's token, or none under --public-read. A token given is always checked. */
    Optional<Principal> read(Context ctx) {
        return read(ctx, bearer(ctx));
    }

    /** For pages: as {@link #read}, with the login cookie as a second source of the token. */
    Optional<Principal> readPage(Context ctx) {
        String token = bearer(ctx);
        if (token == null) token = ctx.cookie(COOKIE);
        return read(ctx, token);
    }

    private Optional<Principal> read(Context ctx, String token) {
        if (token == null) {
            if (publicRead) return Optional.empty();
            throw ApiError.unauthorized();
        }
        Principal p = authenticate(token);
        if (!READERS.contains(p.role())) throw ApiError.forbidden();
        return Optional.of(p);
    }

    /** For writes: a Bearer token of one of the roles; never the cookie, never anonymous. */
    Principal require(Context ctx, Set<Role> roles) {
        String token = bearer(ctx);
        if (token == null) throw ApiError.unauthorized();
        Principal p = authenticate(token);
        if (!roles.contains(p.role())) throw ApiError.forbidden();
        return p;
    }

    Principal authenticate(String token) {
        // Bound before hashing: a megabyte "token" is an attack, not a credential.
        if (token.isEmpty() || token.length() > 512) throw ApiError.unauthorized();
        return store.authenticate(token).orElseThrow(ApiError::unauthorized);
    }

    private static String bearer(Context ctx) {
        String h = ctx.header("Authorization");
        if (h == null) return null;
        h = h.strip();
        if (h.length() < 7 || !h.regionMatches(true, 0, "Bearer ", 0, 7)) throw ApiError.unauthorized();
        return h.substring(7).strip();
    }
}
