package dev.drydock.policy;

import dev.drydock.image.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The .trivyignore line format as drydock reads it in .drydockignore. */
class IgnoreFileParserTest {
    private static List<IgnoreRule> parse(String text) {
        return IgnoreFileParser.parse(".drydockignore", text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsIdsCommentsExpiryAndTrailingText() {
        List<IgnoreRule> rules = parse("""
                # accepted risks, reviewed quarterly
                CVE-2019-0001

                  CVE-2019-0004 exp:2020-01-01
                CVE-2019-0006 exp:9999-01-01 key2:value2
                GHSA-xxxx-yyyy-zzzz # only reachable from the test harness
                CVE-2023-1111 vendored copy, exp:2025-06-30 see ticket SEC-12
                """);
        assertThat(rules).extracting(IgnoreRule::vulnerabilityId)
                .containsExactly("CVE-2019-0001", "CVE-2019-0004", "CVE-2019-0006", "GHSA-xxxx-yyyy-zzzz", "CVE-2023-1111");
        assertThat(rules).extracting(IgnoreRule::origin)
                .containsExactly(".drydockignore:2", ".drydockignore:4", ".drydockignore:5", ".drydockignore:6", ".drydockignore:7");
        assertThat(rules.get(0).expires()).isNull();
        assertThat(rules.get(1).expires()).isEqualTo(LocalDate.of(2020, 1, 1));
        assertThat(rules.get(2).statement()).isEqualTo("key2:value2");
        assertThat(rules.get(3).statement()).isEqualTo("only reachable from the test harness");
        // Trivy finds exp: among all later fields, not only the second
        assertThat(rules.get(4).expires()).isEqualTo(LocalDate.of(2025, 6, 30));
        assertThat(rules.get(4).statement()).isEqualTo("vendored copy, see ticket SEC-12");
        assertThat(rules).allSatisfy(r -> assertThat(r.purls()).isEmpty());
    }

    @Test
    void windowsLineEndingsAndByteOrderMark() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] body = "CVE-2024-1\r\n# c\r\nCVE-2024-2 exp:2030-01-01\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] all = Arrays.copyOf(bom, bom.length + body.length);
        System.arraycopy(body, 0, all, bom.length, body.length);
        List<IgnoreRule> rules = IgnoreFileParser.parse(".drydockignore", all);
        assertThat(rules).extracting(IgnoreRule::vulnerabilityId).containsExactly("CVE-2024-1", "CVE-2024-2");
        assertThat(rules.get(1).origin()).isEqualTo(".drydockignore:3");
    }

    @Test
    void emptyAndCommentOnlyFilesIgnoreNothing() {
        assertThat(parse("")).isEmpty();
        assertThat(parse("# nothing yet\n\n   \n")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"exp:2024/01/01", "exp:01-01-2024", "exp:2024-13-01", "exp:2024-02-30", "exp:", "exp:tomorrow"})
    void badExpiryDateNamesFileAndLine(String exp) {
        assertThatThrownBy(() -> parse("CVE-2024-1\n\nCVE-2024-2 " + exp + "\n"))
                .isInstanceOf(BadInputException.class)
                .hasMessageStartingWith(".drydockignore:3: expiry date");
    }

    @Test
    void binaryGarbageIsRefused() {
        byte[] junk = new byte[4096];
        new java.util.Random(7).nextBytes(junk);
        junk[10] = 0;
        assertThatThrownBy(() -> IgnoreFileParser.parse(".drydockignore", junk))
                .isInstanceOf(BadInputException.class).hasMessageContaining("binary");
    }

    @Test
    void invalidUtf8IsRefused() {
        assertThatThrownBy(() -> IgnoreFileParser.parse(".drydockignore", new byte[]{'C', 'V', 'E', (byte) 0xC3, (byte) 0x28}))
                .isInstanceOf(BadInputException.class).hasMessageContaining("not UTF-8");
    }

    @Test
    void controlCharactersInARuleAreRefused() {
        assertThatThrownBy(() -> parse("CVE-2024-1 \u001b[2J cleared\n"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith(".drydockignore:1:");
    }

    @Test
    void overlongIdIsRefused() {
        assertThatThrownBy(() -> parse("CVE-" + "9".repeat(300)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("longer than");
    }

    @Test
    void oversizeFileIsRefusedWithoutReadingItAll() throws Exception {
        Path f = Files.createTempFile("drydockignore", "");
        try {
            byte[] line = "CVE-2024-00001 padding padding padding\n".getBytes(StandardCharsets.US_ASCII);
            try (var out = Files.newOutputStream(f)) {
                for (int i = 0; i <= PolicyInput.MAX_IGNORE_FILE_BYTES / line.length; i++) out.write(line);
            }
            List<String> warnings = new ArrayList<>();
            assertThatThrownBy(() -> IgnoreFiles.read(f, warnings::add))
                    .isInstanceOf(BadInputException.class).hasMessageContaining("larger than 4 MB");
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void missingFileIsOneLine() {
        assertThatThrownBy(() -> IgnoreFiles.read(Path.of("/nonexistent/.drydockignore"), w -> { }))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("cannot read /nonexistent/.drydockignore");
    }
}
