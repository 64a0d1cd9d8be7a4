package dev.drydock.catalog.java;

import dev.drydock.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** pom.properties and MANIFEST.MF as real builds write them (Syft's fixtures, taken from real jars). */
class JavaArchiveMetadataTest {

    static byte[] syft(String path) {
        return Fixtures.bytes("java/syft/" + path);
    }

    @Test
    void pomPropertiesGiveTheThreeCoordinatesAndIgnoreTheRest() throws Exception {
        PomProperties extra = PomProperties.parse(syft("pom/extra.pom.properties"), "META-INF/maven/org.anchore/example-java-app-maven/pom.properties");
        assertThat(extra.coordinates()).isEqualTo(new Coordinates("org.anchore", "example-java-app-maven", "0.1.0"));
        // values padded with spaces ("artifactId= example-java-app-maven") are trimmed
        assertThat(PomProperties.parse(syft("pom/small.pom.properties"), "x").coordinates())
                .isEqualTo(new Coordinates("org.anchore", "example-java-app-maven", "0.1.0"));
        assertThat(PomProperties.parse(syft("jar-metadata/opensaml-core-3.4.6/META-INF/maven/org.opensaml/opensaml-core/pom.properties"), "x")
                .coordinates()).isEqualTo(new Coordinates("org.opensaml", "opensaml-core", "3.4.6"));
    }

    @Test
    void pomPropertiesWithAMissingOrImplausibleValueAreMalformed() {
        assertThatThrownBy(() -> PomProperties.parse(bytes("groupId=g\nversion=1\n"), "x")).hasMessage("no artifactId");
        assertThatThrownBy(() -> PomProperties.parse(bytes("groupId=g\nartifactId=a\nversion=\n"), "x")).hasMessage("no version");
        assertThatThrownBy(() -> PomProperties.parse(bytes("groupId=g h\nartifactId=a\nversion=1\n"), "x"))
                .hasMessageContaining("characters Maven does not allow");
        assertThatThrownBy(() -> PomProperties.parse(bytes("groupId=g\nartifactId=a\nversion=1.0 beta\n"), "x")).hasMessage("implausible version");
        assertThatThrownBy(() -> PomProperties.parse(bytes("groupId=g\nartifactId=a\nversion=" + "1".repeat(300) + "\n"), "x"))
                .hasMessage("implausible version");
    }

    @Test
    void aManifestGivesAnIdLikeTitleAVersionAndTheVendorIdAsGroup() throws Exception {
        ManifestFacts jackson = ManifestFacts.parse(syft("jar-metadata/jackson-core-2.15.2/META-INF/MANIFEST.MF"));
        assertThat(jackson).isEqualTo(new ManifestFacts("Jackson-core", "2.15.2", "com.fasterxml.jackson.core", false));
    }

    @Test
    void anUmbrellaVendorIdIsNotTakenForAGroup() throws Exception {
        // velocity 1.7, built with Ant, says org.apache; its groupId is org.apache.velocity
        ManifestFacts velocity = ManifestFacts.parse(bytes("Manifest-Version: 1.0\nImplementation-Title: velocity\n"
                + "Implementation-Version: 1.7\nImplementation-Vendor-Id: org.apache\n\n"));
        assertThat(velocity.vendorId()).isNull();
        assertThat(ManifestFacts.parse(bytes("Implementation-Vendor-Id: org.postgresql\n")).vendorId()).isEqualTo("org.postgresql");
    }

    @Test
    void aProseTitleIsNotAnArtifactId() throws Exception {
        // Implementation-Title: Micronaut Core
        ManifestFacts micronaut = ManifestFacts.parse(syft("jar-metadata/micronaut-aop-4.9.11/META-INF/MANIFEST.MF"));
        assertThat(micronaut).isEqualTo(new ManifestFacts(null, "4.9.11", null, false));
    }

    @Test
    void titleAndVersionInAPerEntrySectionAreUsedWhenTheMainSectionHasNone() throws Exception {
        ManifestFacts opensaml = ManifestFacts.parse(syft("jar-metadata/opensaml-core-3.4.6/META-INF/MANIFEST.MF"));
        assertThat(opensaml).isEqualTo(new ManifestFacts("opensaml-core", "3.4.6", null, false));
    }

    @Test
    void aNewRelicInstrumentationModuleIsRecognisedAndIsNoPackage() throws Exception {
        ManifestFacts weave = ManifestFacts.parse(syft("jar-metadata/spring-instrumentation-4.3.0-1.0/META-INF/MANIFEST.MF"));
        assertThat(weave.instrumentation()).isTrue();
        assertThat(ArchiveIdentity.resolve(ArchiveFileName.of("spring-instrumentation-4.3.0-1.0.jar"), java.util.List.of(), weave))
                .isEqualTo(ArchiveIdentity.Resolution.NONE);
    }

    @Test
    void aJenkinsPluginNamesItselfWithItsOwnAttributes() throws Exception {
        ManifestFacts plugin = ManifestFacts.parse(bytes("""
                Manifest-Version: 1.0
                Implementation-Title: gradle
                Implementation-Version: 2.11
                Group-Id: org.jenkins-ci.plugins
                Short-Name: gradle
                Long-Name: Gradle Plugin
                Plugin-Version: 2.11
                Jenkins-Version: 2.401.3

                """));
        assertThat(plugin).isEqualTo(new ManifestFacts("gradle", "2.11", "org.jenkins-ci.plugins", false));
    }

    @Test
    void continuationLinesAndCarriageReturnsAreHandled() throws Exception {
        ManifestFacts m = ManifestFacts.parse(bytes("Manifest-Version: 1.0\r\nImplementation-Title: very-long-arti\r\n fact-name\r\n"
                + "Implementation-Version: 1.2\r\n 3.4\r\n\r\n"));
        assertThat(m.title()).isEqualTo("very-long-artifact-name");
        assertThat(m.version()).isEqualTo("1.23.4");
    }

    @Test
    void placeholdersAreNotVersions() throws Exception {
        assertThat(ManifestFacts.parse(bytes("Implementation-Title: x\nImplementation-Version: ${project.version}\nBundle-Version: 2.0\n")).version())
                .isEqualTo("2.0");
        assertThat(ManifestFacts.parse(bytes("Implementation-Version: @VERSION@\n")).version()).isNull();
    }

    @Test
    void aLineThatIsNoHeaderMakesTheManifestMalformed() {
        assertThatThrownBy(() -> ManifestFacts.parse(bytes("Manifest-Version: 1.0\nno colon here\n"))).isInstanceOf(MalformedMetadataException.class);
        assertThatThrownBy(() -> ManifestFacts.parse(bytes(" continuation first\n"))).isInstanceOf(MalformedMetadataException.class);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
