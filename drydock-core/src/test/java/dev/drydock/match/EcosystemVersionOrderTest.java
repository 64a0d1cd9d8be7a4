package dev.drydock.match;

import dev.drydock.model.PackageType;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each package manager's documented order, as ascending chains: every chain is shuffled and must
 * sort back to itself (which checks every pair, both ways), plus explicit equalities.
 */
class EcosystemVersionOrderTest {

    static void assertAscending(PackageType type, String... ascending) {
        VersionScheme scheme = VersionScheme.of(type);
        List<String> expected = List.of(ascending);
        for (int i = 0; i < expected.size(); i++) {
            for (int j = 0; j < expected.size(); j++) {
                assertThat(Integer.signum(scheme.compare(expected.get(i), expected.get(j))))
                        .as("%s: %s vs %s", type, expected.get(i), expected.get(j))
                        .isEqualTo(Integer.compare(i, j));
            }
        }
        List<String> shuffled = new ArrayList<>(expected);
        Collections.shuffle(shuffled, new Random(42));
        shuffled.sort(scheme.comparator());
        assertThat(shuffled).containsExactlyElementsOf(expected);
    }

    static void assertEqualOrder(PackageType type, String a, String b) {
        assertThat(VersionScheme.of(type).compare(a, b)).as("%s: %s == %s", type, a, b).isZero();
    }

    @Test
    void mavenQualifiersOrderAsMavenDoes() {
        assertAscending(PackageType.MAVEN, "1.0-alpha-1", "1.0-alpha-2", "1.0-beta-1", "1.0-milestone-1", "1.0-rc-1",
                "1.0-SNAPSHOT", "1.0", "1.0-sp-1", "1.0.1", "1.1", "2.13.4", "2.13.4.2", "10.0");
        assertEqualOrder(PackageType.MAVEN, "1.0-RC1", "1.0-cr-1");
        assertEqualOrder(PackageType.MAVEN, "1.0.Final", "1.0");
        assertEqualOrder(PackageType.MAVEN, "1.0-ga", "1.0.0");
        assertEqualOrder(PackageType.MAVEN, "1.0-m1", "1.0-milestone-1");
    }

    @Test
    void npmFollowsSemVerPrecedence() {
        // The SemVer 2.0.0 spec's own example chain, then numbers compared as numbers.
        assertAscending(PackageType.NPM, "1.0.0-alpha", "1.0.0-alpha.1", "1.0.0-alpha.beta", "1.0.0-beta",
                "1.0.0-beta.2", "1.0.0-beta.11", "1.0.0-rc.1", "1.0.0", "1.0.1", "1.2.0", "1.10.0", "2.0.0");
        assertEqualOrder(PackageType.NPM, "1.0.0+build.5", "1.0.0");
        assertEqualOrder(PackageType.NPM, "v1.2.3", "1.2.3");
    }

    @Test
    void npmRejectsWhatSemVerRejects() {
        VersionScheme npm = VersionScheme.of(PackageType.NPM);
        assertThat(npm.isValid("1.2")).isFalse();
        assertThat(npm.isValid("01.2.3")).isFalse();
        assertThat(npm.isValid("1.2.3-01")).isFalse();
        assertThat(npm.isValid("1.0.0-aaa!")).isFalse();
        assertThat(npm.isValid("1.0.0-")).isFalse();
        assertThat(npm.isValid("1.0.0-0a.1")).isTrue();
    }

    @Test
    void cargoIsStrictSemVer() {
        assertAscending(PackageType.CARGO, "0.1.0-alpha.1", "0.1.0", "0.1.1", "0.10.0", "1.0.0-rc.1", "1.0.0",
                "18446744073709551615.0.0");
        assertThat(VersionScheme.of(PackageType.CARGO).isValid("v1.0.0")).isFalse();
        assertThat(VersionScheme.of(PackageType.CARGO).isValid("18446744073709551616.0.0")).as("above u64").isFalse();
    }

    @Test
    void pep440OrdersDevPreReleasePostAndEpochs() {
        assertAscending(PackageType.PYPI, "1.0.dev1", "1.0a1.dev1", "1.0a1", "1.0a2", "1.0b1", "1.0rc1", "1.0",
                "1.0+abc", "1.0+abc.5", "1.0+abc.10", "1.0+5", "1.0.post1.dev1", "1.0.post1", "1.1.dev1", "1.1",
                "2013.10", "1!0.1", "1!1.0");
        assertEqualOrder(PackageType.PYPI, "1.0c1", "1.0rc1");
        assertEqualOrder(PackageType.PYPI, "1.0.0", "1.0");
        assertEqualOrder(PackageType.PYPI, "1.0-1", "1.0.post1");
        assertEqualOrder(PackageType.PYPI, "1.0.RC1", "1.0rc1");
        assertEqualOrder(PackageType.PYPI, "1.0+ABC-1", "1.0+abc.1");
    }

