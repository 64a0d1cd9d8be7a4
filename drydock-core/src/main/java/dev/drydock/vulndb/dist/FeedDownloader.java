package dev.drydock.vulndb.dist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.image.BadInputException;
import dev.drydock.image.RetryPolicy;
import dev.drydock.model.UntrustedText;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Downloads one upstream feed file (OSV all.zip, Debian tracker JSON, Alpine secdb, NVD feeds, CISA KEV,
 * FIRST EPSS) for {@code drydock db update}, politely and robustly:
 * <ul>
 * <li>conditional: the ETag and Last-Modified of the file we have are kept in a sidecar
 *     {@code <target>.meta.json}; the next request carries If-None-Match / If-Modified-Since and a 304
 *     leaves the file as it is;</li>
 * <li>resumable: bytes go to {@code <target>.part}; after an interruption the next try (or the next run)
 *     asks for the rest with {@code Range} guarded by {@code If-Range}, appending on 206 and starting over
 *     on 200 (the server ignored the range, or the file changed);</li>
 * <li>bounded: a size cap (the caller picks one per source), an idle timeout on every read, at most
 *     {@value #MAX_REDIRECTS} redirects, http/https only and never from https down to http;</li>
 * <li>retried with backoff on 408/429/5xx and network errors ({@link RetryPolicy}).</li>
 * </ul>
 * The finished file replaces {@code target} atomically; only {@code target}, its {@code .part} and its
 * sidecar are ever written, all in the target's directory.
 *
 * <p>{@link HttpURLConnection} is used rather than java.net.http because its socket read timeout is exactly
 * an idle timeout on the body, which java.net.http does not offer for streamed bodies.
 */
public final class FeedDownloader {
    public static final int MAX_REDIRECTS = 5;
    private static final long MAX_SIDECAR_BYTES = 64 * 1024;
    private static final int MAX_VALIDATOR_CHARS = 1024;
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d{1,19})-(\\d{1,19})/(\\d{1,19}|\\*)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param maxBytes       cap on the downloaded file; set per source
     * @param connectTimeout TCP/TLS set-up
     * @param idleTimeout    longest silence while waiting for headers or in the middle of the body
     * @param retry          tries and backoff after transient failures
     */
    public record Options(long maxBytes, Duration connectTimeout, Duration idleTimeout, RetryPolicy retry) {
        public static final long DEFAULT_MAX_BYTES = 2L << 30;

        public Options {
            Objects.requireNonNull(retry, "retry");
            if (maxBytes <= 0) throw new IllegalArgumentException("maxBytes must be positive");
            if (connectTimeout.isNegative() || connectTimeout.isZero() || idleTimeout.isNegative() || idleTimeout.isZero()
                    || connectTimeout.toMillis() > Integer.MAX_VALUE || idleTimeout.toMillis() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("timeouts must be positive");
            }
        }

        /** 2 GiB, 15 s to connect, 60 s of silence, the registry client's default retries. */
        public static Options defaults() {
            return new Options(DEFAULT_MAX_BYTES, Duration.ofSeconds(15), Duration.ofSeconds(60), RetryPolicy.DEFAULT);
        }

        public Options withMaxBytes(long n) {
            return new Options(n, connectTimeout, idleTimeout, retry);
        }

        public Options withTimeouts(Duration connect, Duration idle) {
            return new Options(maxBytes, connect, idle, retry);
        }

        public Options withRetry(RetryPolicy r) {
            return new Options(maxBytes, connectTimeout, idleTimeout, r);
        }
    }

    /** Told about progress as bytes arrive. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> {
        };

        /**
         * @param bytesDone bytes of the file we have, including what an earlier attempt left in the .part file
         * @param totalBytes the file's size when the server said, else -1
         */
        void update(long bytesDone, long totalBytes);
    }

    public enum Status {
        /** A new version was downloaded and is now at the target. */
        DOWNLOADED,
        /** The server said our copy is current (304); the target was not touched. */
        UNCHANGED
    }

    /** @param resumed whether the file was completed from a partial download instead of from scratch */
    public record Result(Status status, long bytes, boolean resumed, String etag, String lastModified) {
    }

    private final Options options;

    public FeedDownloader(Options options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Downloads {@code uri} to {@code target} (see the class comment); fails with a one-line {@link BadInputException}. */
    public Result download(URI uri, Path target, Progress progress) {
        checkUrl(uri, null);
        Path file = target.toAbsolutePath().normalize();
        Path dir = file.getParent();
        if (dir == null || file.getFileName() == null) throw new IllegalArgumentException("not a file path: " + target);
        String name = file.getFileName().toString();
        Paths paths = new Paths(file, dir.resolve(name + ".part"), dir.resolve(name + ".meta.json"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new BadInputException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        String what = "the feed " + display(uri);
        for (int attempt = 1; ; attempt++) {
            Duration wait;
            try {
                return once(uri, paths, progress == null ? Progress.NONE : progress, what);
            } catch (Transient t) {
                if (attempt >= options.retry().maxAttempts()) {
                    throw new BadInputException("downloading " + what + " failed" + (attempt > 1 ? " after " + attempt + " tries" : "")
                            + ": " + t.getMessage(), t.getCause());
                }
                wait = options.retry().backoff(attempt + 1);
                if (t.retryAfter != null) {
                    if (t.retryAfter.compareTo(options.retry().maxRetryAfter()) > 0) {
                        throw new BadInputException("downloading " + what + " failed: " + t.getMessage() + "; the server asks to retry after "
                                + t.retryAfter.toSeconds() + " s, try again later");
                    }
                    if (t.retryAfter.compareTo(wait) > 0) wait = t.retryAfter;
                }
            }
            RetryPolicy.pause(wait, "a download");
        }
    }

    private record Paths(Path target, Path part, Path sidecar) {
    }

    /** A failure another try may not repeat. */
    private static final class Transient extends Exception {
        final Duration retryAfter;

        Transient(String message, Throwable cause, Duration retryAfter) {
            super(message, cause);
            this.retryAfter = retryAfter;
        }
    }

    /** What the sidecar says: validators of the finished file, and of the .part being filled. */
    record Meta(String url, String etag, String lastModified, String partUrl, String partEtag, String partLastModified) {
        static final Meta EMPTY = new Meta(null, null, null, null, null, null);

        Meta withPart(String u, String e, String lm) {
            return new Meta(url, etag, lastModified, u, e, lm);
        }
    }

    private Result once(URI uri, Paths p, Progress progress, String what) throws Transient {
        Meta meta = readMeta(p.sidecar());
        String url = uri.toString();
        long have = 0;
        try {
            have = Files.isRegularFile(p.part()) ? Files.size(p.part()) : 0;
        } catch (IOException e) {
            // unreadable leftovers are simply not resumed
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Accept-Encoding", "identity"); // byte offsets must refer to the file itself
        boolean resuming = false;
        boolean conditional = false;
        if (have > 0) {
            String ifRange = url.equals(meta.partUrl()) ? ifRangeValidator(meta.partEtag(), meta.partLastModified()) : null;
            if (ifRange != null && have <= options.maxBytes()) {
                headers.put("Range", "bytes=" + have + "-");
                headers.put("If-Range", ifRange);
                resuming = true;
            } else {
                // a .part without a validator (or for another URL) cannot be trusted to be a prefix of what the server has now
                deleteQuietly(p.part());
                have = 0;
            }
        }
        if (!resuming && Files.isRegularFile(p.target()) && url.equals(meta.url())) {
            if (meta.etag() != null) headers.put("If-None-Match", meta.etag());
            if (meta.lastModified() != null) headers.put("If-Modified-Since", meta.lastModified());
            conditional = headers.containsKey("If-None-Match") || headers.containsKey("If-Modified-Since");
        }
        HttpURLConnection c = null;
        try {
            c = open(uri, headers, what);
            int status = c.getResponseCode();
            if (status == 304) {
                if (!conditional) throw new BadInputException(what + " answered 304 Not Modified to a request that had no conditions");
                return new Result(Status.UNCHANGED, Files.size(p.target()), false, meta.etag(), meta.lastModified());
            }
            if (status == 416 && resuming) {
                // our .part is not a prefix of the current file (it shrank, or we already had it all): start over
                deleteQuietly(p.part());
                throw new Transient("the server refused to resume (HTTP 416); starting over", null, Duration.ZERO);
            }
            if (status == 404 || status == 410) {
                throw new BadInputException(what + " was not found (HTTP " + status + ")");
            }
            if (status == 408 || status == 429 || status >= 500 && status <= 599) {
                throw new Transient("HTTP " + status, null, retryAfter(c.getHeaderField("Retry-After")));
            }
            if (status != 200 && !(status == 206 && resuming)) {
                throw new BadInputException(what + " answered HTTP " + status);
            }
            String etag = validator(c.getHeaderField("ETag"));
            String lastModified = validator(c.getHeaderField("Last-Modified"));
            long length = c.getContentLengthLong();
            long start;
            long total;
            if (status == 206) {
                long[] range = contentRange(c.getHeaderField("Content-Range"));
                if (range == null || range[0] != have) {
                    deleteQuietly(p.part());
                    throw new Transient("the server resumed at the wrong offset", null, Duration.ZERO);
                }
                start = have;
                total = range[2];
                if (etag == null) etag = meta.partEtag();
                if (lastModified == null) lastModified = meta.partLastModified();
            } else {
                start = 0;
                total = length;
            }
            if (total > options.maxBytes()) {
                deleteQuietly(p.part());
                writeMeta(p.sidecar(), meta.withPart(null, null, null));
                throw new BadInputException(what + " is " + total + " bytes, over the limit of " + options.maxBytes() + " bytes");
            }
            if (status == 200) {
                // remember what this .part is a prefix of before the first byte lands, so an interruption can resume
                writeMeta(p.sidecar(), meta.withPart(url, etag, lastModified));
            }
            long got = receive(c, p.part(), start, total, progress, what);
            if (length >= 0 && got - start < length) {
                throw new Transient("the connection ended after " + got + " bytes", null, null);
            }
            if (total >= 0 && got != total) {
                throw new Transient("the connection ended after " + got + " of " + total + " bytes", null, null);
            }
            move(p.part(), p.target());
            writeMeta(p.sidecar(), new Meta(url, etag, lastModified, null, null, null));
            return new Result(Status.DOWNLOADED, got, status == 206, etag, lastModified);
        } catch (SocketTimeoutException e) {
            throw new Transient("the server sent nothing for " + options.idleTimeout().toMillis() + " ms", e, null);
        } catch (UnknownHostException e) {
            throw new BadInputException("cannot resolve the host of " + what, e);
        } catch (javax.net.ssl.SSLHandshakeException e) {
            throw new BadInputException("TLS with the server of " + what + " failed: " + oneLine(e.getMessage()), e);
        } catch (IOException e) {
            throw new Transient(oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()), e, null);
        } finally {
            if (c != null) c.disconnect();
        }
    }

    /** Appends the body to the .part (or truncates it first when starting at 0); returns the .part's size afterwards. */
    private long receive(HttpURLConnection c, Path part, long start, long total, Progress progress, String what) throws IOException {
        long count = start;
        boolean over = false;
        try (InputStream in = c.getInputStream();
             FileChannel ch = FileChannel.open(part, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     start == 0 ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
            OutputStream out = Channels.newOutputStream(ch);
            byte[] buf = new byte[64 * 1024];
            progress.update(count, total);
            int n;
            while ((n = in.read(buf)) >= 0) {
                if (count + n > options.maxBytes()) {
                    over = true;
                    break;
                }
                out.write(buf, 0, n);
                count += n;
                progress.update(count, total);
            }
            if (!over) ch.force(true);
        }
        if (over) {
            deleteQuietly(part);
            throw new BadInputException(what + " is over the limit of " + options.maxBytes() + " bytes");
        }
        return count;
    }

    /** Opens a GET, following at most {@value #MAX_REDIRECTS} redirects ourselves so that each hop is checked. */
    private HttpURLConnection open(URI uri, Map<String, String> headers, String what) throws IOException {
        URI current = uri;
        for (int hop = 0; ; hop++) {
            HttpURLConnection c = (HttpURLConnection) current.toURL().openConnection();
            c.setInstanceFollowRedirects(false);
            c.setUseCaches(false);
            c.setConnectTimeout((int) options.connectTimeout().toMillis());
            c.setReadTimeout((int) options.idleTimeout().toMillis());
            c.setRequestProperty("User-Agent", "drydock");
            headers.forEach(c::setRequestProperty);
            int status = c.getResponseCode();
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) return c;
            String location = c.getHeaderField("Location");
            c.disconnect();
            if (location == null) throw new BadInputException(what + ": redirect without a Location");
            if (hop >= MAX_REDIRECTS) throw new BadInputException(what + " redirected more than " + MAX_REDIRECTS + " times");
            URI next;
            try {
                next = current.resolve(new URI(location.trim()));
            } catch (URISyntaxException | IllegalArgumentException e) {
                throw new BadInputException(what + " redirected to a malformed URL");
            }
            checkUrl(next, current);
            current = next;
        }
    }

    private static void checkUrl(URI uri, URI from) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new BadInputException((from == null ? "" : display(from) + " redirected to ") + "an unsupported URL: "
                    + display(uri) + " (only http and https)");
        }
        if (from != null && scheme.equals("http") && "https".equalsIgnoreCase(from.getScheme())) {
            throw new BadInputException(display(from) + " redirected from HTTPS to plain HTTP; refusing");
        }
    }

    /** A strong ETag, else the Last-Modified date: what If-Range may carry (weak ETags are not allowed there). */
    private static String ifRangeValidator(String etag, String lastModified) {
        if (etag != null && etag.startsWith("\"")) return etag;
        return lastModified;
    }

    /** A validator from a response header, dropped when it could not safely go back into a request header. */
    private static String validator(String v) {
        if (v == null) return null;
        String t = v.trim();
        return t.isEmpty() || t.length() > MAX_VALIDATOR_CHARS || !t.matches("[\\x20-\\x7e]+") ? null : t;
    }

    /** {first, last, total} from {@code bytes first-last/total}; total -1 when "*". */
    static long[] contentRange(String header) {
        if (header == null) return null;
        Matcher m = CONTENT_RANGE.matcher(header.trim());
        if (!m.matches()) return null;
        try {
            long first = Long.parseLong(m.group(1));
            long last = Long.parseLong(m.group(2));
            long total = m.group(3).equals("*") ? -1 : Long.parseLong(m.group(3));
            if (last < first || total >= 0 && last >= total) return null;
            return new long[]{first, last, total};
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration retryAfter(String v) {
        if (v == null) return null;
        try {
            long s = Long.parseLong(v.trim());
            return s < 0 ? null : Duration.ofSeconds(Math.min(s, 86400));
        } catch (NumberFormatException e) {
            return null; // HTTP dates are rare from static file servers; our own backoff applies
        }
    }

    /** The sidecar, or nothing when it is missing, too large or unreadable (we then just download again). */
    static Meta readMeta(Path sidecar) {
        try {
            if (!Files.isRegularFile(sidecar) || Files.size(sidecar) > MAX_SIDECAR_BYTES) return Meta.EMPTY;
            JsonNode n = JSON.readTree(Files.readAllBytes(sidecar));
            if (n == null || !n.isObject()) return Meta.EMPTY;
            JsonNode part = n.path("partial");
            return new Meta(text(n, "url"), validator(text(n, "etag")), validator(text(n, "lastModified")),
                    text(part, "url"), validator(text(part, "etag")), validator(text(part, "lastModified")));
        } catch (IOException | RuntimeException e) {
            return Meta.EMPTY;
        }
    }

    private static void writeMeta(Path sidecar, Meta m) throws IOException {
        ObjectNode n = JSON.createObjectNode();
        if (m.url() != null) n.put("url", m.url());
        if (m.etag() != null) n.put("etag", m.etag());
        if (m.lastModified() != null) n.put("lastModified", m.lastModified());
        if (m.partUrl() != null) {
            ObjectNode p = n.putObject("partial");
            p.put("url", m.partUrl());
            if (m.partEtag() != null) p.put("etag", m.partEtag());
            if (m.partLastModified() != null) p.put("lastModified", m.partLastModified());
        }
        Path tmp = sidecar.resolveSibling(sidecar.getFileName() + ".tmp");
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n));
        move(tmp, sidecar);
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The URL without user info or query, which may carry API keys. */
    private static String display(URI u) {
        String s = (u.getScheme() == null ? "" : u.getScheme() + "://") + (u.getHost() == null ? "" : u.getHost())
                + (u.getPort() >= 0 ? ":" + u.getPort() : "") + (u.getRawPath() == null ? "" : u.getRawPath());
        return UntrustedText.printable(s, 200);
    }

    private static String oneLine(String s) {
        return s == null ? "" : UntrustedText.printable(s.replaceAll("\\s+", " ").trim(), 200);
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the next run overwrites it
        }
    }

}
