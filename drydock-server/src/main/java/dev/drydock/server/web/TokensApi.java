package dev.drydock.server.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.drydock.server.store.IssuedToken;
import dev.drydock.server.store.Principal;
import dev.drydock.server.store.Role;
import dev.drydock.server.store.Store;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * /api/v1/tokens: admins issue, list and revoke API tokens. The secret is shown once, at creation; a
 * revoked token is refused from its next request on and stays listed, for the audit trail.
 */
final class TokensApi {
    private static final long MAX_BODY = 16 * 1024;

    private final Store store;
    private final Access access;

    TokensApi(Store store, Access access) {
        this.store = store;
        this.access = access;
    }

    void register(Routes r) {
        r.get("/api/v1/tokens", this::list);
        r.post("/api/v1/tokens", this::create);
        r.delete("/api/v1/tokens/{id}", this::revoke);
    }

    private void revoke(Context ctx) {
        Principal who = access.require(ctx, Access.ADMINS);
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw ApiError.badRequest("id must be a token id");
        }
        if (!store.revokeToken(id)) throw ApiError.notFound("token");
        store.audit(who.name(), "token.revoke", "token " + id, null);
        ctx.status(204);
    }

    private void list(Context ctx) {
        access.require(ctx, Access.ADMINS);
        Json.write(ctx, 200, Map.of("items", store.tokens()));
    }

    private void create(Context ctx) {
        Principal who = access.require(ctx, Access.ADMINS);
        JsonNode body = Json.body(ctx, MAX_BODY);
        JsonNode name = body.get("name");
        JsonNode role = body.get("role");
        if (name == null || !name.isTextual() || name.textValue().isBlank() || name.textValue().length() > 200) {
            throw ApiError.badRequest("name must be a non-empty string of at most 200 characters");
        }
        if (role == null || !role.isTextual()) throw ApiError.badRequest("role must be one of viewer, ci, triager, admin");
        Role r;
        try {
            r = Role.parse(role.textValue());
        } catch (IllegalArgumentException e) {
            throw ApiError.badRequest(e.getMessage());
        }
        IssuedToken t = store.createToken(name.textValue(), r);
        store.audit(who.name(), "token.create", "token " + t.id(), r.id());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", t.id());
        out.put("name", t.name());
        out.put("role", t.role().id());
        out.put("token", t.plaintext());
        Json.write(ctx, 201, out);
    }
}
