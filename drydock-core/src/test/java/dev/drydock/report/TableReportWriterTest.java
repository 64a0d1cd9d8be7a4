package dev.drydock.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.drydock.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class TableReportWriterTest {
    private static final String ESC = "\u001b";

    @Test
    void showsTheImageOsDatabaseAndCountsBySeverity() throws Exception {
        String out = text(new TableReportWriter(false), sample());

        assertThat(out).contains("Image:     " + REFERENCE)
                .contains("Digest:    " + MANIFEST)
                .contains("OS:        Debian GNU/Linux 12 (bookworm)")
                .contains("DB:        built 2026-11-20T03:00:00Z")
                .contains("Findings:  3 (critical 1, high 1, medium 1, low 0, negligible 0, unknown 0), 3 suppressed");
    }

    @Test
    void groupsFindingsUnderTheirPackageMostSevereFirst() throws Exception {
        String out = text(new TableReportWriter(false), sample());

        int log4j = out.indexOf("log4j-core 2.14.1 (maven)");
        int libssl = out.indexOf("libssl3 3.0.11-1~deb12u1 (deb)");
        assertThat(log4j).isPositive();
        assertThat(libssl).isGreaterThan(log4j);
        // Both OpenSSL findings sit under the one libssl3 heading, which appears once.
        assertThat(out.indexOf("libssl3 3.0.11-1~deb12u1 (deb)", libssl + 1)).isEqualTo(-1);
        assertThat(out.indexOf("CVE-2023-5363")).isGreaterThan(libssl);
        assertThat(out.indexOf("CVE-2024-0727")).isGreaterThan(out.indexOf("CVE-2023-5363"));
        assertThat(out).containsPattern("CVE-2023-5363 +HIGH +fixed +3\\.0\\.11-1~deb12u2 +Incorrect cipher key & IV length processing");
        assertThat(out).containsPattern("CVE-2021-44228 +CRITICAL +fixed +2\\.15\\.0 +Remote code injection in Log4j");
    }

    @Test
    void listsSuppressedFindingsSeparatelyWithTheirReason() throws Exception {
        String out = text(new TableReportWriter(false), sample());
        String suppressed = out.substring(out.indexOf("Suppressed (3)"));

        assertThat(suppressed).contains("CVE-2023-45853  zlib1g 1:1.2.13.dfsg-1  vex: vulnerable_code_not_present")
                .contains("CVE-2023-4039  libgcc-s1 12.2.0-14  ignore-file: image runs on amd64 only (.drydockignore:3), expires 2027-01-31")
                .contains("CVE-2011-3374  apt 2.6.1  unfixed: no fix available");
        assertThat(out.substring(0, out.indexOf("Suppressed ("))).doesNotContain("CVE-2023-45853");
    }

    @Test
    void endsWithTheGateVerdict() throws Exception {
        String failed = text(new TableReportWriter(false), sample());
        assertThat(failed.strip().lines().filter(l -> l.startsWith("Gate:"))).containsExactly(
                "Gate: FAILED, 2 finding(s) at critical,high, unfixed ignored (exit code 1)");
        assertThat(failed).contains("  CVE-2021-44228/" + LOG4J_PURL);

        String passed = text(new TableReportWriter(false), report(passingGate()));
        assertThat(passed.strip()).endsWith("Gate: PASSED (critical)");
    }

    @Test
    void announcesABreakGlassLoudly() throws Exception {
        String plain = text(new TableReportWriter(false), report(overriddenGate()));
        assertThat(plain).contains("!!! BREAK-GLASS: the failing gate was OVERRIDDEN; exit code 0 !!!")
                .contains("!!! reason: hotfix for checkout outage INC-4711")
                .contains("!!! actor: octo-dev")
                .contains("!".repeat(72));

        String coloured = text(new TableReportWriter(true), report(overriddenGate()));
        assertThat(coloured).contains(ESC + "[1;97;41m!!! BREAK-GLASS");
    }

    @Test
    void coloursSeveritiesOnlyWhenAsked() throws Exception {
        String plain = text(new TableReportWriter(false), sample());
        String coloured = text(new TableReportWriter(true), sample());

        assertThat(plain).doesNotContain(ESC);
        assertThat(coloured).contains(ESC + "[1;31mCRITICAL" + ESC + "[0m")
                .contains(ESC + "[31mHIGH" + ESC + "[0m")
                .contains(ESC + "[33mMEDIUM" + ESC + "[0m");
        // Colour codes must not shift the columns: stripped of them, the coloured table is the plain one.
        assertThat(coloured.replaceAll(ESC + "\\[[0-9;]*m", "")).isEqualTo(plain);
    }

    @Test
    void neverLetsAdvisoryTextReachTheTerminalAsEscapeSequences() throws Exception {
        String title = "\u001b[2J\u001b]0;pwned\u0007 wipe \u009b31m C1 \u202egnp.exe newline\nhere";
        String out = text(new TableReportWriter(false), report(with(allFindings(), hostile(title)), failingGate(),
                List.of("warning with \u001b[5mblink")));

        assertThat(out).doesNotContain(ESC).doesNotContain("\u0007").doesNotContain("\u009b").doesNotContain("\u202e");
        assertThat(out).contains("?[2J?]0;pwned? wipe ?31m C1 ?gnp.exe newline here");
        assertThat(out).contains("1.0.0?[2J").contains("warning with ?[5mblink");
    }

    @Test
    void cutsLongTitlesToTheColumnWidth() throws Exception {
        String out = text(new TableReportWriter(false), report(List.of(hostile("x".repeat(500))), failingGate(), List.of()));

        assertThat(out).contains("x".repeat(TableReportWriter.TITLE_WIDTH - 1) + "…").doesNotContain("x".repeat(TableReportWriter.TITLE_WIDTH));
    }

    @Test
    void saysSoWhenThereIsNothingToReport() throws Exception {
        String out = text(new TableReportWriter(false), report(List.of(), passingGate(), List.of()));

        assertThat(out).contains("No vulnerabilities found.").doesNotContain("Suppressed");
    }

    @Test
    void writesTheSameTextForTheSameReport() throws Exception {
        assertThat(text(new TableReportWriter(true), report(overriddenGate())))
                .isEqualTo(text(new TableReportWriter(true), report(overriddenGate())));
    }
}
