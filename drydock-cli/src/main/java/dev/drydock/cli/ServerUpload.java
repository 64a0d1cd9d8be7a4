package dev.drydock.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.drydock.catalog.Catalog;
import dev.drydock.image.BadInputException;
import dev.drydock.model.UntrustedText;
import dev.drydock.report.JsonReportWriter;
import dev.drydock.report.ScanReport;
import dev.drydock.sbom.JsonCatalogWriter;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sends a scan to a drydock server ({@code POST /api/v1/scans}): the report and the catalog it came from,
 * with the stage and the CI context, so the server records where and when the image was checked.
 */
record ServerUpload(URI server, String token, String stage, Map<String, String> context) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_BYTES = 4096;

    ServerUpload {
        String scheme = server.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) throw new BadInputException("--server must be an http(s) URL");
        if (token == null || token.isBlank()) throw new BadInputException("--server needs a token: --token or DRYDOCK_TOKEN");
        context = Map.copyOf(context);
    }

    /** Parses {@code k=v,k2=v2} as --context gives it. */
    static Map<String, String> parseContext(List<String> pairs) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new BadInputException("--context takes key=value pairs, not '" + UntrustedText.printable(pair, 60) + "'");
            out.put(pair.substring(0, eq).strip(), pair.substring(eq + 1).strip());
        }
        return out;
    }

    /** A registry reference names the image for the inventory; a local layout, archive or directory does not. */
    static boolean namesARegistryImage(String ref) {
        if (ref == null || ref.isBlank()) return false;
        for (String local : List.of("oci:", "oci-archive:", "docker-archive:", "dir:", "sbom:", "/", ".")) {
            if (ref.startsWith(local)) return false;
        }
        return true;
    }

    /** Returns the server's answer (its JSON body) on success; fails with one line otherwise. */
    String send(ScanReport report, Catalog catalog, String toolVersion) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("stage", stage);
        body.set("context", JSON.valueToTree(context));
        var names = body.putArray("names");
        if (namesARegistryImage(report.image().reference())) names.add(report.image().reference());
        body.put("scanner", "drydock");
        body.put("scannerVersion", toolVersion);
        ByteArrayOutputStream r = new ByteArrayOutputStream();
        new JsonReportWriter().write(report, r);
        body.set("report", JSON.readTree(r.toByteArray()));
        ByteArrayOutputStream s = new ByteArrayOutputStream();
        new JsonCatalogWriter(toolVersion).write(catalog, s);
        body.set("sbom", JSON.readTree(s.toByteArray()));

        URI endpoint = server.resolve(server.getPath().endsWith("/") ? "api/v1/scans" : server.getPath() + "/api/v1/scans");
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
        HttpResponse<byte[]> response;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build()) {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while uploading to " + server);
        } catch (IOException e) {
            throw new BadInputException("cannot upload the scan to " + server + ": " + UntrustedText.firstLine(String.valueOf(e.getMessage())));
        }
        byte[] answer = response.body();
        String text = new String(answer, 0, Math.min(answer.length, MAX_ERROR_BYTES), java.nio.charset.StandardCharsets.UTF_8);
        if (response.statusCode() / 100 != 2) {
            String error = text;
            try {
                error = JSON.readTree(text).path("error").asText(text);
            } catch (IOException notJson) {
                // keep the raw text
            }
            throw new BadInputException("the server refused the scan (HTTP " + response.statusCode() + "): " + UntrustedText.firstLine(error));
        }
        return text;
    }
}
