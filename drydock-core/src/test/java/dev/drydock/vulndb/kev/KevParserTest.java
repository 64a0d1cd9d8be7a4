package dev.drydock.vulndb.kev;

import dev.drydock.catalog.Warnings;
import dev.drydock.image.BadInputException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The real CISA catalog, then each hostile shape: skipped with a warning or BadInputException. */
class KevParserTest {
    private static final KevLimits SMALL = new KevLimits(1 << 20, 5, 10_000, 100);

    private final Warnings warnings = new Warnings();
    private final KevParser parser = new KevParser(KevLimits.DEFAULT, warnings);

    private static InputStream fixture(String name) {
        InputStream in = KevParserTest.class.getResourceAsStream("/fixtures/kev/" + name);
        assertThat(in).as(name).isNotNull();
        return in;
    }

    private static InputStream json(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String catalog(String... entries) {
        return "{\"catalogVersion\":\"2025.01.01\",\"dateReleased\":\"2025-01-01T00:00:00.000Z\",\"count\":" + entries.length
                + ",\"vulnerabilities\":[" + String.join(",", entries) + "]}";
    }

    private static String entry(String id, String ransomware) {
        return "{\"cveID\":\"" + id + "\",\"vendorProject\":\"V\",\"product\":\"P\",\"dateAdded\":\"2025-01-02\","
                + "\"dueDate\":\"2025-01-23\",\"knownRansomwareCampaignUse\":\"" + ransomware + "\"}";
    }

    private static KevEntry find(KevCatalog c, String id) {
        return c.entries().stream().filter(e -> e.cveId().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void realGzipCatalog() {
        KevCatalog c = parser.readAll(fixture("known_exploited_vulnerabilities.json.gz"));

        assertThat(c.info()).isEqualTo(new KevCatalogInfo("2025.08.25", Instant.parse("2025-08-25T17:04:19.9796Z"), 1404));
        assertThat(c.entries()).hasSize(1404);
        assertThat(warnings.list()).isEmpty();
        assertThat(c.entries().stream().filter(e -> e.ransomwareUse() == KevRansomwareUse.KNOWN)).hasSize(293);

        assertThat(c.entries().get(0)).isEqualTo(new KevEntry("CVE-2025-48384", "Git", "Git", "Git Link Following Vulnerability",
                LocalDate.of(2025, 8, 25), LocalDate.of(2025, 9, 15), KevRansomwareUse.UNKNOWN, List.of("CWE-59", "CWE-436")));
        KevEntry log4shell = find(c, "CVE-2021-44228");
        assertThat(log4shell.vendorProject()).isEqualTo("Apache");
        assertThat(log4shell.product()).isEqualTo("Log4j2");
        assertThat(log4shell.dateAdded()).isEqualTo(LocalDate.of(2021, 12, 10));
        assertThat(log4shell.dueDate()).isEqualTo(LocalDate.of(2021, 12, 24));
        assertThat(log4shell.ransomwareUse()).isEqualTo(KevRansomwareUse.KNOWN);
        assertThat(log4shell.cwes()).containsExactly("CWE-20", "CWE-400", "CWE-502");
        KevEntry struts = find(c, "CVE-2017-5638");
        assertThat(struts.dateAdded()).isEqualTo(LocalDate.of(2021, 11, 3));
        assertThat(struts.ransomwareUse()).isEqualTo(KevRansomwareUse.KNOWN);
    }

    @Test
    void vunnelCatalogWithCountThatIsNotTheListLength() {
        KevCatalog c = parser.readAll(fixture("valid-catalog-1.json"));

        assertThat(c.info().catalogVersion()).isEqualTo("2025.02.19");
        assertThat(c.entries()).extracting(KevEntry::cveId).containsExactly("CVE-2025-0108", "CVE-2024-53704", "CVE-2024-57727");
        assertThat(c.entries().get(0).dueDate()).isEqualTo(LocalDate.of(2025, 3, 11));
        assertThat(c.entries().get(0).cwes()).containsExactly("CWE-306");
        // The fixture is a cut-down catalog that kept the real count of 1273.
        assertThat(warnings.list()).containsExactly("KEV: catalog says 1273 entries but holds 3");
    }

    @Test
    void malformedJsonOrNoListRejectsTheCatalog() {
        assertThatThrownBy(() -> parser.readAll(json("{\"vulnerabilities\":[" + entry("CVE-2025-1", "Known"))))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("malformed KEV JSON");
        assertThatThrownBy(() -> parser.readAll(json("{\"catalogVersion\":\"1\"}")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("no vulnerabilities");
        assertThatThrownBy(() -> parser.readAll(fixture("single-entry-example1.json"))).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> parser.readAll(json("{\"vulnerabilities\":{}}"))).isInstanceOf(BadInputException.class);
    }

    @Test
    void wrongTypesAndBadDatesSkipTheEntry() {
        KevCatalog c = parser.readAll(json(catalog(
                "{\"cveID\":7,\"vendorProject\":\"V\",\"product\":\"P\",\"dateAdded\":\"2025-01-02\"}",
                entry("CVE-2025-0002", "Known").replace("2025-01-02", "02/01/2025"),
                entry("CVE-2025-0003", "Known").replace("\"vendorProject\":\"V\",", ""),
                "[]",
                entry("CVE-2025-0005", "Known"),
                entry("CVE-2025-0006", "Maybe"))));

        assertThat(c.entries()).extracting(KevEntry::cveId, KevEntry::ransomwareUse).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CVE-2025-0005", KevRansomwareUse.KNOWN),
                org.assertj.core.groups.Tuple.tuple("CVE-2025-0006", KevRansomwareUse.UNKNOWN));
        assertThat(warnings.list()).hasSize(5).anySatisfy(w -> assertThat(w).contains("read as Unknown"));
    }

    @Test
    void hugeStringsAndTooManyEntriesAreBounded() {
        KevParser small = new KevParser(SMALL, warnings);
        KevCatalog c = small.readAll(json(catalog(entry("CVE-2025-0001", "Known").replace("\"P\"", "\"" + "p".repeat(500) + "\""),
                entry("CVE-2025-0002", "Known"))));
        assertThat(c.entries()).extracting(KevEntry::cveId).containsExactly("CVE-2025-0002");

        assertThatThrownBy(() -> small.readAll(json(catalog(entry("CVE-2025-0001", "x".repeat(20_000))))))
                .isInstanceOf(BadInputException.class);
        String[] many = new String[6];
        for (int i = 0; i < many.length; i++) many[i] = entry("CVE-2025-000" + i, "Known");
        assertThatThrownBy(() -> small.readAll(json(catalog(many)))).isInstanceOf(BadInputException.class)
                .hasMessageContaining("more than 5 entries");
    }

    @Test
    void gzipBombIsCutAtTheDocumentCap() {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        raw.writeBytes("{\"vulnerabilities\":[".getBytes(StandardCharsets.UTF_8));
        byte[] spaces = " ".repeat(1 << 16).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < 64; i++) raw.writeBytes(spaces);
        raw.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(raw.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThatThrownBy(() -> new KevParser(SMALL, warnings).readAll(new ByteArrayInputStream(out.toByteArray())))
                .isInstanceOf(BadInputException.class).hasMessageContaining("exceeds");
    }
}
