package dev.drydock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.image.BadInputException;
import dev.drydock.model.UntrustedText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code drydock reconcile}: where two scanners disagree, from a drydock server's reconciliation API. Prints
 * the parity figures and the drift table; with {@code --min-parity N} it is a readiness check: exit 1 when
 * the severity agreement or the presence agreement is under N percent (both must reach it).
 */
@Command(name = "reconcile", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Compare two scanners' findings on a drydock server: drift table and parity figures.",
                "Exit 1 under --min-parity (severity or presence agreement below N %), 2 on bad input or an unreachable server."})
final class ReconcileCommand implements Callable<Integer> {
    enum Format { TABLE, CSV, JSON }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PAGE = 500;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:DRYDOCK_SERVER}", description = "the drydock server (or DRYDOCK_SERVER)")
    String server;
    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:DRYDOCK_TOKEN}",
            description = "API token with a reading role (viewer, triager, admin); prefer the DRYDOCK_TOKEN variable")
    String token;
    @Option(names = "--image", paramLabel = "REF|DIGEST", description = "one image: a digest, name@digest, or a name the server has seen")
    String image;
    @Option(names = "--repository", paramLabel = "R", description = "the images of one repository (default: the whole fleet)")
    String repository;
    @Option(names = "--scanner-a", paramLabel = "NAME", defaultValue = "drydock", description = "the scanner compared from (default: ${DEFAULT-VALUE})")
    String scannerA;
    @Option(names = "--scanner-b", paramLabel = "NAME", required = true, description = "the scanner compared with, e.g. trivy")
    String scannerB;
    @Option(names = "--min-parity", paramLabel = "N", description = "exit 1 when severity or presence agreement is under N percent")
    Double minParity;
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table, csv or json (default: ${DEFAULT-VALUE})")
    Format format;
    @Option(names = "--limit", paramLabel = "N", defaultValue = "10000", description = "drift rows to print at most (default: ${DEFAULT-VALUE})")
    int limit;
    @Option(names = "--debug", description = "stack traces on errors")
    boolean debug;

    @Override
    public Integer call() throws IOException {
        if (server == null || server.isBlank()) throw new BadInputException("--server is required (or DRYDOCK_SERVER)");
        if (token == null || token.isBlank()) throw new BadInputException("--server needs a token: --token or DRYDOCK_TOKEN");
        if (image != null && repository != null) throw new BadInputException("give --image or --repository, not both");
        if (minParity != null && (minParity < 0 || minParity > 100 || minParity.isNaN())) throw new BadInputException("--min-parity must be from 0 to 100");
        if (limit < 1 || limit > 100_000) throw new BadInputException("--limit must be from 1 to 100000");
        URI base;
        try {
            base = URI.create(server.endsWith("/") ? server : server + "/");
        } catch (IllegalArgumentException e) {
            throw new BadInputException("--server must be an http(s) URL");
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme())) throw new BadInputException("--server must be an http(s) URL");
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build()) {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("scanner_a", scannerA);
            q.put("scanner_b", scannerB);
            q.put("image", image);
            q.put("repository", repository);
            JsonNode parity = JSON.readTree(get(http, base, "api/v1/reconcile/parity", q));
            switch (format) {
                case CSV -> {
                    Map<String, String> p = new LinkedHashMap<>(q);
                    p.put("limit", Integer.toString(limit));
                    out.print(get(http, base, "api/v1/reconcile/drift.csv", p));
                    printParity(err, parity); // stdout stays one CSV document
                }
                case JSON -> {
                    ObjectNode o = JSON.createObjectNode();
                    o.set("parity", parity);
                    o.set("drift", drift(http, base, q));
                    out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(o));
                }
                case TABLE -> {
                    printParity(out, parity);
                    out.println();
                    printTable(out, drift(http, base, q));
                }
            }
            out.flush();
            return gate(parity.path("parity"), err);
        }
    }

    /** Exit 1 under --min-parity; no pair compared counts as full agreement, no image compared as not ready. */
    private int gate(JsonNode p, PrintWriter err) {
        if (minParity == null) return Main.OK;
        if (p.path("images").asLong() == 0) {
            err.println("drydock: not ready: no image was scanned by both " + scannerA + " and " + scannerB);
            return Main.GATE_FAILED;
        }
        double sev = p.path("severityAgreement").isNumber() ? p.path("severityAgreement").asDouble() : 100;
        double pres = p.path("presenceAgreement").isNumber() ? p.path("presenceAgreement").asDouble() : 100;
        if (sev < minParity || pres < minParity) {
            err.printf(Locale.ROOT, "drydock: not ready: severity agreement %.2f %%, presence agreement %.2f %%, under --min-parity %s%n",
                    sev, pres, fmt(minParity));
            return Main.GATE_FAILED;
        }
        return Main.OK;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }

    private ObjectNode drift(HttpClient http, URI base, Map<String, String> q) throws IOException {
        ArrayNode items = JSON.createArrayNode();
        long total = 0;
        for (int offset = 0; items.size() < limit; offset += PAGE) {
            Map<String, String> p = new LinkedHashMap<>(q);
            p.put("limit", Integer.toString(Math.min(PAGE, limit - items.size())));
            p.put("offset", Integer.toString(offset));
            JsonNode page = JSON.readTree(get(http, base, "api/v1/reconcile/drift", p));
            total = page.path("total").asLong();
            page.path("items").forEach(items::add);
            if (page.path("items").isEmpty() || items.size() >= total) break;
        }
        ObjectNode o = JSON.createObjectNode();
        o.put("total", total);
        o.put("truncated", items.size() < total);
        o.set("items", items);
        return o;
    }

    private void printParity(PrintWriter w, JsonNode report) {
        JsonNode p = report.path("parity");
        JsonNode scope = report.path("scope");
        String where = scope.path("kind").asText() + (scope.path("value").isTextual() ? " " + clean(scope.path("value").asText()) : "");
        w.printf(Locale.ROOT, "Parity of %s and %s (%s, %d images compared)%n", scannerA, scannerB, where, p.path("images").asLong());
        w.printf(Locale.ROOT, "  severity agreement  %s  (%d of %d findings both report)%n", pct(p.path("severityAgreement")),
                p.path("sameSeverity").asLong(), p.path("both").asLong());
        w.printf(Locale.ROOT, "  presence agreement  %s  (both %d, only %s %d, only %s %d)%n", pct(p.path("presenceAgreement")),
                p.path("both").asLong(), scannerA, p.path("onlyA").asLong(), scannerB, p.path("onlyB").asLong());
        for (JsonNode r : report.path("repositories")) {
            w.printf(Locale.ROOT, "  %-40s severity %s  presence %s%n", clean(r.path("scope").asText()), pct(r.path("severityAgreement")),
                    pct(r.path("presenceAgreement")));
        }
    }

    private static String pct(JsonNode n) {
        return n.isNumber() ? String.format(Locale.ROOT, "%6.2f %%", n.asDouble()) : "     – ";
    }

    private void printTable(PrintWriter w, JsonNode drift) {
        String[] head = {"DIGEST", "VULNERABILITY", "PACKAGE", "INSTALLED", "PRESENCE", scannerA.toUpperCase(Locale.ROOT),
                scannerB.toUpperCase(Locale.ROOT), "LIKELY REASON"};
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        rows.add(head);
        for (JsonNode r : drift.path("items")) {
            String digest = r.path("digest").asText();
            rows.add(new String[]{digest.length() > 19 ? digest.substring(0, 19) : digest, clean(r.path("vulnId").asText()),
                    clean(r.path("packageName").asText()), clean(r.path("installedVersion").asText("")), r.path("presence").asText(),
                    side(r, "A"), side(r, "B"), clean(r.path("reasonText").asText(""))});
        }
        int[] width = new int[head.length];
        for (String[] row : rows) for (int i = 0; i < row.length; i++) width[i] = Math.min(48, Math.max(width[i], row[i].length()));
        for (String[] row : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i].length() > width[i] ? row[i].substring(0, width[i] - 1) + "…" : row[i];
                b.append(i == row.length - 1 ? cell : String.format(Locale.ROOT, "%-" + width[i] + "s  ", cell));
            }
            w.println(b.toString().stripTrailing());
        }
        w.printf(Locale.ROOT, "%d findings%s%n", drift.path("total").asLong(),
                drift.path("truncated").asBoolean() ? " (first " + drift.path("items").size() + " shown; raise --limit)" : "");
    }

    private static String side(JsonNode r, String s) {
        if (r.path("severity" + s).isTextual()) {
            String src = r.path("severitySource" + s).asText("");
            return clean(r.path("severity" + s).asText() + (src.isEmpty() ? "" : " (" + src + ")"));
        }
        return r.path("suppression" + s).isTextual() ? "(" + clean(r.path("suppression" + s).asText()) + ")" : "-";
    }

    /** Text from the server is from uploads: no control characters (terminal escapes) reach the terminal. */
    private static String clean(String s) {
        return s.replaceAll("\\p{Cntrl}", "?");
    }

    private String get(HttpClient http, URI base, String path, Map<String, String> params) throws IOException {
        StringBuilder query = new StringBuilder();
        params.forEach((k, v) -> {
            if (v == null) return;
            query.append(query.isEmpty() ? "" : "&").append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path + "?" + query))
                .timeout(Duration.ofSeconds(120))
                .header("Authorization", "Bearer " + token)
                .GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading from " + server);
        } catch (IOException e) {
            String why = e instanceof java.net.ConnectException ? "connection refused"
                    : e instanceof java.net.http.HttpTimeoutException ? "timed out"
                    : e.getMessage() == null ? "I/O error" : UntrustedText.firstLine(e.getMessage());
            throw new BadInputException("cannot reach the server " + UntrustedText.printable(server, 200) + ": " + why);
        }
        if (response.statusCode() / 100 != 2) {
            String error = response.body();
            try {
                error = JSON.readTree(error).path("error").asText(error);
            } catch (IOException notJson) {
                // keep the raw text
            }
            throw new BadInputException("the server refused the request (HTTP " + response.statusCode() + "): "
                    + UntrustedText.firstLine(UntrustedText.printable(error, 300)));
        }
        return response.body();
    }
}
