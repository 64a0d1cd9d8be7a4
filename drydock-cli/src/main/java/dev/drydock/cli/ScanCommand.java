package dev.drydock.cli;

import dev.drydock.catalog.Catalog;
import dev.drydock.catalog.Warnings;
import dev.drydock.image.BadInputException;
import dev.drydock.scan.SeveritySelector;
import dev.drydock.model.Severity;
import dev.drydock.policy.IgnoreFiles;
import dev.drydock.policy.IgnoreRule;
import dev.drydock.policy.Policy;
import dev.drydock.policy.VexDocuments;
import dev.drydock.policy.VexStatement;
import dev.drydock.report.ReportFormat;
import dev.drydock.report.ReportWriter;
import dev.drydock.report.ScanReport;
import dev.drydock.sbom.SbomTimestamp;
import dev.drydock.scan.Scanner;
import dev.drydock.vulndb.VulnDb;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

@Command(name = "scan", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Find the vulnerabilities of an image (or of an SBOM) in the offline database, and gate on them.",
                "",
                "IMAGE is anything `drydock sbom` reads, or an SBOM it wrote (CycloneDX, SPDX, drydock JSON).",
                "Exit status: 0 passed (or advisory), the --exit-code value when the gate fails, 2 bad input, 3 internal error."})
final class ScanCommand implements Callable<Integer> {
    static final List<String> DEFAULT_IGNORE_FILES = List.of(".drydockignore", ".trivyignore", ".trivyignore.yaml");

    @Spec
    CommandSpec spec;

    @ParentCommand
    Main parent;

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The image or SBOM to scan.")
    String image;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "${env:DRYDOCK_SCAN_FORMAT:-table}",
            description = "table, json, sarif, cyclonedx or markdown (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path output;

    @Option(names = "--db", paramLabel = "FILE", description = "Vulnerability database (default: ${DEFAULT-VALUE}).")
    Path db = VulnDb.defaultPath();

    @Option(names = "--max-db-age", paramLabel = "DAYS", defaultValue = "${env:DRYDOCK_DB_MAX_AGE:-7}",
            description = "Warn when the database is older than this; -1 never warns (default: ${DEFAULT-VALUE}).")
    int maxDbAge;

    @Option(names = "--severity", paramLabel = "LIST", split = ",", defaultValue = "${env:DRYDOCK_SEVERITY}",
            description = "Severities that fail the gate, e.g. CRITICAL,HIGH (default: all).")
    List<String> severities;

    @Option(names = "--exit-code", paramLabel = "N", defaultValue = "${env:DRYDOCK_EXIT_CODE:-0}",
            description = "Exit status when the gate fails (default: ${DEFAULT-VALUE}, advisory only).")
    int exitCode;

    @Option(names = "--ignore-unfixed", description = "Leave out findings that have no fixed version yet.")
    boolean ignoreUnfixed;

    @Option(names = "--ignore-file", paramLabel = "FILE",
            description = "Ignore rules (.drydockignore / .trivyignore syntax, or .trivyignore.yaml); repeatable. "
                    + "Default: whichever of .drydockignore, .trivyignore and .trivyignore.yaml exist here.")
    List<Path> ignoreFiles = new ArrayList<>();

    @Option(names = "--vex", paramLabel = "FILE", description = "OpenVEX or CycloneDX VEX statements; repeatable.")
    List<Path> vex = new ArrayList<>();

    @Option(names = "--show-suppressed", description = "List suppressed findings one by one in the table.")
    boolean showSuppressed;

    @Option(names = "--severity-source", paramLabel = "LIST", split = ",",
            description = "Order of sources to take severity from, e.g. nvd,ghsa,auto (default: auto: distro or ecosystem, then GHSA, then NVD).")
    List<String> severitySources = new ArrayList<>();

