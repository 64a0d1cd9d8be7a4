package dev.drydock.server.store;

import org.jdbi.v3.core.Jdbi;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * API tokens. A token is {@code ddk_} and 32 random bytes in base64url; only its SHA-256 is stored.
 *
 * <p>A plain hash suffices where passwords need a slow one: a password is guessable, so a stolen
 * hash must be costly to test guesses against, but 256 random bits cannot be guessed at any speed. A
 * fast hash also lets every request authenticate without burning CPU.
 *
 * <p>Lookup is by hash, so the time taken depends on the hash of what was presented, never on how much
 * of a real token it matches; the final comparison is {@link MessageDigest#isEqual}, constant in time.
 */
final class TokenStore {
    static final String PREFIX = "ddk_";
    /** An operator-chosen bootstrap token must be at least this long: it gets admin rights. */
    static final int MIN_ENV_TOKEN = 32;
    private static final int MAX_TOKEN = 256;
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]+");
    /** last_used_at is written at most this often per token, so reads do not turn into writes. */
    private static final long LAST_USED_GRANULARITY_MS = 60_000;

    private final Jdbi jdbi;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    TokenStore(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    IssuedToken create(String name, Role role) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        return insert(name, role, token);
    }

    private IssuedToken insert(String name, Role role, String token) {
        String bounded = Bounded.text(name, Bounded.SHORT_KEY_BYTES);
        long id = jdbi.withHandle(h -> h.createQuery("""
                        INSERT INTO api_token (name, role, token_hash, created_at) VALUES (:name, :role, :hash, :now) RETURNING id
                        """)
                .bind("name", bounded).bind("role", role.id()).bind("hash", hash(token)).bind("now", clock.millis())
                .mapTo(Long.class).one());
        return new IssuedToken(id, bounded, role, token);
    }

    Optional<Principal> authenticate(String token) {
        if (token == null || token.length() > MAX_TOKEN) return Optional.empty();
        String presented = hash(token);
        record Row(long id, String name, String role, String hash, boolean revoked) {
        }
        Optional<Row> row = jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, name, role, token_hash, revoked_at FROM api_token WHERE token_hash = :hash
                        """)
                .bind("hash", presented)
                .map((rs, ctx) -> {
                    rs.getLong("revoked_at");
                    boolean revoked = !rs.wasNull();
                    return new Row(rs.getLong("id"), rs.getString("name"), rs.getString("role"), rs.getString("token_hash"), revoked);
                })
                .findOne());
        if (row.isEmpty()) return Optional.empty();
        Row r = row.get();
        boolean equal = MessageDigest.isEqual(r.hash().getBytes(StandardCharsets.US_ASCII), presented.getBytes(StandardCharsets.US_ASCII));
        if (!equal || r.revoked()) return Optional.empty();
        long now = clock.millis();
        jdbi.useHandle(h -> h.createUpdate("""
                        UPDATE api_token SET last_used_at = :now
                        WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :stale)
                        """)
                .bind("now", now).bind("stale", now - LAST_USED_GRANULARITY_MS).bind("id", r.id()).execute());
        return Optional.of(new Principal(r.id(), r.name(), Role.parse(r.role())));
    }

    boolean revoke(long id) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE api_token SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL")
                .bind("now", clock.millis()).bind("id", id).execute()) == 1;
    }

    List<TokenInfo> list() {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, name, role, created_at, last_used_at, revoked_at FROM api_token ORDER BY id
                        """)
                .map((rs, ctx) -> new TokenInfo(rs.getLong("id"), rs.getString("name"), Role.parse(rs.getString("role")),
                        Rows.instant(rs, "created_at"), Rows.instant(rs, "last_used_at"), Rows.instant(rs, "revoked_at")))
                .list());
    }

    /**
     * The first admin token, when no unrevoked admin token exists: {@code fromEnv} when given (so an
     * operator can set it up front), a new random one otherwise. Empty when an admin token exists.
     */
    Optional<IssuedToken> ensureAdmin(Optional<String> fromEnv) {
        fromEnv.ifPresent(t -> {
            if (t.length() < MIN_ENV_TOKEN || t.length() > MAX_TOKEN || !PRINTABLE.matcher(t).matches()) {
                throw new IllegalArgumentException("DRYDOCK_ADMIN_TOKEN must be " + MIN_ENV_TOKEN + " to " + MAX_TOKEN
                        + " printable characters without spaces");
            }
        });
        boolean exists = jdbi.withHandle(h -> h.createQuery(
                        "SELECT COUNT(*) FROM api_token WHERE role = 'admin' AND revoked_at IS NULL")
                .mapTo(Long.class).one()) > 0;
        if (exists) return Optional.empty();
        return Optional.of(fromEnv.isPresent()
                ? insert("bootstrap admin (DRYDOCK_ADMIN_TOKEN)", Role.ADMIN, fromEnv.get())
                : create("bootstrap admin", Role.ADMIN));
    }

    static String hash(String token) {
        return HexFormat.of().formatHex(dev.drydock.model.Digest.newSha256().digest(token.getBytes(StandardCharsets.UTF_8)));
    }
}
