package dev.drydock.server.registry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretBoxTest {
    static final byte[] SECRET = "{\"username\":\"u\",\"password\":\"hunter2-hunter2\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    @Test
    void sealsWithAFreshNonceAndOpensWithTheSameKeyAndContext() {
        SecretBox box = SecretBox.of(new byte[32]);
        String a = box.seal(SECRET, "ctx");
        String b = box.seal(SECRET, "ctx");
        assertThat(a).isNotEqualTo(b).startsWith("v1:" + box.keyId() + ":").doesNotContain("hunter2");
        assertThat(box.open(a, "ctx")).isEqualTo(SECRET);
        assertThat(box.open(b, "ctx")).isEqualTo(SECRET);
    }

    @Test
    void anotherKeyAnotherContextOrATamperedValueDoNotOpen() {
        SecretBox box = SecretBox.of(new byte[32]);
        String sealed = box.seal(SECRET, "https://a.example");
        byte[] other = new byte[32];
        other[0] = 1;
        assertThatThrownBy(() -> SecretBox.of(other).open(sealed, "https://a.example"))
                .isInstanceOf(SecretBox.SealedSecretException.class).hasMessageContaining("sealed with another key")
                .hasMessageContaining(SecretBox.ENV);
        assertThatThrownBy(() -> box.open(sealed, "https://b.example"))
                .isInstanceOf(SecretBox.SealedSecretException.class).hasMessageContaining("damaged or belongs to another record");
        String[] parts = sealed.split(":");
        byte[] raw = Base64.getDecoder().decode(parts[2]);
        raw[raw.length - 1] ^= 1;
        String tampered = parts[0] + ":" + parts[1] + ":" + Base64.getEncoder().encodeToString(raw);
        assertThatThrownBy(() -> box.open(tampered, "https://a.example")).isInstanceOf(SecretBox.SealedSecretException.class);
        assertThatThrownBy(() -> box.open("plain text", "https://a.example")).hasMessageContaining("not in a known format");
    }

    @Test
    void theKeyFileIsCreatedOwnerOnlyAndReusedAndTheEnvironmentWins() throws Exception {
        Path file = dir.resolve("drydock/secret.key");
        SecretBox first = SecretBox.load(Map.of(), file);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        SecretBox again = SecretBox.load(Map.of(), file);
        assertThat(again.keyId()).isEqualTo(first.keyId());
        assertThat(again.open(first.seal(SECRET, "c"), "c")).isEqualTo(SECRET);

        byte[] key = new byte[32];
        key[5] = 7;
        SecretBox env = SecretBox.load(Map.of(SecretBox.ENV, Base64.getEncoder().encodeToString(key)), file);
        assertThat(env.keyId()).isEqualTo(SecretBox.of(key).keyId()).isNotEqualTo(first.keyId());
        assertThatThrownBy(() -> SecretBox.load(Map.of(SecretBox.ENV, "c2hvcnQ="), file)).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SecretBox.load(Map.of(SecretBox.ENV, "!!not base64!!"), file)).hasMessageContaining("not base64");
    }

    @Test
    void aKeyFileInXdgDataHomeBesideTheDatabase() {
        assertThat(SecretBox.defaultKeyFile(Map.of("XDG_DATA_HOME", dir.toString()))).isEqualTo(dir.resolve("drydock/secret.key"));
    }
}
