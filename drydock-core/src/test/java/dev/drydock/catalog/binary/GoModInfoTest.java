package dev.drydock.catalog.binary;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The module text: lines, replacements, quoted build settings. */
class GoModInfoTest {

    @Test
    void readsModulesReplacementsAndSettings() {
        String text = "path\texample.com/cmd/tool\n"
                + "mod\texample.com\tv1.0.0\th1:main=\n"
                + "dep\ta.example/x\tv0.1.0\th1:x=\n"
                + "=>\tfork.example/x\tv0.1.1\th1:fx=\n"
                + "dep\tb.example/y\tv2.0.0\n"
                + "=>\t../y\t\n"
                + "\n"
                + "build\t-compiler=gc\n"
                + "build\t-ldflags=\"-X main.version=1.0 -s\"\n"
                + "build\t\"key with=sign\"=\"tab\\there\"\n"
                + "build\tvcs.revision=abc\n";
        GoModInfo m = GoModInfo.parse(text);
        assertThat(m.problems()).isEmpty();
        assertThat(m.path()).isEqualTo("example.com/cmd/tool");
        assertThat(m.main()).isEqualTo(new GoModule("example.com", "v1.0.0", "h1:main=", null));
        assertThat(m.deps()).containsExactly(
                new GoModule("a.example/x", "v0.1.0", "h1:x=", new GoModule("fork.example/x", "v0.1.1", "h1:fx=", null)),
                new GoModule("b.example/y", "v2.0.0", "", new GoModule("../y", "", "", null)));
        assertThat(m.deps().get(1).replacement().isDirectory()).isTrue();
        assertThat(m.settings()).containsEntry("-compiler", "gc")
                .containsEntry("-ldflags", "-X main.version=1.0 -s")
                .containsEntry("key with=sign", "tab\there")
                .containsEntry("vcs.revision", "abc");
    }

    @Test
    void aReplacementWithNothingToReplaceIsMalformed() {
        GoModInfo m = GoModInfo.parse("=>\tx.example/y\tv1.0.0\t\nbuild\t\"unterminated=1\n");
        assertThat(m.deps()).isEmpty();
        assertThat(m.problems()).containsExactly("skipped 2 malformed line(s) of Go module information");
    }

    @Test
    void goQuotedEscapes() {
        int[] end = new int[1];
        assertThat(GoQuoted.unquote("\"a\\x41\\u00e9\\101\\\"z\"rest", 0, end)).isEqualTo("aAéA\"z");
        assertThat(end[0]).isEqualTo(20);
        assertThat(GoQuoted.unquote("\"bad\\q\"", 0, end)).isNull();
        assertThat(GoQuoted.unquote("\"open", 0, end)).isNull();
    }
}
