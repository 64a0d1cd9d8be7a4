package dev.drydock.cli;

import dev.drydock.image.CredentialSource;
import dev.drydock.image.RegistryCredentials;
import dev.drydock.image.RegistryOptions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** How drydock talks to registries: plain HTTP or not, and whose credentials. Shared by image reading and db push/pull. */
final class RegistryAccess {
    @Option(names = "--insecure", defaultValue = "${env:DRYDOCK_INSECURE:-false}",
            description = "Talk to the registry over plain HTTP / unverified TLS.")
    boolean insecure;

    @Option(names = "--username", paramLabel = "USER", defaultValue = "${env:DRYDOCK_USERNAME}",
            description = "Registry user; the password comes from DRYDOCK_PASSWORD or --password-stdin. "
                    + "Without it, credentials come from ~/.docker/config.json and its credential helpers.")
    String username;

    @Option(names = "--password-stdin", description = "Read the registry password from standard input.")
    boolean passwordStdin;

    RegistryOptions options() throws IOException {
        CredentialSource c = explicitCredentials();
        return RegistryOptions.defaults().withInsecure(insecure).withCredentials(c != null ? c : dev.drydock.image.DockerConfig.load());
    }

    /** Credentials given on the command line, for whichever registry asks; null means the docker CLI's configuration. */
    CredentialSource explicitCredentials() throws IOException {
        if (username == null || username.isBlank()) {
            if (passwordStdin) throw new IllegalArgumentException("--password-stdin needs --username");
            return null;
        }
        String password = passwordStdin
                ? new String(System.in.readNBytes(64 * 1024), StandardCharsets.UTF_8).strip()
                : System.getenv("DRYDOCK_PASSWORD");
        if (password == null) throw new IllegalArgumentException("--username needs a password: set DRYDOCK_PASSWORD or use --password-stdin");
        return CredentialSource.of(RegistryCredentials.basic(username, password));
    }
}
