package dev.drydock.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.image.BadInputException;
import dev.drydock.model.UntrustedText;
import dev.drydock.server.ingest.ImportLimits;
import dev.drydock.server.ingest.ImportedReport;
import dev.drydock.server.ingest.ImportedScan;
import dev.drydock.server.ingest.Importers;
import dev.drydock.server.ingest.ReportSubject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code drydock import FILE --scanner S}: another scanner's report. With {@code --server}, the file is sent to
 * {@code POST /api/v1/imports} and stored as that scanner's attributions on drydock's findings; without, it is read
 * here and summarised, which checks a file before a pipeline sends it.
 */
@Command(name = "import", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Import another scanner's report (Trivy, Grype, Wiz, wizcli, SARIF, CycloneDX VDR/VEX) into a drydock server.",
                "",
                "Without --server the file is only read and summarised.",
                "Exit status: 0 imported (or read), 2 bad input (malformed file, wrong --scanner, unknown image), 3 internal error."})
final class ImportCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.ParentCommand
    Main parent;

    @Parameters(index = "0", paramLabel = "FILE", description = "The report file.")
    Path file;

    @Option(names = "--scanner", required = true, paramLabel = "NAME",
            description = "The report's format: trivy (also trivy-operator), grype, wiz (CSV export), wizcli, sarif, cyclonedx.")
    String scanner;

    @Option(names = "--image", paramLabel = "REF|DIGEST",
            description = "The image the report is about, when it does not say by digest: a digest, or a reference in the server's inventory.")
    String image;

    @Option(names = "--stage", paramLabel = "STAGE", defaultValue = "manual", description = "ci, registry, runtime or manual (default: ${DEFAULT-VALUE}).")
    String stage;

    @Option(names = "--context", paramLabel = "K=V", split = ",", description = "Where the report came from: pipeline=…,actor=…")
    List<String> context = new ArrayList<>();

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table", description = "table or json (the server's answer).")
    String format;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:DRYDOCK_SERVER}", description = "The drydock server to import into.")
    URI server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:DRYDOCK_TOKEN}",
            description = "API token for --server (role ci, triager or admin); prefer the DRYDOCK_TOKEN variable.")
    String token;

    @Option(names = "--debug", description = "Print stack traces of internal errors.")
    boolean debug;

    @Override
    public Integer call() throws IOException {
        if (!format.equals("table") && !format.equals("json")) throw new BadInputException("--format must be table or json");
        if (!Files.isRegularFile(file)) throw new BadInputException("no such file: " + file);
        PrintWriter out = new PrintWriter(parent.stdout, true, StandardCharsets.UTF_8);
        if (server == null) {
            ImportedReport report;
            try (InputStream in = Files.newInputStream(file)) {
                report = Importers.read(scanner, in, ImportLimits.DEFAULT);
            }
            printLocal(report, out);
            return 0;
        }
        JsonNode answer = send();
        if (format.equals("json")) {
            out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(answer));
        } else {
            printServer(answer, out);
        }
        for (JsonNode w : answer.path("warnings")) spec.commandLine().getErr().println("drydock: warning: " + w.asText());
        return 0;
    }

    private JsonNode send() throws IOException {
        String scheme = server.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme)) throw new BadInputException("--server must be an http(s) URL");
        if (token == null || token.isBlank()) throw new BadInputException("--server needs a token: --token or DRYDOCK_TOKEN");
        StringBuilder q = new StringBuilder("?scanner=").append(enc(scanner)).append("&stage=").append(enc(stage));
        if (image != null) q.append("&image=").append(enc(image));
        for (var e : ServerUpload.parseContext(context).entrySet()) q.append("&context=").append(enc(e.getKey() + "=" + e.getValue()));
        String base = server.getPath().endsWith("/") ? server.toString() : server + "/";
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "api/v1/imports" + q))
                .timeout(Duration.ofMinutes(10))
                .header("Content-Type", "application/octet-stream")
                .header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofFile(file))
                .build();
        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15)).build()) {
            response = client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while importing into " + server);
        } catch (IOException e) {
            throw new BadInputException("cannot send the report to " + server + ": " + UntrustedText.firstLine(String.valueOf(e.getMessage())));
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            body = null;
        }
        if (response.statusCode() / 100 != 2) {
            String error = body != null && body.has("error") ? body.get("error").asText() : response.body();
            throw new BadInputException("the server refused the import (HTTP " + response.statusCode() + "): "
                    + UntrustedText.printable(UntrustedText.firstLine(error), 300));
        }
        if (body == null) throw new BadInputException("the server's answer is not JSON");
        return body;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private void printLocal(ImportedReport report, PrintWriter out) {
        if (format.equals("json")) {
            var m = new java.util.LinkedHashMap<String, Object>();
            m.put("scanner", report.scanner());
            m.put("tool", report.tool());
            m.put("toolVersion", report.toolVersion());
            List<Map<String, Object>> scans = new ArrayList<>();
            for (ImportedScan s : report.scans()) {
                var sm = new java.util.LinkedHashMap<String, Object>();
                sm.put("subject", subject(s.subject()));
                sm.put("digest", s.subject().digest() == null ? null : s.subject().digest().toString());
                sm.put("findings", s.findings().size());
                scans.add(sm);
            }
            m.put("scans", scans);
            m.put("skipped", report.skippedByReason());
            m.put("warnings", report.warnings());
            try {
                out.println(JSON.writerWithDefaultPrettyPrinter().writeValueAsString(m));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return;
        }
        out.printf("%s report%s: %d finding%s in %d scan%s (not imported: no --server)%n", report.tool() == null ? report.scanner() : report.tool(),
                report.toolVersion() == null ? "" : " " + report.toolVersion(), report.findingCount(), report.findingCount() == 1 ? "" : "s",
                report.scans().size(), report.scans().size() == 1 ? "" : "s");
        out.printf("%-8s  %-73s  %s%n", "FINDINGS", "DIGEST", "SUBJECT");
        for (ImportedScan s : report.scans()) {
            ReportSubject subj = s.subject();
            out.printf("%8d  %-73s  %s%n", s.findings().size(), subj.digest() == null ? "-" : subj.digest().toString(), subject(subj));
        }
        for (String line : report.skipped().summary()) out.println(line);
        for (String w : report.warnings()) spec.commandLine().getErr().println("drydock: warning: " + w);
    }

    private static String subject(ReportSubject s) {
        String name = s.imageReference() != null ? s.imageReference() : s.artifactName();
        return name == null ? "-" : UntrustedText.printable(name, 120);
    }

    private static void printServer(JsonNode a, PrintWriter out) {
        out.printf("imported as %s%n", a.path("scanner").asText());
        out.printf("%-73s  %8s  %7s  %4s  %7s  %7s  %8s  %11s%n", "DIGEST", "FINDINGS", "MATCHED", "NEW", "UPDATED", "DELETED", "APPEARED", "DISAPPEARED");
        for (JsonNode s : a.path("scans")) {
            JsonNode at = s.path("attributions");
            out.printf("%-73s  %8d  %7d  %4d  %7d  %7d  %8d  %11d%s%n", s.path("digest").asText(), s.path("findings").asInt(),
                    s.path("matchedPackages").asInt(), at.path("new").asInt(), at.path("updated").asInt(), at.path("deleted").asInt(),
                    s.path("appeared").asInt(), s.path("disappeared").asInt(), s.path("repeated").asBoolean() ? "  (already imported)" : "");
        }
        for (JsonNode line : a.path("skippedDetail")) out.println(line.asText());
    }
}
