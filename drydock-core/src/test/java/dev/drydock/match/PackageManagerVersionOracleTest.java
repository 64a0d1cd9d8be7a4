package dev.drydock.match;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The verdicts of the real tools, recorded in src/test/resources/versions/: by make-oracles.py,
 * dpkg --compare-versions (Debian dpkg) and rpm.vercmp (rpm 4.18), on every version in this
 * machine's dpkg status file plus hand-picked tricky ones (epochs, ~, ^, +, -1~deb12u2, alpha/numeric);
 * by make-language-oracles.py, PyPA packaging (PEP 440) and npm's bundled node-semver, on the
 * installed Python distributions' and npm modules' versions plus tricky ones, with validity verdicts.
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
                if (!f[1].isEmpty()) out.add(new Verdict(f[0], f[1], Integer.parseInt(f[2])));
            }
            return out;
        }
    }

    /** Rows "version, empty, valid|invalid": what the reference parser accepts. */
    static List<String> validityDisagreements(VersionScheme scheme, String name) throws IOException {
        try (InputStream in = PackageManagerVersionOracleTest.class.getResourceAsStream("/versions/" + name)) {
            List<String> wrong = new ArrayList<>();
            int rows = 0;
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                String[] f = line.split("\t", -1);
                if (line.startsWith("#") || f.length < 3 || !f[1].isEmpty()) continue;
                rows++;
                if (scheme.isValid(f[0]) != f[2].equals("valid")) wrong.add(f[0] + " should be " + f[2]);
            }
            assertThat(rows).isGreaterThan(10);
            return wrong;
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

    @Test
    void pypiOrderAgreesWithPypaPackaging() throws IOException {
        List<Verdict> verdicts = load("pypi-oracle.tsv");
        assertThat(verdicts).hasSizeGreaterThan(1000);
        VersionScheme pypi = VersionScheme.of(dev.drydock.model.PackageType.PYPI);
        assertThat(disagreements(pypi, verdicts)).isEmpty();
        assertThat(validityDisagreements(pypi, "pypi-oracle.tsv")).isEmpty();
    }

    @Test
    void npmOrderAndValidityAgreeWithNodeSemver() throws IOException {
        List<Verdict> verdicts = load("npm-oracle.tsv");
        assertThat(verdicts).hasSizeGreaterThan(400);
        VersionScheme npm = VersionScheme.of(dev.drydock.model.PackageType.NPM);
        assertThat(disagreements(npm, verdicts)).isEmpty();
        assertThat(validityDisagreements(npm, "npm-oracle.tsv")).isEmpty();
    }
}
