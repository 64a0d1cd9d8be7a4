package dev.drydock.image;

import dev.drydock.model.UntrustedText;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs a docker credential helper ({@code docker-credential-<name> get}, server URL on stdin,
 * JSON on stdout) the way the docker CLI does. The helper is searched on an explicit PATH so that
 * tests and embedders can point at their own helpers without touching the process environment;
 * it gets a deadline and its output is bounded. Nothing it prints reaches our error messages
 * on success, and on failure only its first line, because that is where helpers put the reason.
 */
public final class CredentialHelper {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_OUTPUT = 64 * 1024;
    /** What docker-credential-helpers print when they hold nothing for the server. */
    private static final String NOT_FOUND = "credentials not found";
    /** The username a helper returns to mean "the secret is an identity token". */
    private static final String TOKEN_USER = "<token>";

    private final List<Path> searchPath;
    private final Duration timeout;

    public CredentialHelper(List<Path> searchPath, Duration timeout) {
        this.searchPath = List.copyOf(searchPath);
        this.timeout = timeout;
    }

    /** Searches the given {@code PATH} value (entries separated by the platform's path separator). */
    public static CredentialHelper onPath(String path, Duration timeout) {
        List<Path> dirs = path == null ? List.of()
                : java.util.Arrays.stream(path.split(java.util.regex.Pattern.quote(java.io.File.pathSeparator)))
                .filter(s -> !s.isBlank()).map(Path::of).toList();
        return new CredentialHelper(dirs, timeout);
    }

    /** Asks helper {@code name} for {@code serverUrl}; empty when it has nothing for that server. */
    public Optional<RegistryCredentials> get(String name, String serverUrl) {
        if (!NAME.matcher(name).matches()) {
            throw new BadInputException("invalid credential helper name in docker config: " + UntrustedText.printable(name));
        }
        String exe = "docker-credential-" + name;
        Path program = find(exe);
        if (program == null) {
            throw new BadInputException("credential helper " + exe + " named in the docker config is not on PATH");
        }
        ProcessBuilder pb = new ProcessBuilder(program.toString(), "get");
        Map<String, String> env = pb.environment();
        env.put("PATH", String.join(java.io.File.pathSeparator, searchPath.stream().map(Path::toString).toList()));
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new BadInputException("cannot run credential helper " + exe + ": " + RegistryHttp.oneLine(e.getMessage()));
        }
        Capture out = new Capture(p.getInputStream());
        Capture err = new Capture(p.getErrorStream());
        Thread reader = Thread.ofVirtual().start(out);
        Thread errReader = Thread.ofVirtual().start(err);
        try {
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write(serverUrl.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a helper that exits without reading stdin is judged by its exit code below
            }
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                // a shell-script helper's children would otherwise keep running (and holding the pipe)
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new BadInputException("credential helper " + exe + " did not answer within " + Durations.human(timeout));
            }
            reader.join(timeout.toMillis());
            errReader.join(timeout.toMillis());
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while running credential helper " + exe);
        }
        if (out.overflow) throw new BadInputException("credential helper " + exe + " printed more than " + MAX_OUTPUT + " bytes");
        String text = out.text();
        if (p.exitValue() != 0) {
            if (text.toLowerCase(java.util.Locale.ROOT).contains(NOT_FOUND)) return Optional.empty();
            String first = (text.isBlank() ? err.text() : text).strip().lines().findFirst().orElse("");
            throw new BadInputException("credential helper " + exe + " failed (exit " + p.exitValue() + ")"
                    + (first.isEmpty() ? "" : ": " + RegistryHttp.oneLine(first.length() > 160 ? first.substring(0, 160) : first)));
        }
        JsonNode n = OciDocuments.tree(text.getBytes(StandardCharsets.UTF_8), "output of credential helper " + exe);
        String user = n.path("Username").asText("");
        String secret = n.path("Secret").asText("");
        if (secret.isEmpty()) return Optional.empty();
        if (user.equals(TOKEN_USER)) return Optional.of(RegistryCredentials.identityToken(secret));
        return Optional.of(RegistryCredentials.basic(user, secret));
    }

    private Path find(String exe) {
        for (Path dir : searchPath) {
            Path p = dir.resolve(exe);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) return p.toAbsolutePath();
        }
        return null;
    }

    private static final class Capture implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
        private volatile boolean overflow;

        Capture(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] b = new byte[4096];
            try (in) {
                int n;
                while ((n = in.read(b)) >= 0) {
                    // keep draining past the limit so the helper never blocks on a full pipe
                    synchronized (buf) {
                        if (buf.size() + n > MAX_OUTPUT) overflow = true;
                        else buf.write(b, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process was killed or closed its output; what we have is what we judge
            }
        }

        String text() {
            synchronized (buf) {
                return buf.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
