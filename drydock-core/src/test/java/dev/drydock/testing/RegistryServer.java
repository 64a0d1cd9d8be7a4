package dev.drydock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.model.Digest;

import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real registry for tests: Debian's {@code docker-registry} (distribution 2.8) on 127.0.0.1 with a
 * free port and its own storage directory, anonymous, with htpasswd Basic auth, or with token auth
 * against a {@link TokenServer}; optionally serving TLS with a self-signed certificate.
 * Images are pushed with skopeo. {@link #close()} stops the process and removes its files;
 * {@link #log()} returns what the registry printed, for failure messages.
 */
public final class RegistryServer implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/bin/docker-registry");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long START_TIMEOUT_MS = 20_000;

    /** The credentials skopeo pushes with, when the registry needs any. */
    public record Credentials(String user, String password) {
    }

    public static final class Builder {
        private String basicUser;
        private String basicPassword;
        private TokenServer tokens;
        private Credentials pushCredentials;
        private boolean tls;

        /** htpasswd (bcrypt) Basic auth with one user. */
        public Builder basicAuth(String user, String password) {
            this.basicUser = user;
            this.basicPassword = password;
            this.pushCredentials = new Credentials(user, password);
            return this;
        }

        /** Token auth; {@code pushUser} must be a user of the token server. */
        public Builder tokenAuth(TokenServer tokens, String pushUser, String pushPassword) {
            this.tokens = tokens;
            this.pushCredentials = new Credentials(pushUser, pushPassword);
            return this;
        }

        /** Serve HTTPS with a self-signed certificate for 127.0.0.1/localhost. */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        public RegistryServer start() {
            return new RegistryServer(this);
        }
    }

    private final Path dir;
    private final Path logFile;
    private final boolean tls;
    private final Credentials pushCredentials;
    private Process process;
    private Thread reaper;
    private int port;

    public static Builder builder() {
        return new Builder();
    }

    public static RegistryServer anonymous() {
        return builder().start();
    }

    private RegistryServer(Builder b) {
        if (!Files.isExecutable(BINARY)) {
            throw new IllegalStateException(BINARY + " is missing: apt-get install docker-registry");
        }
        this.tls = b.tls;
        this.pushCredentials = b.pushCredentials;
        try {
            this.dir = Files.createTempDirectory("drydock-registry-");
            this.logFile = dir.resolve("registry.log");
            Path htpasswd = b.basicUser != null ? writeHtpasswd(b.basicUser, b.basicPassword) : null;
            Path cert = null;
            Path key = null;
            if (tls) {
                TestCertificate c = TestCertificate.generate(dir, "127.0.0.1");
                cert = c.writeCertificatePem(dir.resolve("tls-cert.pem"));
                key = c.writeKeyPem(dir.resolve("tls-key.pem"));
            }
            IllegalStateException last = null;
            // a free port found by binding can be taken by someone else before the registry binds it
            for (int tries = 0; tries < 3; tries++) {
                port = freePort();
                Path config = writeConfig(htpasswd, b.tokens, cert, key);
                try {
                    launch(config);
                    return;
                } catch (IllegalStateException e) {
                    last = e;
                    stopProcess();
                    if (!log().contains("address already in use")) break;
                }
            }
            deleteDir();
            throw last;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code 127.0.0.1:<port>}, the registry part of an image reference. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public boolean tls() {
        return tls;
    }

    /** {@code host()/repoAndTag}, an image reference for drydock. */
    public String ref(String repoAndTag) {
        return host() + "/" + repoAndTag;
    }

    public String log() {
        try {
            return Files.exists(logFile) ? Files.readString(logFile) : "";
        } catch (IOException e) {
            return "(cannot read registry log: " + e + ")";
        }
    }

    /** Pushes the image tagged {@code layoutTag} in an OCI layout to {@code repoAndTag}, byte for byte. */
    public Digest push(Path layout, String layoutTag, String repoAndTag) {
        return copy("oci:" + layout + ":" + layoutTag, repoAndTag, "--preserve-digests");
    }

    /** Pushes an image index with all its images (a multi-platform image), byte for byte. */
    public Digest pushIndex(Path layout, String layoutTag, String repoAndTag) {
        return copy("oci:" + layout + ":" + layoutTag, repoAndTag, "--all", "--preserve-digests");
    }

    /**
     * {@code skopeo copy <source> docker://<this registry>/<repoAndTag>} with the push credentials and any
     * extra flags, e.g. {@code "--format", "v2s2"} to store a Docker schema 2 manifest; source is any
     * skopeo transport ({@code oci:}, {@code docker-archive:}, {@code oci-archive:} …).
     * Returns the digest the tag then points to.
     */
    public Digest copy(String source, String repoAndTag, String... extraArgs) {
        List<String> args = new ArrayList<>(List.of("copy", "--quiet", "--dest-tls-verify=false"));
        String creds = credsFlag("--dest-creds");
        if (creds != null) args.add(creds);
        args.addAll(List.of(extraArgs));
        args.add(source);
        args.add("docker://" + ref(repoAndTag));
        skopeo(args.toArray(String[]::new));
        return inspectDigest(repoAndTag);
    }

    /** The digest of what {@code repoAndTag} points to, as skopeo sees it (the index digest for a multi-platform image). */
    public Digest inspectDigest(String repoAndTag) {
        String raw = skopeo("inspect", "--raw", "--tls-verify=false", credsFlag("--creds"), "docker://" + ref(repoAndTag));
        return Digest.sha256(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** skopeo inspect's JSON for the image (for a multi-platform image: the linux/amd64 one). */
    public JsonNode inspect(String repoAndTag) {
        String out = skopeo("inspect", "--tls-verify=false", credsFlag("--creds"), "docker://" + ref(repoAndTag));
        try {
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String credsFlag(String flag) {
        return pushCredentials == null ? null : flag + "=" + pushCredentials.user() + ":" + pushCredentials.password();
    }

    private String skopeo(String... args) {
        List<String> cmd = new ArrayList<>(List.of("skopeo", "--insecure-policy"));
        for (String a : args) if (a != null) cmd.add(a);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        // skopeo must not pick up the machine's own registry logins or mirrors
        pb.environment().put("HOME", dir.toString());
        pb.environment().put("REGISTRY_AUTH_FILE", dir.resolve("skopeo-auth.json").toString());
        pb.redirectError(dir.resolve("skopeo.err").toFile());
        try {
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("skopeo timed out: " + redacted(cmd));
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException("skopeo failed: " + redacted(cmd) + "\n" + Files.readString(dir.resolve("skopeo.err"))
                        + "\nregistry log:\n" + tail(log()));
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String redacted(List<String> cmd) {
        return String.join(" ", cmd.stream().map(a -> a.startsWith("--dest-creds=") || a.startsWith("--creds=")
                ? a.substring(0, a.indexOf('=') + 1) + "***" : a).toList());
    }

    private Path writeHtpasswd(String user, String password) throws IOException {
        Process p = new ProcessBuilder("htpasswd", "-Bbn", user, password).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) throw new IllegalStateException("htpasswd failed: " + out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Path f = dir.resolve("htpasswd");
        Files.writeString(f, out.strip() + "\n");
        return f;
    }

    private Path writeConfig(Path htpasswd, TokenServer tokens, Path cert, Path key) throws IOException {
        StringBuilder y = new StringBuilder();
        y.append("version: 0.1\n");
        y.append("log:\n  level: info\n  formatter: text\n");
        y.append("storage:\n  filesystem:\n    rootdirectory: ").append(quote(dir.resolve("storage").toString())).append('\n');
        y.append("  delete:\n    enabled: true\n");
        y.append("http:\n  addr: 127.0.0.1:").append(port).append('\n');
        y.append("  secret: ").append(UUID.randomUUID()).append('\n');
        if (cert != null) {
            y.append("  tls:\n    certificate: ").append(quote(cert.toString())).append('\n');
            y.append("    key: ").append(quote(key.toString())).append('\n');
        }
        if (htpasswd != null) {
            y.append("auth:\n  htpasswd:\n    realm: drydock-test\n    path: ").append(quote(htpasswd.toString())).append('\n');
        } else if (tokens != null) {
            y.append("auth:\n  token:\n");
            y.append("    realm: ").append(quote(tokens.realm())).append('\n');
            y.append("    service: ").append(TokenServer.SERVICE).append('\n');
            y.append("    issuer: ").append(TokenServer.ISSUER).append('\n');
            y.append("    rootcertbundle: ").append(quote(tokens.rootCertBundle().toString())).append('\n');
        }
        Path f = dir.resolve("config.yml");
        Files.writeString(f, y.toString());
        return f;
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private void launch(Path config) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(BINARY.toString(), "serve", config.toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        pb.environment().keySet().removeIf(k -> k.startsWith("REGISTRY_"));
        process = pb.start();
        // a test JVM that dies without close() must not leave registries running
        Process started = process;
        reaper = new Thread(started::destroyForcibly, "registry-reaper");
        Runtime.getRuntime().addShutdownHook(reaper);
        long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("docker-registry exited with " + process.exitValue() + ":\n" + tail(log()));
            }
            if (answers()) return;
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("docker-registry did not answer on " + host() + " within " + START_TIMEOUT_MS + " ms:\n" + tail(log()));
    }

    /** Any HTTP answer on /v2/ (200 or 401) means the registry is serving. */
    private boolean answers() {
        try {
            URI uri = URI.create((tls ? "https://" : "http://") + host() + "/v2/");
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            if (c instanceof HttpsURLConnection s) {
                s.setSSLSocketFactory(trustAll().getSocketFactory());
                s.setHostnameVerifier((h, sess) -> true);
            }
            c.setConnectTimeout(500);
            c.setReadTimeout(2000);
            int code = c.getResponseCode();
            c.disconnect();
            return code == 200 || code == 401;
        } catch (IOException e) {
            return false;
        }
    }

    private static SSLContext trustAll() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[]{new X509TrustManager() {
                public void checkClientTrusted(X509Certificate[] c, String a) {
                }

                public void checkServerTrusted(X509Certificate[] c, String a) {
                }

                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static String tail(String log) {
        String[] lines = log.split("\n");
        return String.join("\n", java.util.Arrays.asList(lines).subList(Math.max(0, lines.length - 40), lines.length));
    }

    private void stopProcess() {
        if (process == null) return;
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs anyway
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    private void deleteDir() {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        } catch (IOException e) {
            // a leftover temp dir is not worth failing a test over
        }
    }

    @Override
    public void close() {
        stopProcess();
        deleteDir();
    }
}
