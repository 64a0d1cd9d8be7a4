package dev.drydock.report;

import dev.drydock.model.Finding;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.drydock.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class MarkdownReportWriterTest {
    @Test
    void titlesTheImageAndCountsFindingsBySeverity() throws Exception {
        String md = text(new MarkdownReportWriter(), sample());

        assertThat(md).startsWith("## drydock scan: registry.example.com/shop/api&#58;1.4.2\n");
        assertThat(md).contains("| Critical | High | Medium | Low | Negligible | Unknown | Suppressed |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|\n"
                + "| 1 | 1 | 1 | 0 | 0 | 0 | 3 |\n");
        assertThat(md).contains("`" + MANIFEST + "`").contains("143 packages");
    }

    @Test
    void tablesTheFindingsWithTheIdLinkedToItsFirstReference() throws Exception {
        String md = text(new MarkdownReportWriter(), sample());

        assertThat(md).contains("| Severity | ID | Package | Installed | Fixed | Status |");
        assertThat(md).contains("| Critical | [CVE-2021-44228](https://github.com/advisories/GHSA-jfh8-c2jp-5v3q) | log4j-core | 2.14.1 | 2.15.0 | fixed |");
        // A tilde is escaped too: GitHub strikes through text between two single tildes, and Debian versions have them.
        assertThat(md).contains("| High | [CVE-2023-5363](https://security-tracker.debian.org/tracker/CVE-2023-5363) | libssl3 | "
                + "3.0.11-1&#126;deb12u1 | 3.0.11-1&#126;deb12u2 | fixed |");
        assertThat(tableRows(md, "| Severity |")).hasSize(3);
    }

    @Test
    void statesTheGateVerdict() throws Exception {
        assertThat(text(new MarkdownReportWriter(), sample())).contains("**Gate: failed** ❌ 2 finding(s) at critical, high; unfixed ignored");
        assertThat(text(new MarkdownReportWriter(), report(passingGate()))).contains("**Gate: passed** ✅ (critical)");
        String overridden = text(new MarkdownReportWriter(), report(overriddenGate()));
        assertThat(overridden).contains("> [!WARNING]\n> **Gate: overridden by break-glass**")
                .contains("> Reason: hotfix for checkout outage INC-4711 (at 2026-11-20T10:14:00Z)")
                .contains("actor: octo-dev");
    }

    @Test
    void putsSuppressedFindingsWithReasonsInADetailsBlock() throws Exception {
        String md = text(new MarkdownReportWriter(), sample());
        String details = md.substring(md.indexOf("<details>"), md.indexOf("</details>"));

        assertThat(details).startsWith("<details><summary>3 suppressed finding(s)</summary>\n\n| ID |");
        assertThat(details).contains("| CVE-2023-4039 | libgcc-s1 | 12.2.0-14 | ignore-file (.drydockignore&#58;3) | image runs on amd64 only, until 2027-01-31 |");
        assertThat(details).contains("| CVE-2011-3374 | apt | 2.6.1 | unfixed | no fix available |");
        assertThat(md.substring(0, md.indexOf("<details>"))).doesNotContain("CVE-2023-45853");
    }

    @Test
    void capsTheFindingsTableAndSaysHowManyWereLeftOut() throws Exception {
        List<Finding> many = new ArrayList<>();
        for (int i = 0; i < MarkdownReportWriter.MAX_ROWS + 25; i++) many.add(openssl());
        String md = text(new MarkdownReportWriter(), report(many, failingGate(), List.of()));

        assertThat(tableRows(md, "| Severity |")).hasSize(MarkdownReportWriter.MAX_ROWS);
        assertThat(md).contains("… and 25 more");
    }

    @Test
    void aTitleOrPackageCannotBreakTheTableOrInjectHtml() throws Exception {
        Finding hostile = hostile("<script>alert(1)</script> a|b `code` [x](https://evil.example) @org/team #1\nnext");
        String md = text(new MarkdownReportWriter(), report(List.of(hostile, openssl()), failingGate(),
                List.of("warning | with <b>html</b>")));

        List<String> rows = tableRows(md, "| Severity |");
        assertThat(rows).hasSize(2);
        // Six cells: a row with an unescaped pipe would have more.
        for (String row : rows) assertThat(row.split("(?<!\\\\)\\|", -1)).hasSize(8);
        assertThat(md).doesNotContain("<b>").doesNotContain("<script>").doesNotContain("<img").doesNotContain("@org")
                .doesNotContain("\u001b").doesNotContain("](https://evil");
        assertThat(rows.get(0)).contains("evil&#124;pkg&#60;b&#62;").contains("1.0.1&#96;&#124;");
        // The references were a javascript: URL and a URL with brackets: neither becomes a link.
        assertThat(rows.get(0)).contains("| GHSA-xxxx-yyyy-zzzz |");
        assertThat(md).contains("- warning &#124; with &#60;b&#62;html&#60;/b&#62;");
    }

    @Test
    void cellEscapesEveryCharacterWithAMarkdownOrHtmlMeaning() {
        assertThat(MarkdownReportWriter.cell("a|b", 80)).isEqualTo("a&#124;b");
        assertThat(MarkdownReportWriter.cell("<script>", 80)).isEqualTo("&#60;script&#62;");
        assertThat(MarkdownReportWriter.cell("`x` [y] \\", 80)).isEqualTo("&#96;x&#96; &#91;y&#93; &#92;");
        assertThat(MarkdownReportWriter.cell("line\nbreak\r\n", 80)).isEqualTo("line break ");
        assertThat(MarkdownReportWriter.cell("&lt;", 80)).isEqualTo("&#38;lt;");
        assertThat(MarkdownReportWriter.cell(null, 80)).isEmpty();
    }

    @Test
    void writesTheSameTextForTheSameReport() throws Exception {
        assertThat(text(new MarkdownReportWriter(), report(overriddenGate())))
                .isEqualTo(text(new MarkdownReportWriter(), report(overriddenGate())));
    }

    /** The data rows of the table whose header line starts with {@code header}. */
    private static List<String> tableRows(String md, String header) {
        List<String> lines = md.lines().toList();
        int start = -1;
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).startsWith(header)) start = i + 2;
        List<String> rows = new ArrayList<>();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) rows.add(lines.get(i));
        return rows;
    }
}
