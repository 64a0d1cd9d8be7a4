package dev.drydock.image;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DockerConfigTest {
    @TempDir
    Path tmp;

    DockerConfig config(String json, Path helperDir) throws IOException {
        Files.writeString(tmp.resolve("config.json"), json);
        return new DockerConfig(tmp.resolve("config.json"),
                new CredentialHelper(helperDir == null ? SYSTEM : with(helperDir), Duration.ofSeconds(10)));
    }

    /** Helper scripts need the usual tools besides themselves on PATH. */
    static final List<Path> SYSTEM = List.of(Path.of("/usr/bin"), Path.of("/bin"));

    static List<Path> with(Path dir) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(dir), SYSTEM.stream()).toList();
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void authsWithBase64AuthField() throws IOException {
        DockerConfig c = config("{\"auths\":{\"registry.example.com\":{\"auth\":\"" + b64("bob:pa:ss") + "\"}}}", null);
        assertThat(c.credentials("registry.example.com")).hasValue(RegistryCredentials.basic("bob", "pa:ss"));
        assertThat(c.credentials("other.example.com")).isEmpty();
    }

    @Test
    void authsWithUsernameAndPasswordFields() throws IOException {
        DockerConfig c = config("{\"auths\":{\"https://registry.example.com:5000/v2/\":{\"username\":\"bob\",\"password\":\"pw\"}}}", null);
        assertThat(c.credentials("registry.example.com:5000")).hasValue(RegistryCredentials.basic("bob", "pw"));
        assertThat(c.credentials("registry.example.com")).isEmpty();
    }

    @Test
    void authsWithIdentityToken() throws IOException {
        DockerConfig c = config("{\"auths\":{\"registry.example.com\":{\"auth\":\"" + b64("<token>:") + "\",\"identitytoken\":\"idt-1\"}}}", null);
        assertThat(c.credentials("registry.example.com")).hasValue(RegistryCredentials.identityToken("idt-1"));
    }

    @Test
    void dockerHubKeyMatchesDockerIo() throws IOException {
        DockerConfig c = config("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + b64("hubuser:hubpw") + "\"}}}", null);
        assertThat(c.credentials("docker.io")).hasValue(RegistryCredentials.basic("hubuser", "hubpw"));
    }

    @Test
    void credHelperForTheRegistryIsAskedWithItsServerUrl() throws IOException {
        Path bin = CredentialHelperScripts.write(tmp.resolve("bin"), "test", Map.of("registry.example.com", new String[]{"helper-user", "helper-secret"}));
        DockerConfig c = config("{\"credHelpers\":{\"registry.example.com\":\"test\"},"
                + "\"auths\":{\"registry.example.com\":{\"auth\":\"" + b64("file:user") + "\"}}}", bin);
        assertThat(c.credentials("registry.example.com")).hasValue(RegistryCredentials.basic("helper-user", "helper-secret"));
        assertThat(CredentialHelperScripts.asked(bin)).containsExactly("registry.example.com");
    }

    @Test
    void credsStoreIsAskedForDockerHubWithTheIndexUrl() throws IOException {
        Path bin = CredentialHelperScripts.write(tmp.resolve("bin"), "store",
                Map.of(DockerConfig.DOCKER_HUB_SERVER, new String[]{"hub", "hub-secret"}));
        DockerConfig c = config("{\"credsStore\":\"store\"}", bin);
        assertThat(c.credentials("docker.io")).hasValue(RegistryCredentials.basic("hub", "hub-secret"));
        assertThat(CredentialHelperScripts.asked(bin)).containsExactly(DockerConfig.DOCKER_HUB_SERVER);
    }

    @Test
    void credsStoreWithoutAnEntryFallsBackToAuths() throws IOException {
        Path bin = CredentialHelperScripts.write(tmp.resolve("bin"), "store", Map.of());
        DockerConfig c = config("{\"credsStore\":\"store\",\"auths\":{\"registry.example.com\":{\"auth\":\"" + b64("file:pw") + "\"}}}", bin);
        assertThat(c.credentials("registry.example.com")).hasValue(RegistryCredentials.basic("file", "pw"));
        assertThat(c.credentials("nothing.example.com")).isEmpty();
    }

    @Test
    void credHelperWinsOverCredsStore() throws IOException {
        CredentialHelperScripts.write(tmp.resolve("bin"), "store", Map.of("registry.example.com", new String[]{"store", "s"}));
        Path bin = CredentialHelperScripts.write(tmp.resolve("bin"), "special", Map.of("registry.example.com", new String[]{"special", "s"}));
        DockerConfig c = config("{\"credsStore\":\"store\",\"credHelpers\":{\"registry.example.com\":\"special\"}}", bin);
        assertThat(c.credentials("registry.example.com")).get().extracting(RegistryCredentials::username).isEqualTo("special");
    }

    @Test
    void helperReturningTheTokenUserGivesAnIdentityToken() throws IOException {
        Path bin = CredentialHelperScripts.write(tmp.resolve("bin"), "test", Map.of("registry.example.com", new String[]{"<token>", "refresh-me"}));
        DockerConfig c = config("{\"credsStore\":\"test\"}", bin);
        assertThat(c.credentials("registry.example.com")).hasValue(RegistryCredentials.identityToken("refresh-me"));
    }

    @Test
    void missingHelperFailsNamingIt() throws IOException {
        DockerConfig c = config("{\"credsStore\":\"desktop\"}", tmp);
        assertThatThrownBy(() -> c.credentials("registry.example.com"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("docker-credential-desktop")
                .hasMessageContaining("not on PATH");
    }

    @Test
    void failingHelperReportsItsFirstLineOnly() throws IOException {
        Path bin = CredentialHelperScripts.writeScript(tmp.resolve("bin"), "broken", "#!/bin/sh\necho 'keychain is locked'\necho 'second line'\nexit 3\n");
        DockerConfig c = config("{\"credsStore\":\"broken\"}", bin);
        assertThatThrownBy(() -> c.credentials("registry.example.com"))
                .isInstanceOf(BadInputException.class)
                .hasMessage("credential helper docker-credential-broken failed (exit 3): keychain is locked");
    }

    @Test
    void hangingHelperIsKilledAfterItsTimeout() throws IOException {
        Path bin = CredentialHelperScripts.writeScript(tmp.resolve("bin"), "slow", "#!/bin/sh\nexec sleep 30\n");
        Files.writeString(tmp.resolve("config.json"), "{\"credsStore\":\"slow\"}");
        DockerConfig c = new DockerConfig(tmp.resolve("config.json"), new CredentialHelper(with(bin), Duration.ofMillis(300)));
        assertThatThrownBy(() -> c.credentials("registry.example.com"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("did not answer within 300 ms");
    }

    @Test
    void helperPrintingEndlesslyIsBounded() throws IOException {
        Path bin = CredentialHelperScripts.writeScript(tmp.resolve("bin"), "chatty", "#!/bin/sh\nhead -c 300000 /dev/zero | tr '\\0' x\n");
        DockerConfig c = config("{\"credsStore\":\"chatty\"}", bin);
        assertThatThrownBy(() -> c.credentials("registry.example.com"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("printed more than");
    }

    @Test
    void helperNamesCannotEscapeThePath() throws IOException {
        DockerConfig c = config("{\"credsStore\":\"../../bin/sh\"}", tmp);
        assertThatThrownBy(() -> c.credentials("registry.example.com"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("invalid credential helper name");
    }

    @Test
    void noConfigFileMeansNoCredentials() {
        DockerConfig c = DockerConfig.fromEnvironment(Map.of("DOCKER_CONFIG", tmp.resolve("absent").toString()), null);
        assertThat(c.credentials("registry.example.com")).isEmpty();
    }

    @Test
    void locationComesFromDockerConfigElseHome() {
        assertThat(DockerConfig.fromEnvironment(Map.of("DOCKER_CONFIG", "/x/y"), "/home/u").file()).isEqualTo(Path.of("/x/y/config.json"));
        assertThat(DockerConfig.fromEnvironment(Map.of("HOME", "/home/h"), "/home/u").file()).isEqualTo(Path.of("/home/h/.docker/config.json"));
        assertThat(DockerConfig.fromEnvironment(Map.of(), "/home/u").file()).isEqualTo(Path.of("/home/u/.docker/config.json"));
    }

    @Test
    void malformedConfigIsOneClearError() throws IOException {
        DockerConfig c = config("{\"auths\": {", null);
        assertThatThrownBy(() -> c.credentials("registry.example.com"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("docker config")
                .hasMessageContaining("not valid JSON");
    }

    @Test
    void invalidBase64AuthIsReportedWithoutTheValue() throws IOException {
        DockerConfig c = config("{\"auths\":{\"registry.example.com\":{\"auth\":\"%%%secret%%%\"}}}", null);
        assertThatThrownBy(() -> c.credentials("registry.example.com"))
                .isInstanceOf(BadInputException.class)
                .hasMessageContaining("not valid base64")
                .hasMessageNotContaining("secret");
    }

    @Test
    void credentialsNeverShowTheirSecrets() {
        assertThat(RegistryCredentials.basic("bob", "hunter2").toString()).contains("bob").doesNotContain("hunter2");
        assertThat(RegistryCredentials.identityToken("tok-123").toString()).doesNotContain("tok-123");
    }
}