    @Test
    void goPseudoVersionsSortAfterTheirBaseAndBeforeTheNextRelease() {
        assertAscending(PackageType.GOLANG, "v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200804184101-5ec99f83aff1",
                "v0.0.1", "v1.2.3", "v1.2.4-0.20200804184101-5ec99f83aff1", "v1.2.4-pre",
                "v1.2.4-pre.0.20210101000000-abcdefabcdef", "v1.2.4", "v2.0.0+incompatible", "v2.0.1");
        assertEqualOrder(PackageType.GOLANG, "v2.0.0+incompatible", "v2.0.0");
    }

    @Test
    void goToolchainVersionsInEveryDialect() {
        assertAscending(PackageType.GOLANG, "1.20.14", "1.21.0-rc.1", "1.21.0-rc.2", "1.21.0", "1.21.13", "1.22.3",
                "1.22.10");
        assertEqualOrder(PackageType.GOLANG, "go1.22", "1.22.0");
        assertEqualOrder(PackageType.GOLANG, "go1.21rc2", "1.21.0-rc.2");
        assertEqualOrder(PackageType.GOLANG, "go1.22.3", "v1.22.3");
        assertThat(VersionScheme.of(PackageType.GOLANG).isValid("garbage")).isFalse();
    }

    @Test
    void nugetOrdersFourPartsAndCaseInsensitiveLabels() {
        assertAscending(PackageType.NUGET, "1.0.0-alpha", "1.0.0-alpha.9", "1.0.0-alpha.10", "1.0.0-beta10",
                "1.0.0-beta2", "1.0.0", "1.0.0.1", "1.0.1", "1.10.0");
        assertEqualOrder(PackageType.NUGET, "1.0.0-Alpha", "1.0.0-alpha");
        assertEqualOrder(PackageType.NUGET, "1.0", "1.0.0.0");
        assertEqualOrder(PackageType.NUGET, "1.0.0+meta", "1.0.0");
    }

    @Test
    void rubyGemsPreReleasesSortBeforeTheRelease() {
        assertAscending(PackageType.GEM, "0.9", "1.0.a", "1.0.a2", "1.0.b1", "1.0.pre", "1.0.rc1", "1.0.rc2", "1.0",
                "1.0.1", "1.9", "1.10", "2.0.0.pre.1", "2.0.0");
        assertEqualOrder(PackageType.GEM, "1.0.0", "1.0");
        assertEqualOrder(PackageType.GEM, "1.0.a", "1.a");
        assertEqualOrder(PackageType.GEM, "2.0.0-rc1", "2.0.0.pre.rc1");
        assertThat(VersionScheme.of(PackageType.GEM).isValid("1..0")).isFalse();
    }

    @Test
    void apkOrdersSuffixesLettersAndRevisionsAsApkToolsDoes() {
        // apk-tools: _alpha < _beta < _pre < _rc < (none) < _cvs < _svn < _git < _hg < _p; then -rN.
        assertAscending(PackageType.APK, "1.0_alpha", "1.0_alpha1", "1.0_beta", "1.0_pre1", "1.0_rc1", "1.0",
                "1.0-r0", "1.0-r1", "1.0-r10", "1.0_cvs1", "1.0_svn1", "1.0_git20200101", "1.0_hg1", "1.0_p1",
                "1.0_p1-r1", "1.0a", "1.0b", "1.0.0", "1.0.2i-r0", "1.0.2k-r0", "1.1_alpha", "1.1");
        // A fraction-like part with a leading zero compares as a string (1.01 < 1.1), apk's rule.
        assertAscending(PackageType.APK, "1.01", "1.1");
        // Observed with apk version -t (recorded by Anchore's test data): 1 < 1.0, 1 < 1-r1 < 1-r2 < 1_p1.
        assertAscending(PackageType.APK, "1_alpha", "1", "1-r1", "1-r2", "1_p1", "1.0");
    }

    @Test
    void apkRejectsWhatIsNotAnApkVersion() {
        VersionScheme apk = VersionScheme.of(PackageType.APK);
        assertThat(apk.isValid("garbage")).isFalse();
        assertThat(apk.isValid("1.0_foo")).isFalse();
        assertThat(apk.isValid("1.0-r")).isFalse();
        assertThat(apk.isValid("6.5_p20250503-r0")).isTrue();
    }
}
