package dev.drydock.match;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdicts of the real tools, recorded by src/test/resources/versions/make-oracles.py:
 * dpkg --compare-versions (Debian dpkg) and rpm.vercmp (rpm 4.18), on every version in this
 * machine's dpkg status file plus hand-picked tricky ones (epochs, ~, ^, +, -1~deb12u2, alpha/numeric).
 */
class PackageManagerVersionOracleTest {

    record Verdict(String a, String b, int expected) {
    }

    static List<Verdict> load(String name) throws IOException {
        try (InputStream in = PackageManagerVersionOracleTest.class.getResourceAsStream("/versions/" + name)) {
            List<Verdict> out = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) continue;
                String[] f = line.split("\t");
                out.add(new Verdict(f[0], f[1], Integer.parseInt(f[2])));
            }
            return out;
        }
    }

    static List<String> disagreements(VersionScheme scheme, List<Verdict> verdicts) {
        List<String> wrong = new ArrayList<>();
        for (Verdict v : verdicts) {
            int got;
            try {
                got = Integer.signum(scheme.compare(v.a(), v.b()));
            } catch (IllegalArgumentException e) {
                wrong.add(v + " threw " + e.getMessage());
                continue;
            }
            if (got != v.expected()) wrong.add(v + " got " + got);
            // Antisymmetry: the reversed pair must give the opposite verdict.
            if (Integer.signum(scheme.compare(v.b(), v.a())) != -v.expected()) wrong.add(v + " not antisymmetric");
        }
        return wrong;
    }

    @Test
    void debOrderAgreesWithDpkgOnEveryRecordedPair() throws IOException {
        List<Verdict> verdicts = load("dpkg-oracle.tsv");
        assertThat(verdicts).hasSizeGreaterThan(2000);
        assertThat(disagreements(VersionScheme.of(dev.drydock.model.PackageType.DEB), verdicts)).isEmpty();
    }

    @Test
    void rpmOrderAgreesWithRpmVercmpOnEveryRecordedPair() throws IOException {
        List<Verdict> verdicts = load("rpm-oracle.tsv");
        assertThat(verdicts).hasSizeGreaterThan(2000);
        assertThat(disagreements(VersionScheme.of(dev.drydock.model.PackageType.RPM), verdicts)).isEmpty();
    }
}
