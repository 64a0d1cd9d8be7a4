package dev.drydock.match;

import dev.drydock.model.PackageType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Whatever an image or feed contains, a scheme answers or throws InvalidVersionException; nothing else. */
class HostileVersionInputTest {

    static List<String> hostile() {
        List<String> out = new ArrayList<>(List.of("", " ", "1.0 ", "\u00e91.0", "1.0\n", "-", ":", "1:", "~", "^",
                "+", "..", "1..0", "v", "go", "=", "1.0.0-", "1.0.0+", "1!", "!1.0", "0:", "-r1", "_p1",
                "99999999999999999999999999999999999999.0", "1." + "9".repeat(200),
                "1.".repeat(127) + "1", "1" + "_p".repeat(120), "a".repeat(256), "1".repeat(257),
                "1.0-" + "a".repeat(100_000), "1." + "0".repeat(1_000_000)));
        Random r = new Random(7);
        String alphabet = "0123456789.-_+~^:!abcprvgz";
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + r.nextInt(40);
            for (int k = 0; k < n; k++) sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void everySchemeEitherOrdersOrRejectsWithInvalidVersionException() {
        List<String> inputs = hostile();
        for (PackageType type : PackageType.values()) {
            VersionScheme scheme = VersionScheme.of(type);
            for (String v : inputs) {
                for (String other : List.of("1.0", "1.0.0", v)) {
                    try {
                        int c = scheme.compare(v, other);
                        if (other.equals(v)) assertThat(c).as("%s: %s vs itself", type, v).isZero();
                    } catch (InvalidVersionException expected) {
                        assertThat(expected.scheme()).isEqualTo(scheme.name());
                        assertThat(expected.getMessage()).hasSizeLessThan(400);
                    }
                }
            }
        }
    }

    @Test
    void overLongInputIsRejectedBeforeParsing() {
        for (PackageType type : PackageType.values()) {
            VersionScheme scheme = VersionScheme.of(type);
            assertThat(scheme.isValid("1." + "0".repeat(VersionScheme.MAX_LENGTH))).isFalse();
            assertThat(scheme.isValid(null)).isFalse();
        }
    }

    @Test
    void pep440AtTheLengthCapNeitherOverflowsTheStackNorFails() {
        // versatile-core's PEP 440 parser overflows the stack on "1.1.1...." of 40,000 chars; at the cap it must answer.
        String longest = "1." + "1.".repeat(126) + "1";
        assertThat(longest.length()).isLessThanOrEqualTo(VersionScheme.MAX_LENGTH);
        assertThat(VersionScheme.of(PackageType.PYPI).compare(longest, "1.0")).isPositive();
    }

    @Test
    void hugeNumbersCompareWithoutOverflow() {
        assertThat(VersionScheme.of(PackageType.RPM).compare("99999999999999999999999", "99999999999999999999998")).isPositive();
        assertThat(VersionScheme.of(PackageType.NPM).compare("1.0.0-18446744073709551616", "1.0.0-9223372036854775807")).isPositive();
        assertThat(VersionScheme.of(PackageType.GEM).compare("1.99999999999999999999", "1.100")).isPositive();
        // versatile-core fails here (NumberFormatException): it parses dpkg digit runs into a long.
        assertThat(VersionScheme.of(PackageType.DEB).compare("1.99999999999999999999999", "1.99999999999999999999998")).isPositive();
    }
}
