package dev.drydock.cli;

import dev.drydock.image.CredentialSource;
import dev.drydock.image.RegistryCredentials;
import dev.drydock.image.RegistryOptions;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Registry options of the commands that talk to a registry without reading an image (db push/pull). */
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

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    RegistryOptions options() throws IOException {
        RegistryOptions o = RegistryOptions.defaults().withInsecure(insecure);
        CredentialSource c = credentials(username, passwordStdin);
        return o.withCredentials(c != null ? c : dev.drydock.image.DockerConfig.load());
    }

    /** Explicit credentials apply to whichever registry asks; none means the docker CLI's configuration. */
    static CredentialSource credentials(String username, boolean passwordStdin) throws IOException {
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
