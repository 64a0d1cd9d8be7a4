package dev.drydock.vulndb.alpine;

import dev.drydock.catalog.Warnings;
import dev.drydock.image.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each hostile shape: the read fails with BadInputException, or the part is skipped with a warning. */
@Timeout(30)
class AlpineSecdbHostileInputTest {
    private static final AlpineSecdbLimits SMALL = new AlpineSecdbLimits(16 * 1024, 3, 2, 3, 500);

    private final Warnings warnings = new Warnings();
    private final AlpineSecdbParser parser = new AlpineSecdbParser(SMALL, warnings);

    private AlpineSecdb parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String doc(String packages) {
        return "{\"distroversion\": \"v3.19\", \"reponame\": \"main\", \"packages\": [" + packages + "]}";
    }

    private static final String GOOD = "{\"pkg\": {\"name\": \"zlib\", \"secfixes\": {\"1.2.12-r2\": [\"CVE-2022-37434\"]}}}";

    @Test
    void malformedJson() {
        assertThatThrownBy(() -> parse(doc(GOOD).substring(0, 60))).isInstanceOf(BadInputException.class)
                .hasMessageStartingWith("malformed Alpine secdb JSON");
        assertThatThrownBy(() -> parse("")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> parse(doc(GOOD) + "{}")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> parse("{\"distroversion\": \"v3.19\", \"distroversion\": \"v3.20\", \"reponame\": \"main\", \"packages\": []}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("Duplicate");
    }

    @Test
    void wrongTypes() {
        assertThatThrownBy(() -> parse("[]")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> parse("{\"distroversion\": 3.19, \"reponame\": \"main\", \"packages\": []}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("distroversion");
        assertThatThrownBy(() -> parse("{\"distroversion\": \"../etc\", \"reponame\": \"main\", \"packages\": []}"))
                .isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> parse("{\"distroversion\": \"v3.19\", \"reponame\": \"main\", \"packages\": {}}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("packages");

        AlpineSecdb db = parse(doc("\"text\", {\"pkg\": {\"name\": 7}}, "
                + "{\"pkg\": {\"name\": \"a\", \"secfixes\": {\"1.0-r0\": [42], \"2.0-r0\": \"CVE-1-2\"}}}"));
        assertThat(db.fixes()).isEmpty();
        db = parse(doc("{\"pkg\": {\"name\": \"b\", \"secfixes\": {\"not a version\": [\"CVE-2020-1\"], \"1.0-r1\": [\"see the wiki\"]}}}, " + GOOD));
        assertThat(db.fixes()).extracting(AlpineSecfix::packageName).containsExactly("zlib");
        assertThat(warnings.list()).contains(
                "Alpine secdb 3.19/main: skipped package #0: no pkg object",
                "Alpine secdb 3.19/main: skipped package #1: no usable name",
                "Alpine secdb 3.19/main: skipped package #2: a 1.0-r0: an id is not a string",
                "Alpine secdb: skipped b not a version: not an apk version",
                "Alpine secdb: b 1.0-r1: ignored wiki (not an id)",
                "Alpine secdb: skipped b 1.0-r1: no vulnerability ids");
    }

    @Test
    void absurdSizesAndCounts() {
        assertThatThrownBy(() -> parser.read(new ByteArrayInputStream(new byte[20 * 1024])))
                .isInstanceOf(BadInputException.class).hasMessageContaining("exceeds");
        assertThatThrownBy(() -> parse(doc(GOOD + "," + GOOD + "," + GOOD + "," + GOOD)))
                .isInstanceOf(BadInputException.class).hasMessageContaining("more than 3 packages");
        AlpineSecdb db = parse(doc("{\"pkg\": {\"name\": \"many\", \"secfixes\": {\"1-r0\": [], \"2-r0\": [], \"3-r0\": []}}},"
                + "{\"pkg\": {\"name\": \"ids\", \"secfixes\": {\"1-r0\": [\"CVE-1-1\", \"CVE-1-2\", \"CVE-1-3\", \"CVE-1-4\"]}}}," + GOOD));
        assertThat(db.fixes()).extracting(AlpineSecfix::packageName).containsExactly("zlib");
        assertThat(warnings.list()).contains(
                "Alpine secdb 3.19/main: skipped package #0: many: more than 2 fixed versions",
                "Alpine secdb 3.19/main: skipped package #1: ids 1-r0: more than 3 ids");
    }

    @Test
    void hugeStrings() {
        assertThatThrownBy(() -> parse(doc("{\"pkg\": {\"name\": \"" + "n".repeat(600) + "\"}}")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("String value length");
        assertThatThrownBy(() -> parse(doc("{\"pkg\": {\"name\": \"n\", \"secfixes\": {\"" + "1".repeat(600) + "\": []}}}")))
                .isInstanceOf(BadInputException.class).hasMessageContaining("Name length");
        // Under the cap but longer than any version apk accepts: that version is skipped, not the document.
        AlpineSecdb db = parse(doc("{\"pkg\": {\"name\": \"n\", \"secfixes\": {\"1." + "1".repeat(400) + "-r0\": [\"CVE-2020-1\"]}}}"));
        assertThat(db.fixes()).isEmpty();
        assertThat(warnings.list()).singleElement().asString().contains("not an apk version");
    }

    @Test
    void deepNesting() {
        String deep = doc("{\"pkg\": {\"name\": \"n\", \"extra\": " + "[".repeat(5000) + "]".repeat(5000) + "}}");
        assertThatThrownBy(() -> parse(deep)).isInstanceOf(BadInputException.class).hasMessageContaining("nesting depth");
    }
}
