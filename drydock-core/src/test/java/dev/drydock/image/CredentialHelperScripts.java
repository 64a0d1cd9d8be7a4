package dev.drydock.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/** Writes {@code docker-credential-<name>} shell scripts that answer like real credential helpers. */
final class CredentialHelperScripts {
    private CredentialHelperScripts() {
    }

    /**
     * A helper that knows {@code server → {user, secret}}, logs every server URL it is asked for to
     * {@code asked.log} beside it, and answers "credentials not found" otherwise.
     */
    static Path write(Path bin, String name, Map<String, String[]> known) throws IOException {
        StringBuilder cases = new StringBuilder();
        known.forEach((server, us) -> cases.append("  '").append(server).append("') printf '%s' '{\"ServerURL\":\"")
                .append(server).append("\",\"Username\":\"").append(us[0]).append("\",\"Secret\":\"").append(us[1])
                .append("\"}' ;;\n"));
        String script = "#!/bin/sh\n"
                + "[ \"$1\" = get ] || { echo unsupported; exit 1; }\n"
                + "IFS= read -r url || true\n"
                + "printf '%s\\n' \"$url\" >> \"$(dirname \"$0\")/asked.log\"\n"
                + "case \"$url\" in\n" + cases
                + "  *) echo 'credentials not found in native keychain'; exit 1 ;;\n"
                + "esac\n";
        return writeScript(bin, name, script);
    }

    static Path writeScript(Path bin, String name, String script) throws IOException {
        Files.createDirectories(bin);
        Path f = bin.resolve("docker-credential-" + name);
        Files.writeString(f, script);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    static List<String> asked(Path bin) throws IOException {
        Path log = bin.resolve("asked.log");
        return Files.exists(log) ? Files.readAllLines(log) : List.of();
    }
}
