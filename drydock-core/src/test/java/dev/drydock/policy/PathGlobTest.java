package dev.drydock.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PathGlobTest {
    @ParameterizedTest(name = "{0} ~ {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "**/*-lock.json          | package-lock.json                      | true",
            "**/*-lock.json          | app/web/package-lock.json              | true",
            "**/*-lock.json          | app/web/package.json                   | false",
            "bar/package.json        | bar/package.json                       | true",
            "bar/package.json        | /bar/package.json                      | true",
            "bar/package.json        | foo/bar/package.json                   | false",
            "usr/lib/*.jar           | usr/lib/a.jar                          | true",
            "usr/lib/*.jar           | usr/lib/x/a.jar                        | false",
            "usr/**/*.jar            | usr/a.jar                              | true",
            "usr/**/*.jar            | usr/lib/x/a.jar                        | true",
            "vendor/**               | vendor                                 | true",
            "vendor/**               | vendor/a/b/c.go                        | true",
            "vendor/**               | vendorx/a                              | false",
            "**                      | anything/at/all                        | true",
            "app/?.txt               | app/a.txt                              | true",
            "app/?.txt               | app//.txt                              | false",
            "app/[a-c].txt           | app/b.txt                              | true",
            "app/[!a-c].txt          | app/b.txt                              | false",
            "app/{x,y}/lib.so        | app/y/lib.so                           | true",
            "app/{x,y}/lib.so        | app/z/lib.so                           | false",
            "a\\*b                   | a*b                                    | true",
            "a\\*b                   | axb                                    | false",
    })
    void matches(String pattern, String path, boolean expected) {
        assertThat(PathGlob.compile(pattern.strip()).matches(path.strip())).isEqualTo(expected);
    }

    @Test
    void manyStarsStayLinear() {
        // a regular expression with this many stars would backtrack for ever on a near miss
        PathGlob g = PathGlob.compile("*a".repeat(200) + "b");
        assertThat(g.matches("a".repeat(4000))).isFalse();
    }

    @Test
    void badPatternsAreErrors() {
        assertThatThrownBy(() -> PathGlob.compile("a/{b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathGlob.compile("a/[b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathGlob.compile("x".repeat(2000))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathGlob.compile("{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}")).isInstanceOf(IllegalArgumentException.class);
    }
}
