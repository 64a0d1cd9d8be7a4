package dev.drydock.policy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The truth table of a constraint purl against a package's purl. */
class PurlPatternTest {
    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            // type, namespace and name always count
            "pkg:deb/debian/openssl                         | pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12 | true",
            "pkg:deb/debian/openssl                         | pkg:deb/ubuntu/openssl@3.0.11-1?arch=amd64                            | false",
            "pkg:deb/debian/openssl                         | pkg:rpm/debian/openssl@3.0.11-1                                        | false",
            "pkg:deb/debian/openssl                         | pkg:deb/debian/libssl3@3.0.11-1                                        | false",
            "pkg:npm/lodash                                 | pkg:npm/%40types/lodash@4.14.0                                         | false",
            "pkg:npm/%40types/lodash                        | pkg:npm/%40types/lodash@4.14.0                                         | true",
            "pkg:maven/org.apache.logging.log4j/log4j-core  | pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1                   | true",
            // version only when the constraint has one
            "pkg:deb/debian/openssl@3.0.11-1~deb12u2        | pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64                     | true",
            "pkg:deb/debian/openssl@3.0.11-1~deb12u1        | pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64                     | false",
            "pkg:deb/debian/openssl@3.0.11-1~deb12u2        | pkg:deb/debian/openssl                                                 | false",
            // qualifiers only those the constraint has
            "pkg:deb/debian/openssl?arch=amd64              | pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12            | true",
            "pkg:deb/debian/openssl?arch=arm64              | pkg:deb/debian/openssl@3.0.11-1?arch=amd64&distro=debian-12            | false",
            "pkg:deb/debian/openssl?distro=debian-11        | pkg:deb/debian/openssl@3.0.11-1?arch=amd64                             | false",
            "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64        | pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64                                | true",
            "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7         | pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64                                | false",
            // subpath only when the constraint has one
            "pkg:golang/github.com/a/b#cmd/x                | pkg:golang/github.com/a/b@v1.0.0#cmd/y                                 | false",
            "pkg:golang/github.com/a/b                      | pkg:golang/github.com/a/b@v1.0.0#cmd/y                                 | true",
            // case: purl types are case-insensitive, the oci digest is decoded from %3A
            "pkg:DEB/debian/openssl                         | pkg:deb/debian/openssl@1                                               | true",
            "pkg:oci/alpine@sha256%3Aabc                    | pkg:oci/alpine@sha256:abc                                              | true",
    })
    void truthTable(String constraint, String target, boolean expected) {
        assertThat(PurlPattern.parse(constraint.strip()).matches(target.strip())).isEqualTo(expected);
    }

    @Test
    void unparsableOrMissingTargetsNeverMatch() {
        PurlPattern p = PurlPattern.parse("pkg:deb/debian/openssl");
        assertThat(p.matches((String) null)).isFalse();
        assertThat(p.matches("")).isFalse();
        assertThat(p.matches("not a purl")).isFalse();
    }

    @Test
    void badConstraintIsAnError() {
        assertThatThrownBy(() -> PurlPattern.parse("debian/openssl")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PurlPattern.parse("pkg:")).isInstanceOf(IllegalArgumentException.class);
    }
}
