package dev.drydock.catalog.java;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which artifact an archive itself is: file names, and the rules that keep one artifact from being reported twice. */
class JavaArchiveIdentityTest {

    static ArchiveFileName file(String name) {
        return ArchiveFileName.of("opt/app/" + name);
    }

    static PomProperties pom(String g, String a, String v) {
        return new PomProperties(new Coordinates(g, a, v), "META-INF/maven/" + g + "/" + a + "/pom.properties");
    }

    @Test
    void fileNamesSplitIntoArtifactAndVersion() {
        assertThat(file("spring-core-6.1.2.jar")).isEqualTo(new ArchiveFileName("spring-core-6.1.2", "spring-core", "6.1.2"));
        assertThat(file("guava-31.1-jre.jar").version()).isEqualTo("31.1-jre");
        assertThat(file("commons-lang3-3.12.0.jar").artifact()).isEqualTo("commons-lang3");
        assertThat(file("bcprov-jdk18on-1.78.jar")).isEqualTo(new ArchiveFileName("bcprov-jdk18on-1.78", "bcprov-jdk18on", "1.78"));
        assertThat(file("netty-handler-4.1.100.Final.jar").version()).isEqualTo("4.1.100.Final");
        assertThat(file("javax.inject-1.jar")).isEqualTo(new ArchiveFileName("javax.inject-1", "javax.inject", "1"));
        assertThat(file("jcip-annotations-1.0-1.jar").version()).isEqualTo("1.0-1");
        assertThat(file("listenablefuture-9999.0-empty-to-avoid-conflict-with-guava.jar").artifact()).isEqualTo("listenablefuture");
        assertThat(file("app-1.0-SNAPSHOT.WAR")).isEqualTo(new ArchiveFileName("app-1.0-SNAPSHOT", "app", "1.0-SNAPSHOT"));
    }

    @Test
    void numbersInsideArtifactNamesDoNotStartTheVersion() {
        assertThat(file("log4j-1.2-api-2.17.1.jar")).isEqualTo(new ArchiveFileName("log4j-1.2-api-2.17.1", "log4j-1.2-api", "2.17.1"));
        assertThat(file("hibernate-jpa-2.1-api-1.0.2.Final.jar").artifact()).isEqualTo("hibernate-jpa-2.1-api");
        // but version qualifiers followed by a number stay in the version
        assertThat(file("foo-1.2.3-beta-2.jar")).isEqualTo(new ArchiveFileName("foo-1.2.3-beta-2", "foo", "1.2.3-beta-2"));
        assertThat(file("bar-2.0-rc-1.jar").version()).isEqualTo("2.0-rc-1");
    }

    @Test
    void fileNamesWithoutAVersionHaveNone() {
        assertThat(file("app.jar")).isEqualTo(new ArchiveFileName("app", "app", null));
        assertThat(file("spring-boot-loader.jar").version()).isNull();
        assertThat(file("x-y.jar").version()).isNull();
    }

    @Test
    void aFileIsNamedForItsArtifactWithClassifiersAndQuarkusGroupPrefixes() {
        Coordinates netty = new Coordinates("io.netty", "netty-transport-native-epoll", "4.1.100.Final");
        assertThat(file("netty-transport-native-epoll-4.1.100.Final-linux-x86_64.jar").namedFor(netty)).isTrue();
        assertThat(file("io.quarkus.gizmo.gizmo-1.1.jar").namedFor(new Coordinates("io.quarkus.gizmo", "gizmo", "1.1"))).isTrue();
        assertThat(file("guava.jar").namedFor(new Coordinates("com.google.guava", "guava", "33.0.0-jre"))).isTrue();
        assertThat(file("guava-32.0.0-jre.jar").namedFor(new Coordinates("com.google.guava", "guava", "33.0.0-jre"))).isFalse();
        assertThat(file("guava-extras-1.0.jar").namedFor(new Coordinates("com.google.guava", "guava", "1.0"))).isFalse();
    }

    @Test
    void thePomPropertiesTheFileIsNamedAfterIsTheArchive() {
        var r = ArchiveIdentity.resolve(file("hadoop-shaded-guava-1.1.0-SNAPSHOT.jar"),
                List.of(pom("com.google.guava", "guava", "29.0-jre"), pom("org.apache.hadoop.thirdparty", "hadoop-shaded-guava", "1.1.0-SNAPSHOT")), null);
        assertThat(r.coordinates().artifactId()).isEqualTo("hadoop-shaded-guava");
        assertThat(r.evidence()).isEqualTo(ArchiveIdentity.Evidence.POM_PROPERTIES);
    }