    @Option(names = "--break-glass", paramLabel = "REASON",
            description = "Let a failing gate pass, loudly; the reason, time and CI context are recorded in the report.")
    String breakGlass;

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:DRYDOCK_SERVER}",
            description = "Also upload the scan to this drydock server, with its catalog, stage and context.")
    java.net.URI server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:DRYDOCK_TOKEN}",
            description = "API token for --server (role ci or admin); prefer the DRYDOCK_TOKEN variable, which no process list shows.")
    String token;

    @Option(names = "--stage", paramLabel = "STAGE", defaultValue = "ci", description = "Where this scan ran: ci, registry, runtime or manual (default: ${DEFAULT-VALUE}).")
    String stage;

    @Option(names = "--context", paramLabel = "KEY=VALUE", split = ",",
            description = "What the server records with the scan, e.g. repo=…,commit=…,pipeline=…,dockerfile=…")
    List<String> context = new ArrayList<>();

    @Mixin
    ImageOptions imageOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        ReportFormat reportFormat = ReportFormat.fromId(format);
        Instant now = Instant.now();
        Warnings warnings = imageOptions.warnings(err);
        // Everything the user typed is checked before the image is read, so a typo costs nothing.
        Policy policy = policy(now, warnings);
        ServerUpload upload = server == null ? null : new ServerUpload(server, token, stage, ServerUpload.parseContext(context));
        try (VulnDb vdb = VulnDb.open(db)) {
            Catalog catalog = imageOptions.catalog(image, err, warnings);
            Scanner scanner = new Scanner(vdb, new SeveritySelector(severitySources), policy.withImageDigest(
                    catalog.image().manifestDigest() == null ? null : catalog.image().manifestDigest().toString()), Main.version(), maxDbAge);
            int before = warnings.list().size();
            ScanReport report = scanner.scan(catalog, SbomTimestamp.fromEnvironment(), now, warnings.list());
            report.warnings().stream().skip(before).forEach(warnings::add);
            boolean color = reportFormat == ReportFormat.TABLE && output == null && Boolean.getBoolean("drydock.stdout.tty")
                    && System.getenv("NO_COLOR") == null;
            ReportWriter writer = reportFormat.writer(color, showSuppressed);
            spec.commandLine().getOut().flush();
            OutputFile.write(output, parent.stdout, out -> writer.write(report, out));
            if (upload != null) {
                upload.send(report, catalog, Main.version());
                if (!imageOptions.quiet) err.println("uploaded the scan to " + server);
            }
            if (report.gate().failed() && report.gate().breakGlass() != null) {
                err.println("!!! BREAK-GLASS: the gate failed on " + report.gate().failing().size()
                        + " finding(s) and was overridden: \"" + report.gate().breakGlass().reason() + "\"");
                err.println("!!! The override, its reason, time and CI context are recorded in the report.");
            } else if (report.gate().failed() && exitCode != 0 && !imageOptions.quiet) {
                err.println("drydock: gate failed: " + report.gate().failing().size() + " finding(s) of "
                        + severityList(policy.severities()));
            }
            return report.gate().effectiveExitCode();
        }
    }

    private Policy policy(Instant now, Warnings warnings) {
        Set<Severity> set = EnumSet.noneOf(Severity.class);
        if (severities != null) {
            for (String s : severities) {
                if (s.isBlank()) continue;
                try {
                    set.add(Severity.valueOf(s.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new BadInputException("--severity: unknown severity '" + dev.drydock.model.UntrustedText.printable(s, 40)
                            + "'; use UNKNOWN, NEGLIGIBLE, LOW, MEDIUM, HIGH or CRITICAL");
                }
            }
        }
        List<IgnoreRule> rules = new ArrayList<>();
        List<Path> files = ignoreFiles;
        if (files.isEmpty()) files = DEFAULT_IGNORE_FILES.stream().map(Path::of).filter(Files::isRegularFile).toList();
        for (Path f : files) rules.addAll(IgnoreFiles.read(f, warnings::add));
        List<VexStatement> statements = new ArrayList<>();
        for (Path f : vex) statements.addAll(VexDocuments.read(f, warnings::add));
        return Policy.builder(LocalDate.ofInstant(now, ZoneOffset.UTC), now)
                .severities(set.isEmpty() ? EnumSet.allOf(Severity.class) : set)
                .ignoreUnfixed(ignoreUnfixed)
                .exitCode(exitCode)
                .ignoreRules(rules)
                .vex(statements)
                .breakGlass(breakGlass)
                .ciEnv(System.getenv())
                .build();
    }

    private static String severityList(Set<Severity> set) {
        return set.size() == Severity.values().length ? "any severity"
                : "severity " + String.join(",", set.stream().sorted().map(Severity::name).toList());
    }
}
