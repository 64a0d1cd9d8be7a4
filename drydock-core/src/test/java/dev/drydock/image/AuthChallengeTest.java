package dev.drydock.image;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AuthChallengeTest {

    @Test
    void parsesABearerChallengeWithACommaInsideAQuotedScope() {
        List<AuthChallenge> cs = AuthChallenge.parse(List.of(
                "Bearer realm=\"https://auth.example.com/token\",service=\"registry.example.com\",scope=\"repository:team/app:pull,push\""));
        assertThat(cs).singleElement().satisfies(c -> {
            assertThat(c.isBearer()).isTrue();
            assertThat(c.param("realm")).isEqualTo("https://auth.example.com/token");
            assertThat(c.param("service")).isEqualTo("registry.example.com");
            assertThat(c.param("scope")).isEqualTo("repository:team/app:pull,push");
        });
    }

    @Test
    void parsesSeveralChallengesInOneHeaderAndPrefersBearer() {
        List<AuthChallenge> cs = AuthChallenge.parse(List.of("Basic realm=\"Registry\", Bearer realm=\"https://a/token\", service=s"));
        assertThat(cs).extracting(AuthChallenge::scheme).containsExactly("basic", "bearer");
        assertThat(cs.get(1).param("service")).isEqualTo("s");
        assertThat(AuthChallenge.preferred(cs).isBearer()).isTrue();
    }

    @Test
    void parsesChallengesFromSeveralHeaders() {
        List<AuthChallenge> cs = AuthChallenge.parse(List.of("Basic realm=\"x\"", "Bearer realm=\"https://a/token\""));
        assertThat(cs).hasSize(2);
    }

    @Test
    void schemeAndParameterNamesAreCaseInsensitiveAndEscapesAreHonoured() {
        AuthChallenge c = AuthChallenge.parse(List.of("BASIC Realm=\"say \\\"hi\\\"\"")).get(0);
        assertThat(c.isBasic()).isTrue();
        assertThat(c.param("realm")).isEqualTo("say \"hi\"");
    }

    @Test
    void unquotedValuesAndStrayWhitespaceAreAccepted() {
        AuthChallenge c = AuthChallenge.parse(List.of("  Bearer   realm = https://a/token , service=reg ")).get(0);
        assertThat(c.param("realm")).isEqualTo("https://a/token");
        assertThat(c.param("service")).isEqualTo("reg");
    }

    @Test
    void bearerWithoutRealmIsNotUsable() {
        assertThat(AuthChallenge.preferred(AuthChallenge.parse(List.of("Bearer service=x")))).isNull();
        assertThat(AuthChallenge.preferred(AuthChallenge.parse(List.of("Negotiate")))).isNull();
    }

    @Test
    void garbageDoesNotThrow() {
        for (String s : List.of("", ",,,", "=", "Bearer realm=\"unterminated", "Bearer ===", "\u0000\u0001", "x".repeat(100_000))) {
            AuthChallenge.parse(List.of(s));
        }
    }
}
