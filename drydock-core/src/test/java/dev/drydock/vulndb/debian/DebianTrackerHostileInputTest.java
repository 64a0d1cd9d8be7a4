package dev.drydock.vulndb.debian;

import dev.drydock.catalog.Warnings;
import dev.drydock.image.BadInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static dev.drydock.vulndb.debian.DebianTrackerFixtureTest.read;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each hostile shape: the read fails with BadInputException, or the part is skipped with a warning. */
@Timeout(30)
class DebianTrackerHostileInputTest {
    private static final DebianTrackerLimits SMALL = new DebianTrackerLimits(64 * 1024, 5, 3, 4, 2, 1000, 50);

    private final Warnings warnings = new Warnings();
    private final DebianTrackerParser parser = new DebianTrackerParser(SMALL, warnings);

    private static String release(String codename, String fixed) {
        return "\"" + codename + "\": {\"status\": \"resolved\", \"fixed_version\": \"" + fixed + "\", \"urgency\": \"low\"}";
    }

    private static final String GOOD = "\"zlib\": {\"CVE-2022-37434\": {\"releases\": {" + release("bookworm", "1:1.2.13.dfsg-1") + "}}}";

    @Test
    void malformedJson() {
        assertThatThrownBy(() -> read(parser, "{" + GOOD + ", \"x\": {\"CVE-1\": {\"releases\": {"))
                .isInstanceOf(BadInputException.class).hasMessageStartingWith("malformed Debian tracker JSON");
        assertThatThrownBy(() -> read(parser, "")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> read(parser, "[]")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> read(parser, "{" + GOOD + "} {}")).isInstanceOf(BadInputException.class);
        assertThatThrownBy(() -> read(parser, "{" + GOOD + ", " + GOOD + "}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("Duplicate");
    }

    @Test
    void wrongTypesSkipOnlyTheirPart() {
        String json = "{"
                + "\"a\": [1, 2, {\"deep\": []}],"
                + "\"b\": {\"CVE-1\": \"text\", \"CVE-2\": {\"releases\": {\"sid\": {\"status\": 5}}},"
                + "       \"CVE-3\": {\"debianbug\": \"x\", \"releases\": {}}"
                + "       }, \"b2\": {\"CVE-4\": {\"releases\": [{\"status\": \"open\"}]},"
                + "       \"CVE-5\": {\"releases\": {" + release("sid", "1.0-1") + "}}},"
                + "\"c\": {\"CVE-6\": {\"releases\": {\"sid\": {\"status\": \"resolved\"}, "
                + "                                   \"trixie\": {\"status\": \"fixed-ish\", \"urgency\": \"low\"},"
                + "                                   \"bookworm\": {\"status\": \"resolved\", \"fixed_version\": \"not a version!\"}}}},"
                + GOOD + "}";
        List<DebianTrackerRecord> all = read(parser, json);
        assertThat(all).extracting(DebianTrackerRecord::sourcePackage, DebianTrackerRecord::vulnerabilityId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("b2", "CVE-5"),
                        org.assertj.core.groups.Tuple.tuple("zlib", "CVE-2022-37434"));
        assertThat(all.get(1).fixedVersion()).isEqualTo("1:1.2.13.dfsg-1");
        assertThat(warnings.list()).contains(
                "Debian tracker: skipped package a: package is not an object",
                "Debian tracker: skipped b CVE-1: issue is not an object",
                "Debian tracker: skipped b CVE-2: status is not a string",
                "Debian tracker: skipped b CVE-3: debianbug is not a bug number",
                "Debian tracker: skipped b2 CVE-4: releases is a non-empty array",
                "Debian tracker: skipped c CVE-6 sid: status resolved not understood",
                "Debian tracker: skipped c CVE-6 trixie: status fixed-ish not understood",
                "Debian tracker: skipped c CVE-6 bookworm: fixed version not a version! is not a Debian version");
    }

    @Test
    void absurdCounts() {
        StringBuilder manyIssues = new StringBuilder("{\"big\": {");
        for (int i = 0; i < 10; i++) manyIssues.append(i == 0 ? "" : ",").append("\"CVE-").append(i).append("\": {}");
        manyIssues.append("}, ").append(GOOD).append("}");
        assertThat(read(parser, manyIssues.toString())).extracting(DebianTrackerRecord::sourcePackage).containsExactly("zlib");
        assertThat(warnings.list()).contains("Debian tracker: skipped package big: more than 3 issues");

        String manyReleases = "{\"big\": {\"CVE-1\": {\"releases\": {" + release("a", "1") + "," + release("b", "1") + ","
                + release("c", "1") + "," + release("d", "1") + "," + release("e", "1") + "}}}, " + GOOD + "}";
        assertThat(read(parser, manyReleases)).extracting(DebianTrackerRecord::sourcePackage).containsExactly("zlib");
        assertThat(warnings.list()).contains("Debian tracker: skipped package big: more than 4 releases in one issue");

        String manyRepos = "{\"big\": {\"CVE-1\": {\"releases\": {\"sid\": {\"status\": \"open\", "
                + "\"repositories\": {\"a\": \"1\", \"b\": \"1\", \"c\": \"1\"}}}}}}";
        assertThat(read(parser, manyRepos)).isEmpty();
        assertThat(warnings.list()).contains("Debian tracker: skipped package big: more than 2 repositories in one release");

        StringBuilder manyPackages = new StringBuilder("{");
        for (int i = 0; i < 6; i++) manyPackages.append(i == 0 ? "" : ",").append("\"p").append(i).append("\": {}");
        assertThatThrownBy(() -> read(parser, manyPackages.append("}").toString()))
                .isInstanceOf(BadInputException.class).hasMessageContaining("more than 5 packages");

        String huge = "{\"p\": {\"CVE-1\": {\"description\": \"" + "x".repeat(70_000) + "\"}}}";
        assertThatThrownBy(() -> read(parser, huge)).isInstanceOf(BadInputException.class);
    }

    @Test
    void hugeStringsAndNames() {
        assertThatThrownBy(() -> read(parser, "{\"p\": {\"CVE-1\": {\"description\": \"" + "x".repeat(2000) + "\"}}}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("String value length");
        assertThatThrownBy(() -> read(parser, "{\"" + "p".repeat(2000) + "\": {}}"))
                .isInstanceOf(BadInputException.class).hasMessageContaining("Name length");
        // Under the cap: kept, but descriptions are cut and long names refused.
        List<DebianTrackerRecord> all = read(parser, "{\"p\": {\"CVE-1\": {\"description\": \"" + "d".repeat(900)
                + "\", \"releases\": {" + release("sid", "1.0") + "}}}, \"" + "q".repeat(300) + "\": {}}");
        assertThat(all).singleElement().satisfies(r -> assertThat(r.description()).hasSize(50));
        assertThat(warnings.list()).anyMatch(w -> w.contains("unusable source package name"));
    }

    @Test
    void deepNesting() {
        String deep = "{\"p\": {\"CVE-1\": {\"scope\": " + "[".repeat(10_000) + "]".repeat(10_000) + "}}}";
        assertThatThrownBy(() -> read(parser, deep))
                .isInstanceOf(BadInputException.class).hasMessageContaining("nesting depth");
    }

    @Test
    void controlCharactersNeverReachWarnings() {
        read(parser, "{\"p\\u0007\": {}, \"q\": {\"CVE-\\n1\": {}}}");
        assertThat(warnings.list()).hasSize(2).allMatch(w -> w.chars().noneMatch(c -> c < ' '));
    }
}
