package dev.drydock.report;

import dev.drydock.image.BadInputException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.drydock.report.ReportFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsonReportReaderTest {
    private final JsonReportReader reader = new JsonReportReader();

    private static byte[] write(ScanReport r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new JsonReportWriter().write(r, out);
        return out.toByteArray();
    }

    /** Byte equality of write(read(write(r))) and write(r): every field the writer emits survives reading. */
    @Test
    void roundTripsEveryGateAndFindingKind() throws IOException {
        for (ScanReport r : List.of(sample(), report(failingGate()), report(overriddenGate()), report(passingGate()),
                report(with(allFindings(), hostile("<script>alert(1)</script>\u202e")), failingGate(), List.of("a warning")))) {
            byte[] first = write(r);
            byte[] second = write(reader.read(first));
            assertThat(new String(second, StandardCharsets.UTF_8)).isEqualTo(new String(first, StandardCharsets.UTF_8));
        }
    }

    @Test
    void readsTheFieldsBack() throws IOException {
        ScanReport r = reader.read(write(sample()));
        assertThat(r.findings()).hasSameSizeAs(sample().findings());
        assertThat(r.image().manifestDigest()).isEqualTo(sample().image().manifestDigest());
        assertThat(r.gate().failed()).isEqualTo(sample().gate().failed());
    }

    @Test
    void refusesMalformedAndHostileDocuments() {
        assertBad("{", "malformed");
        assertBad("[]", "must be a JSON object");
        assertBad("{\"schemaVersion\": 2}", "schemaVersion");
        assertBad("{\"schemaVersion\": 1, \"schemaVersion\": 1}", "malformed");
        assertBad("{\"schemaVersion\": 1} {}", "malformed");
        assertBad("[".repeat(10_000) + "]".repeat(10_000), "malformed");
    }

    @Test
    void namesTheBadFieldWithoutEchoingIt() throws IOException {
        String json = new String(write(sample()), StandardCharsets.UTF_8)
                .replaceFirst("\"createdAt\" : \"[^\"]*\"", "\"createdAt\" : \"<script>\"");
        assertThatThrownBy(() -> reader.read(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("createdAt").hasMessageNotContaining("<script>");
        String wrongType = new String(write(sample()), StandardCharsets.UTF_8).replaceFirst("\"findings\" : \\[", "\"findings\" : [ 7,");
        assertThatThrownBy(() -> reader.read(wrongType.getBytes(StandardCharsets.UTF_8))).isInstanceOf(BadInputException.class);
    }

    private void assertBad(String json, String message) {
        assertThatThrownBy(() -> reader.read(json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(BadInputException.class).hasMessageContaining(message);
    }
}
