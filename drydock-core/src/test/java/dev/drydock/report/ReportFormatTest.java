package dev.drydock.report;

import org.junit.jupiter.api.Test;

import static dev.drydock.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportFormatTest {
    @Test
    void findsAFormatByTheNameUsersType() {
        assertThat(ReportFormat.fromId("sarif")).isEqualTo(ReportFormat.SARIF);
        assertThat(ReportFormat.fromId(" Markdown ")).isEqualTo(ReportFormat.MARKDOWN);
        assertThat(ReportFormat.CYCLONEDX.mediaType()).isEqualTo("application/vnd.cyclonedx+json");
        assertThat(ReportFormat.SARIF.mediaType()).isEqualTo("application/sarif+json");
    }

    @Test
    void namesEveryValidFormatWhenTheNameIsUnknown() {
        assertThatThrownBy(() -> ReportFormat.fromId("html")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown report format 'html': use one of table, json, sarif, cyclonedx, markdown");
        assertThatThrownBy(() -> ReportFormat.fromId(null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ReportFormat.fromId("\u001b[2J")).hasMessageStartingWith("unknown report format '?[2J'");
    }

    @Test
    void makesAWorkingWriterForEachFormat() throws Exception {
        assertThat(ReportFormat.TABLE.writer(false)).isInstanceOf(TableReportWriter.class);
        assertThat(text(ReportFormat.TABLE.writer(true), sample())).contains("\u001b[");
        assertThat(text(ReportFormat.TABLE.writer(false), sample())).doesNotContain("\u001b[");
        assertThat(text(ReportFormat.JSON.writer(true), sample())).startsWith("{").doesNotContain("\u001b[");
        assertThat(text(ReportFormat.SARIF.writer(false), sample())).contains("\"version\" : \"2.1.0\"");
        assertThat(text(ReportFormat.CYCLONEDX.writer(false), sample())).contains("\"bomFormat\" : \"CycloneDX\"");
        assertThat(text(ReportFormat.MARKDOWN.writer(false), sample())).startsWith("## drydock scan");
    }
}
