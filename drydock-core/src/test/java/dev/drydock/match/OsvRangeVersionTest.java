package dev.drydock.match;

import dev.drydock.model.PackageType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.drydock.match.OsvEvent.fixed;
import static dev.drydock.match.OsvEvent.introduced;
import static dev.drydock.match.OsvEvent.lastAffected;
import static dev.drydock.match.OsvEvent.limit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OsvRangeVersionTest {
    private static final VersionScheme DEB = VersionScheme.of(PackageType.DEB);
    private static final VersionScheme NPM = VersionScheme.of(PackageType.NPM);
    private static final VersionScheme PYPI = VersionScheme.of(PackageType.PYPI);

    @Test
    void introducedZeroFixedCoversEverythingBeforeTheFix() {
        List<OsvEvent> range = List.of(introduced("0"), fixed("7.88.1-10+deb12u5"));
        assertThat(OsvRanges.affected(DEB, "7.74.0-1.3+deb11u7", range)).isTrue();
        assertThat(OsvRanges.affected(DEB, "7.88.1-10+deb12u4", range)).isTrue();
        assertThat(OsvRanges.affected(DEB, "7.88.1-10+deb12u5", range)).isFalse();
        assertThat(OsvRanges.affected(DEB, "7.88.1-10+deb12u10", range)).isFalse();
        assertThat(OsvRanges.affected(DEB, "1:1.0", range)).isFalse();
    }

    @Test
    void lastAffectedIncludesItsOwnVersion() {
        List<OsvEvent> range = List.of(introduced("1.2.0"), lastAffected("1.4.2"));
        assertThat(OsvRanges.affected(NPM, "1.1.9", range)).isFalse();
        assertThat(OsvRanges.affected(NPM, "1.2.0-rc.1", range)).isFalse();
        assertThat(OsvRanges.affected(NPM, "1.2.0", range)).isTrue();
        assertThat(OsvRanges.affected(NPM, "1.4.2", range)).isTrue();
        assertThat(OsvRanges.affected(NPM, "1.4.3-alpha", range)).isFalse();
        assertThat(OsvRanges.affected(NPM, "1.4.3", range)).isFalse();
    }

    @Test
    void severalIntervalsInOneRangeEvenWhenTheEventsComeUnsorted() {
        // Affected [1.0, 1.5) and [2.0, 2.3): given out of order, as some feeds do.
        List<OsvEvent> range = List.of(fixed("2.3.0"), introduced("2.0.0"), fixed("1.5.0"), introduced("1.0.0"));
        assertThat(OsvRanges.affected(NPM, "0.9.0", range)).isFalse();
        assertThat(OsvRanges.affected(NPM, "1.0.0", range)).isTrue();
        assertThat(OsvRanges.affected(NPM, "1.4.99", range)).isTrue();
        assertThat(OsvRanges.affected(NPM, "1.5.0", range)).isFalse();
        assertThat(OsvRanges.affected(NPM, "1.10.0", range)).isFalse();
        assertThat(OsvRanges.affected(NPM, "2.0.0", range)).isTrue();
        assertThat(OsvRanges.affected(NPM, "2.2.9", range)).isTrue();
        assertThat(OsvRanges.affected(NPM, "2.3.0", range)).isFalse();
    }

    @Test
    void anyOfSeveralRangesMakesTheVersionAffected() {
        List<List<OsvEvent>> ranges = List.of(
                List.of(introduced("0"), fixed("1.0.post1")),
                List.of(introduced("2.0a1"), lastAffected("2.1")));
        assertThat(OsvRanges.affectedByAny(PYPI, "1.0", ranges)).isTrue();
        assertThat(OsvRanges.affectedByAny(PYPI, "1.0.post1", ranges)).isFalse();
        assertThat(OsvRanges.affectedByAny(PYPI, "2.0rc1", ranges)).isTrue();
        assertThat(OsvRanges.affectedByAny(PYPI, "2.1", ranges)).isTrue();
        assertThat(OsvRanges.affectedByAny(PYPI, "2.1.post1", ranges)).isFalse();
    }

    @Test
    void introducedWithoutAnEndAffectsEverythingAfterIt() {
        List<OsvEvent> range = List.of(introduced("v1.2.0"));
        VersionScheme go = VersionScheme.of(PackageType.GOLANG);
        assertThat(OsvRanges.affected(go, "v1.1.9", range)).isFalse();
        assertThat(OsvRanges.affected(go, "v1.2.0", range)).isTrue();
        assertThat(OsvRanges.affected(go, "v9.0.0+incompatible", range)).isTrue();
    }

    @Test
    void limitCapsTheRange() {
        List<OsvEvent> range = List.of(introduced("0"), limit("2.0.0"));
        assertThat(OsvRanges.affected(NPM, "1.9.9", range)).isTrue();
        assertThat(OsvRanges.affected(NPM, "2.0.0", range)).isFalse();
        assertThat(OsvRanges.affected(NPM, "3.0.0", range)).isFalse();
    }

    @Test
    void goPseudoVersionBeforeTheFixIsAffected() {
        VersionScheme go = VersionScheme.of(PackageType.GOLANG);
        List<OsvEvent> range = List.of(introduced("0"), fixed("0.17.0"));
        assertThat(OsvRanges.affected(go, "v0.0.0-20220722155237-a158d28d115b", range)).isTrue();
        assertThat(OsvRanges.affected(go, "v0.17.0", range)).isFalse();
        List<OsvEvent> stdlib = List.of(introduced("1.22.0-0"), fixed("1.22.5"));
        assertThat(OsvRanges.affected(go, "go1.22.3", stdlib)).isTrue();
        assertThat(OsvRanges.affected(go, "1.22.5", stdlib)).isFalse();
    }

    @Test
    void aMalformedVersionIsAClearArgumentErrorNotAWrongAnswer() {
        List<OsvEvent> range = List.of(introduced("0"), fixed("1.0.0"));
        assertThatThrownBy(() -> OsvRanges.affected(NPM, "not-a-version", range))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("npm version \"not-a-version\" is invalid");
        assertThatThrownBy(() -> OsvRanges.affected(NPM, "0.5.0", List.of(introduced("0"), fixed("junk"))))
                .isInstanceOf(InvalidVersionException.class);
    }
}