    @Test
    void aSinglePomPropertiesIsTheArchiveUnlessAVersionContradictsIt() {
        List<PomProperties> one = List.of(pom("com.example", "demo", "1.0"));
        assertThat(ArchiveIdentity.resolve(file("app.jar"), one, null).pom()).isSameAs(one.get(0));
        assertThat(ArchiveIdentity.resolve(file("my-demo-1.0.jar"), one, null).pom()).isSameAs(one.get(0));
        // a Gradle-built tool-2.0.jar that shaded demo 1.0 in: the file is tool 2.0, demo is embedded
        var shaded = ArchiveIdentity.resolve(file("tool-2.0.jar"), one, null);
        assertThat(shaded.pom()).isNull();
        assertThat(shaded.coordinates()).isEqualTo(new Coordinates(null, "tool", "2.0"));
        var manifestSaysOtherwise = ArchiveIdentity.resolve(file("app.jar"), one, new ManifestFacts("app", "3.0", null, false));
        assertThat(manifestSaysOtherwise.pom()).isNull();
        assertThat(manifestSaysOtherwise.coordinates()).isEqualTo(new Coordinates(null, "app", "3.0"));
    }

    @Test
    void manifestCoordinatesThatEqualAPomPropertiesAreThatPomNotASecondPackage() {
        List<PomProperties> poms = List.of(pom("com.example", "demo", "0.0.1-SNAPSHOT"), pom("org.slf4j", "slf4j-api", "2.0.17"));
        var r = ArchiveIdentity.resolve(file("app.jar"), poms, new ManifestFacts("demo", "0.0.1-SNAPSHOT", null, false));
        assertThat(r.pom()).isSameAs(poms.get(0));
        assertThat(r.coordinates().groupId()).isEqualTo("com.example");
    }

    @Test
    void withoutAPomAVersionedFileNameGivesTheVersionAndAnAgreeingManifestConfirmsIt() {
        var confirmed = ArchiveIdentity.resolve(file("opentest4j-1.2.0.jar"), List.of(), new ManifestFacts("opentest4j", "1.2.0", null, false));
        assertThat(confirmed.coordinates()).isEqualTo(new Coordinates(null, "opentest4j", "1.2.0"));
        assertThat(confirmed.evidence()).isEqualTo(ArchiveIdentity.Evidence.MANIFEST);
        // kotlin-stdlib's manifest carries a build string; the file carries the Maven version
        var kotlin = ArchiveIdentity.resolve(file("kotlin-stdlib-2.1.0.jar"), List.of(),
                new ManifestFacts("kotlin-stdlib", "2.1.0-release-394", null, false));
        assertThat(kotlin.coordinates()).isEqualTo(new Coordinates(null, "kotlin-stdlib", "2.1.0"));
        assertThat(kotlin.evidence()).isEqualTo(ArchiveIdentity.Evidence.FILE_NAME);
        var tomcat = ArchiveIdentity.resolve(file("tomcat-embed-core-10.1.16.jar"), List.of(), new ManifestFacts(null, "10.1.16", null, false));
        assertThat(tomcat.coordinates()).isEqualTo(new Coordinates(null, "tomcat-embed-core", "10.1.16"));
        assertThat(tomcat.evidence()).isEqualTo(ArchiveIdentity.Evidence.FILE_NAME);
    }

    @Test
    void anUnversionedFileTakesItsVersionFromAManifestWithAnIdLikeTitle() {
        var r = ArchiveIdentity.resolve(file("app.jar"), List.of(), new ManifestFacts("orders-service", "4.2.0", "com.example", false));
        assertThat(r.coordinates()).isEqualTo(new Coordinates("com.example", "orders-service", "4.2.0"));
        assertThat(r.evidence()).isEqualTo(ArchiveIdentity.Evidence.MANIFEST);
        assertThat(ArchiveIdentity.resolve(file("app.jar"), List.of(), new ManifestFacts(null, "4.2.0", null, false)))
                .isEqualTo(ArchiveIdentity.Resolution.NONE);
    }

    @Test
    void anAntStylePackageNameTitleGivesWayToAPlainFileName() {
        var ant = ArchiveIdentity.resolve(file("ant.jar"), List.of(), new ManifestFacts("org.apache.tools.ant", "1.10.13", null, false));
        assertThat(ant.coordinates()).isEqualTo(new Coordinates(null, "ant", "1.10.13"));
    }

    @Test
    void purlsNeedAGroupAndNamesCarryIt() {
        assertThat(new Coordinates("org.slf4j", "slf4j-api", "2.0.17").purl()).isEqualTo("pkg:maven/org.slf4j/slf4j-api@2.0.17");
        assertThat(new Coordinates("org.slf4j", "slf4j-api", "2.0.17").name()).isEqualTo("org.slf4j:slf4j-api");
        assertThat(new Coordinates(null, "spring-core", "6.1.2").purl()).isNull();
        assertThat(new Coordinates(null, "spring-core", "6.1.2").name()).isEqualTo("spring-core");
        assertThat(new Coordinates("g", "a", "1.0+build.5").purl()).isEqualTo("pkg:maven/g/a@1.0%2Bbuild.5");
    }
}
