package dev.drydock.server.store;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ParameterizedClass
@EnumSource(Backend.class)
class TokenAndAuditTest {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Parameter
    Backend backend;
    TestDatabase t;
    MutableClock clock;
    Store store;

    @BeforeEach
    void open() {
        t = TestDatabase.open(backend);
        clock = new MutableClock(T0);
        store = new Store(t.db, clock);
    }

    @AfterEach
    void close() {
        t.close();
    }

    @Test
    void anIssuedTokenAuthenticatesAsItsRoleAndOnlyItsHashIsStored() {
        IssuedToken ci = store.createToken("gitlab shop/api", Role.CI);
        assertThat(ci.plaintext()).startsWith("ddk_");
        assertThat(Base64.getUrlDecoder().decode(ci.plaintext().substring(4))).hasSize(32);
        assertThat(ci.toString()).doesNotContain(ci.plaintext());

        assertThat(store.authenticate(ci.plaintext())).contains(new Principal(ci.id(), "gitlab shop/api", Role.CI));
        String stored = t.db.jdbi().withHandle(h -> h.createQuery("SELECT token_hash FROM api_token").mapTo(String.class).one());
        assertThat(stored).isEqualTo(TokenStore.hash(ci.plaintext())).doesNotContain(ci.plaintext().substring(4));
        assertThat(store.tokens()).singleElement().satisfies(i -> {
            assertThat(i.role()).isEqualTo(Role.CI);
            assertThat(i.lastUsedAt()).isEqualTo(T0);
            assertThat(i.revoked()).isFalse();
        });
    }

    @Test
    void wrongTokensAuthenticateNobody() {
        IssuedToken viewer = store.createToken("dashboard", Role.VIEWER);
        String p = viewer.plaintext();
        char last = p.charAt(p.length() - 1);
        for (String wrong : List.of(p.substring(0, p.length() - 1) + (last == 'A' ? 'B' : 'A'), p + "x", p.substring(1), "",
                "ddk_", TokenStore.hash(p), "x".repeat(100_000))) {
            assertThat(store.authenticate(wrong)).as(wrong.length() > 80 ? "long" : wrong).isEmpty();
        }
        assertThat(store.authenticate(null)).isEmpty();
    }

    @Test
    void aRevokedTokenNoLongerAuthenticates() {
        IssuedToken admin = store.createToken("ops", Role.ADMIN);
        clock.advance(Duration.ofMinutes(1));
        assertThat(store.revokeToken(admin.id())).isTrue();
        assertThat(store.revokeToken(admin.id())).as("already revoked").isFalse();
        assertThat(store.revokeToken(9_999)).isFalse();
        assertThat(store.authenticate(admin.plaintext())).isEmpty();
        assertThat(store.tokens().get(0).revokedAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
    }

    @Test
    void lastUsedIsWrittenAtMostOnceAMinute() {
        IssuedToken tok = store.createToken("ci", Role.CI);
        store.authenticate(tok.plaintext());
        clock.advance(Duration.ofSeconds(30));
        store.authenticate(tok.plaintext());
        assertThat(store.tokens().get(0).lastUsedAt()).isEqualTo(T0);
        clock.advance(Duration.ofSeconds(31));
        store.authenticate(tok.plaintext());
        assertThat(store.tokens().get(0).lastUsedAt()).isEqualTo(T0.plusSeconds(61));
    }

    @Test
    void theFirstStartCreatesOneAdminToken() {
        Optional<IssuedToken> first = store.ensureAdmin(Optional.empty());
        assertThat(first).isPresent();
        assertThat(first.get().role()).isEqualTo(Role.ADMIN);
        assertThat(store.authenticate(first.get().plaintext()).map(Principal::role)).contains(Role.ADMIN);
        assertThat(store.ensureAdmin(Optional.empty())).as("the second start prints nothing").isEmpty();

        // With every admin token revoked, the next start bootstraps again rather than locking everyone out.
        store.revokeToken(first.get().id());
        assertThat(store.ensureAdmin(Optional.empty())).isPresent();
    }

    @Test
    void theBootstrapTokenMayComeFromTheEnvironment() {
        String fromEnv = "ops-chosen-" + "k".repeat(40);
        Optional<IssuedToken> admin = store.ensureAdmin(Optional.of(fromEnv));
        assertThat(admin.map(IssuedToken::plaintext)).contains(fromEnv);
        assertThat(store.authenticate(fromEnv).map(Principal::role)).contains(Role.ADMIN);
        assertThatThrownBy(() -> store.ensureAdmin(Optional.of("short"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DRYDOCK_ADMIN_TOKEN").hasMessageNotContaining("short");
        assertThatThrownBy(() -> store.ensureAdmin(Optional.of("has spaces " + "x".repeat(40)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theAuditLogReadsNewestFirstInPagesAndBoundsText() {
        for (int i = 0; i < 5; i++) {
            store.audit("admin:ops", "token.create", "token " + i, "{\"role\":\"ci\"}");
            clock.advance(Duration.ofSeconds(1));
        }
        List<AuditEntry> page = store.auditLog(2, Long.MAX_VALUE);
        assertThat(page).extracting(AuditEntry::subject).containsExactly("token 4", "token 3");
        assertThat(page.get(0).at()).isEqualTo(T0.plusSeconds(4));
        List<AuditEntry> next = store.auditLog(2, page.get(1).id());
        assertThat(next).extracting(AuditEntry::subject).containsExactly("token 2", "token 1");

        store.audit("x", "break-glass", "shop/api", "d".repeat(1_000_000));
        assertThat(store.auditLog(1, Long.MAX_VALUE).get(0).detail()).hasSize(Bounded.DESCRIPTION);
    }
}
