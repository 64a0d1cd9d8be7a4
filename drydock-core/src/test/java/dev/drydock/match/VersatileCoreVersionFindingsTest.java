package dev.drydock.match;

import io.github.nscuro.versatile.VersionFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Why some schemes are ours: versatile-core 0.18.1's answers that differ from the package manager.
 * When an upgrade makes one of these fail, versatile fixed it and the scheme may go back to it.
 */
class VersatileCoreVersionFindingsTest {

    static int versatile(String scheme, String a, String b) {
        return Integer.signum(VersionFactory.forScheme(scheme, a).compareTo(VersionFactory.forScheme(scheme, b)));
    }

    @Test
    void apkRanksPostReleaseSuffixesAboveALetterWhereApkComparesTheLetterFirst() {
        assertThat(versatile("apk", "1.0_cvs1", "1.0a")).isPositive();
        assertThat(VersionScheme.of(dev.drydock.model.PackageType.APK).compare("1.0_cvs1", "1.0a")).isNegative();
    }

    @Test
    void apkAcceptsGarbage() {
        assertThat(versatile("apk", "garbage", "1.0")).isPositive();
    }

    @Test
    void pep440RanksAlphanumericLocalSegmentsAboveNumericOnes() {
        assertThat(versatile("pypi", "1.0+5", "1.0+abc")).isNegative();
        assertThat(VersionScheme.of(dev.drydock.model.PackageType.PYPI).compare("1.0+5", "1.0+abc")).isPositive();
    }

    @Test
    void pep440RejectsAPostReleaseWithoutItsNumber() {
        assertThatThrownBy(() -> versatile("pypi", "1.0.post", "1.0")).isInstanceOf(IllegalArgumentException.class);
        assertThat(VersionScheme.of(dev.drydock.model.PackageType.PYPI).compare("1.0-post", "1.0.post0")).isZero();
    }

    @Test
    void pep440OverflowsTheStackOnLongInput() {
        assertThatThrownBy(() -> versatile("pypi", "1.".repeat(20_000) + "1", "1.0")).isInstanceOf(StackOverflowError.class);
    }

    @Test
    void npmAcceptsNonSemVerAndRanksJunkEqualToARelease() {
        assertThat(versatile("npm", "1.2", "1.2.0")).isNegative();
        assertThat(versatile("npm", "1.0.0-" + "a".repeat(100) + "!", "1.0")).isZero();
    }

    @Test
    void gemHasNoComparatorAndTheGenericOneIgnoresPreReleases() {
        assertThat(versatile("gem", "1.0.a", "1.0")).isZero();
    }

    @Test
    void rpmRejectsAHyphenInTheVersionThatRpmSplitsAtTheLastHyphen() {
        assertThatThrownBy(() -> versatile("rpm", "3.1-20221030-2", "1.0")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void debianThrowsNumberFormatExceptionOnLongDigitRuns() {
        assertThatThrownBy(() -> versatile("deb", "1." + "9".repeat(30), "1.0")).isInstanceOf(NumberFormatException.class);
    }
}
