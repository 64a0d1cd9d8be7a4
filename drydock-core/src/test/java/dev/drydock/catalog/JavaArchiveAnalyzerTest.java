package dev.drydock.catalog;

import dev.drydock.catalog.java.ZipBuilder;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.drydock.catalog.JavaArchiveScans.scan;
import static dev.drydock.catalog.java.ZipBuilder.fixture;
import static dev.drydock.catalog.java.ZipBuilder.sha1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/** Real jars from Maven Central, alone and inside fat jars, wars, ears and shaded jars built the way their tools do. */
class JavaArchiveAnalyzerTest {
    // SHA-1 of each jar as Maven Central publishes it (<jar>.sha1), checked when the fixtures were added
    static final String SLF4J_SHA1 = "d9e58ac9c7779ba3bf8142aff6c830617a7fe60f";
    static final String FAILUREACCESS_SHA1 = "1dcf1de382a0bf95a3d8b0849546c88bac1292c9";
    static final String LISTENABLEFUTURE_SHA1 = "b421526c5f297295adef1c886e5246c39d4ac629";
    static final String APIGUARDIAN_SHA1 = "a231e0d844d2721b0fa1b238006d15c6ded6842a";
    static final String JSPECIFY_SHA1 = "7425a601c1c7ec76645a78d22b8c6a627edee507";
    static final String OPENTEST4J_SHA1 = "28c11eb91f9b6d8e200631d46e20a7f407f2a046";
    static final String AOPALLIANCE_SHA1 = "0235ba8b489512805ac13a8f9ea77a1ca5ebe3e8";
    static final String JAVAX_INJECT_SHA1 = "6975da39a7040257bd51d21a231b76c915872d38";
    static final String SUREFIRE_API_SHA1 = "8d3cefe93510468ea493800ed70b269d5e44cee2";

    static final String SLF4J = "slf4j-api-2.0.17.jar";
    static final String FAILUREACCESS = "failureaccess-1.0.1.jar";
    static final String LISTENABLEFUTURE = "listenablefuture-9999.0-empty-to-avoid-conflict-with-guava.jar";
    static final String APIGUARDIAN = "apiguardian-api-1.1.2.jar";
    static final String JSPECIFY = "jspecify-1.0.0.jar";
    static final String OPENTEST4J = "opentest4j-1.2.0.jar";
    static final String AOPALLIANCE = "aopalliance-1.0.jar";
    static final String JAVAX_INJECT = "javax.inject-1.jar";

    static byte[] central(String name) {
        return fixture("central/" + name);
    }

    @Test
    void fixturesAreTheBytesMavenCentralPublishes() {
        assertThat(sha1(central(SLF4J))).isEqualTo(SLF4J_SHA1);
        assertThat(sha1(central(FAILUREACCESS))).isEqualTo(FAILUREACCESS_SHA1);
        assertThat(sha1(central(LISTENABLEFUTURE))).isEqualTo(LISTENABLEFUTURE_SHA1);
        assertThat(sha1(central(APIGUARDIAN))).isEqualTo(APIGUARDIAN_SHA1);
        assertThat(sha1(central(JSPECIFY))).isEqualTo(JSPECIFY_SHA1);
        assertThat(sha1(central(OPENTEST4J))).isEqualTo(OPENTEST4J_SHA1);
        assertThat(sha1(central(AOPALLIANCE))).isEqualTo(AOPALLIANCE_SHA1);
        assertThat(sha1(central(JAVAX_INJECT))).isEqualTo(JAVAX_INJECT_SHA1);
        assertThat(sha1(central("surefire-api-2.12.4.jar"))).isEqualTo(SUREFIRE_API_SHA1);
    }

    @Test
    void wantsJavaArchivesByExtensionInAnyCase() {
        JavaArchiveAnalyzer a = new JavaArchiveAnalyzer();
        assertThat(a.streams()).isTrue();
        assertThat(List.of("app/app.jar", "opt/x.WAR", "srv/app.ear", "x.par", "var/jenkins/plugins/git.jpi", "p/git.HPI"))
                .allMatch(a::wants);
        assertThat(List.of("app/app.jar.sha1", "jar", "usr/lib/jar/README", "a.zip", "app.jar/", "x.rar")).noneMatch(a::wants);
    }

    @Test
    void aJarNamedAfterItsPomPropertiesIsOnePackageWithTheJarsSha1() {
        var s = scan("usr/share/java/" + SLF4J, central(SLF4J));
        assertThat(s.warnings()).isEmpty();
        Package p = s.packages().get(0);
        assertThat(s.packages()).hasSize(1);
        assertThat(p.type()).isEqualTo(PackageType.MAVEN);
        assertThat(p.name()).isEqualTo("org.slf4j:slf4j-api");
        assertThat(p.version()).isEqualTo("2.0.17");
        assertThat(p.purl()).isEqualTo("pkg:maven/org.slf4j/slf4j-api@2.0.17");
        assertThat(p.path()).isEqualTo("usr/share/java/" + SLF4J);
        assertThat(p.sourceName()).isNull();
        assertThat(p.layerDiffId()).isNull();
        assertThat(p.files()).isEmpty();
        assertThat(p.attributes()).containsOnly(entry("sha1", SLF4J_SHA1), entry("java.evidence", "pom.properties"));
    }

    @Test
    void aRenamedJarWithOnePomPropertiesIsStillThatArtifact() {
        var s = scan("app/lib.jar", central(FAILUREACCESS));
        assertThat(s.packages()).singleElement().satisfies(p -> {
            assertThat(p.purl()).isEqualTo("pkg:maven/com.google.guava/failureaccess@1.0.1");
            assertThat(p.attributes()).containsEntry("sha1", FAILUREACCESS_SHA1);
        });
    }

    @Test
    void jarsWithoutPomPropertiesAreIdentifiedByManifestThenFileNameWithoutInventingAGroup() {
        // Gradle builds: Implementation-Title and -Version, but no groupId anywhere in the jar
        var apiguardian = scan("lib/" + APIGUARDIAN, central(APIGUARDIAN));
        assertThat(apiguardian.packages()).singleElement().satisfies(p -> {
            assertThat(p.name()).isEqualTo("apiguardian-api");
            assertThat(p.version()).isEqualTo("1.1.2");
            assertThat(p.purl()).isNull();
            assertThat(p.attributes()).containsOnly(entry("sha1", APIGUARDIAN_SHA1), entry("java.evidence", "manifest"));
        });
        var opentest = scan("lib/" + OPENTEST4J, central(OPENTEST4J));
        assertThat(opentest.packages()).singleElement().satisfies(p -> assertThat(p.attributes()).containsEntry("java.evidence", "manifest"));
        // jspecify's manifest has a version but no Implementation-Title: the file name names it
        var jspecify = scan("lib/" + JSPECIFY, central(JSPECIFY));
        assertThat(jspecify.nameVersions()).containsExactly("jspecify@1.0.0");
        assertThat(jspecify.packages().get(0).attributes()).containsEntry("java.evidence", "filename");
        // an Ant build of 2004 and a jar without a manifest: only the file name is left
        assertThat(scan("lib/" + AOPALLIANCE, central(AOPALLIANCE)).nameVersions()).containsExactly("aopalliance@1.0");
        assertThat(scan("lib/" + JAVAX_INJECT, central(JAVAX_INJECT)).nameVersions()).containsExactly("javax.inject@1");
        for (var s : List.of(apiguardian, opentest, jspecify)) assertThat(s.warnings()).isEmpty();
    }

    @Test
    void anUnversionedFileWithoutMetadataIsNotAPackage() {
        byte[] jar = new ZipBuilder().deflated("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nImplementation-Title: Java Runtime Environment\n"
                + "Implementation-Version: 1.8.0_402\n").deflated("java/lang/Object.class", new byte[100]).build();
        var s = scan("usr/lib/jvm/jre/lib/rt.jar", jar);
        assertThat(s.packages()).isEmpty();
        assertThat(s.warnings()).isEmpty();
    }

    @Test
    void aShadedJarReportsItselfOnceAndEveryEmbeddedArtifact() {
        // surefire-api shades plexus-utils and carries both pom.properties
        var s = scan("opt/surefire-api-2.12.4.jar", central("surefire-api-2.12.4.jar"));
        assertThat(s.purls()).containsExactly("pkg:maven/org.apache.maven.surefire/surefire-api@2.12.4",
                "pkg:maven/org.codehaus.plexus/plexus-utils@3.0.8");
        assertThat(s.named("org.apache.maven.surefire:surefire-api").attributes())
                .containsOnly(entry("sha1", SUREFIRE_API_SHA1), entry("java.evidence", "pom.properties"));
        assertThat(s.named("org.codehaus.plexus:plexus-utils").attributes()).containsOnly(entry("java.evidence", "pom.properties"),
                entry("java.embedded", "META-INF/maven/org.codehaus.plexus/plexus-utils/pom.properties"));
        assertThat(s.packages()).allSatisfy(p -> assertThat(p.path()).isEqualTo("opt/surefire-api-2.12.4.jar"));
    }

    @Test
    void hadoopsShadedGuavaReportsTheSameArtifactsAsTrivy() {
        byte[] jar = fixture("trivy/hadoop-shaded-guava-1.1.0-SNAPSHOT.jar");
        var s = scan("opt/hadoop/hadoop-shaded-guava-1.1.0-SNAPSHOT.jar", jar);
        assertThat(s.purls()).containsExactly(
                "pkg:maven/com.google.guava/failureaccess@1.0.1",
                "pkg:maven/com.google.guava/guava@29.0-jre",
                "pkg:maven/com.google.guava/listenablefuture@9999.0-empty-to-avoid-conflict-with-guava",
                "pkg:maven/com.google.j2objc/j2objc-annotations@1.3",
                "pkg:maven/org.apache.hadoop.thirdparty/hadoop-shaded-guava@1.1.0-SNAPSHOT");
        assertThat(s.packages()).filteredOn(p -> p.attributes().containsKey("sha1")).singleElement()
                .satisfies(p -> assertThat(p.attributes()).containsEntry("sha1", sha1(jar)).doesNotContainKey("java.embedded"))
                .extracting(Package::name).isEqualTo("org.apache.hadoop.thirdparty:hadoop-shaded-guava");
    }

    @Test
    void aRenamedShadedJarReportsItsArtifactsButGuessesNoneOfThemToBeTheFile() {
        var s = scan("app/app.jar", central("surefire-api-2.12.4.jar"));
        assertThat(s.purls()).hasSize(2);
        assertThat(s.packages()).allSatisfy(p -> assertThat(p.attributes()).doesNotContainKey("sha1").containsKey("java.embedded"));
    }

    @Test
    void trivysNestedJarFixtureGivesOnePackagePerLevel() {
        var s = scan("nested.jar", fixture("trivy/nested.jar"));
        assertThat(s.packages()).extracting(Package::purl, Package::path).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("pkg:maven/test/nested@0.0.1", "nested.jar"),
                org.assertj.core.groups.Tuple.tuple("pkg:maven/test/nested2@0.0.2", "nested.jar!/META-INF/jars/nested2.jar"),
                org.assertj.core.groups.Tuple.tuple("pkg:maven/test/nested3@0.0.3", "nested.jar!/META-INF/jars/nested2.jar!/META-INF/jars/nested3.jar"));
        assertThat(s.warnings()).isEmpty();
    }

    static final String BOOT_MANIFEST = """
            Manifest-Version: 1.0
            Created-By: Maven JAR Plugin 3.3.0
            Build-Jdk-Spec: 21
            Implementation-Title: demo
            Implementation-Version: 0.0.1-SNAPSHOT
            Main-Class: org.springframework.boot.loader.launch.JarLauncher
            Start-Class: com.example.demo.DemoApplication
            Spring-Boot-Version: 3.2.0
            Spring-Boot-Classes: BOOT-INF/classes/
            Spring-Boot-Lib: BOOT-INF/lib/
            Spring-Boot-Classpath-Index: BOOT-INF/classpath.idx

            """;

    static final List<String> BOOT_LIBS = List.of(SLF4J, FAILUREACCESS, LISTENABLEFUTURE, APIGUARDIAN, JSPECIFY, OPENTEST4J, AOPALLIANCE, JAVAX_INJECT);

    /** A Spring Boot 3 executable jar as spring-boot-maven-plugin lays it out: libraries stored, not deflated. */
    static byte[] springBootJar() {
        ZipBuilder z = new ZipBuilder()
                .directory("META-INF/")
                .deflated("META-INF/MANIFEST.MF", BOOT_MANIFEST)
                .directory("org/springframework/boot/loader/launch/")
                .deflated("org/springframework/boot/loader/launch/JarLauncher.class", new byte[2048])
                .directory("BOOT-INF/classes/com/example/demo/")
                .deflated("BOOT-INF/classes/com/example/demo/DemoApplication.class", new byte[700])
                .deflated("BOOT-INF/classes/application.properties", "spring.application.name=demo\n")
                .directory("META-INF/maven/com.example/demo/")
                .deflated("META-INF/maven/com.example/demo/pom.xml", "<project/>")
                .pom("com.example", "demo", "0.0.1-SNAPSHOT")
                .directory("BOOT-INF/lib/");
        StringBuilder index = new StringBuilder();
        for (String lib : BOOT_LIBS) {
            z.stored("BOOT-INF/lib/" + lib, central(lib));
            index.append("- \"BOOT-INF/lib/").append(lib).append("\"\n");
        }
        return z.deflated("BOOT-INF/classpath.idx", index.toString()).build();
    }

    @Test
    void aSpringBootFatJarReportsTheAppOnceAndEachLibraryOnceWithItsOwnSha1() {
        byte[] fat = springBootJar();
        var s = scan("app/app.jar", fat);
        assertThat(s.warnings()).isEmpty();
        assertThat(s.nameVersions()).containsExactly(
                "aopalliance@1.0",
                "apiguardian-api@1.1.2",
                "com.example:demo@0.0.1-SNAPSHOT",
                "com.google.guava:failureaccess@1.0.1",
                "com.google.guava:listenablefuture@9999.0-empty-to-avoid-conflict-with-guava",
                "javax.inject@1",
                "jspecify@1.0.0",
                "opentest4j@1.2.0",
                "org.slf4j:slf4j-api@2.0.17");
        assertThat(s.purls()).containsExactly(
                "pkg:maven/com.example/demo@0.0.1-SNAPSHOT",
                "pkg:maven/com.google.guava/failureaccess@1.0.1",
                "pkg:maven/com.google.guava/listenablefuture@9999.0-empty-to-avoid-conflict-with-guava",
                "pkg:maven/org.slf4j/slf4j-api@2.0.17");
        Package app = s.named("com.example:demo");
        assertThat(app.path()).isEqualTo("app/app.jar");
        assertThat(app.attributes()).containsOnly(entry("sha1", sha1(fat)), entry("java.evidence", "pom.properties"));
        Map<String, String> expectedSha1 = Map.of(SLF4J, SLF4J_SHA1, FAILUREACCESS, FAILUREACCESS_SHA1, LISTENABLEFUTURE, LISTENABLEFUTURE_SHA1,
                APIGUARDIAN, APIGUARDIAN_SHA1, JSPECIFY, JSPECIFY_SHA1, OPENTEST4J, OPENTEST4J_SHA1, AOPALLIANCE, AOPALLIANCE_SHA1,
                JAVAX_INJECT, JAVAX_INJECT_SHA1);
        for (String lib : BOOT_LIBS) {
            String path = "app/app.jar!/BOOT-INF/lib/" + lib;
            assertThat(s.packages()).as(path).filteredOn(p -> p.path().equals(path)).singleElement()
                    .satisfies(p -> assertThat(p.attributes()).containsEntry("sha1", expectedSha1.get(lib)));
        }
    }

    @Test
    void anExecutableSpringBootJarWithALaunchScriptInFrontIsStillRead() {
        byte[] script = ("#!/bin/bash\n# launch script\n" + "#".repeat(12_000) + "\nexit 0\n").getBytes(StandardCharsets.US_ASCII);
        byte[] fat = springBootJar();
        byte[] executable = new byte[script.length + fat.length];
        System.arraycopy(script, 0, executable, 0, script.length);
        System.arraycopy(fat, 0, executable, script.length, fat.length);
        var s = scan("app/demo.jar", executable);
        assertThat(s.packages()).hasSize(9);
        assertThat(s.named("com.example:demo").attributes()).containsEntry("sha1", sha1(executable));
    }

    static byte[] war(String group, String artifact, String version, String... libs) {
        ZipBuilder z = new ZipBuilder()
                .deflated("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nCreated-By: Maven WAR Plugin 3.4.0\n\n")
                .deflated("WEB-INF/web.xml", "<web-app/>")
                .deflated("WEB-INF/classes/com/example/Servlet.class", new byte[512])
                .pom(group, artifact, version);
        for (String lib : libs) z.deflated("WEB-INF/lib/" + lib, central(lib));
        return z.build();
    }

    @Test
    void aWarReportsItselfAndItsWebInfLibJars() {
        byte[] war = war("com.example", "web", "1.0", SLF4J, FAILUREACCESS, AOPALLIANCE);
        var s = scan("usr/local/tomcat/webapps/ROOT.war", war);
        assertThat(s.warnings()).isEmpty();
        assertThat(s.nameVersions()).containsExactly("aopalliance@1.0", "com.example:web@1.0",
                "com.google.guava:failureaccess@1.0.1", "org.slf4j:slf4j-api@2.0.17");
        assertThat(s.named("com.example:web").attributes()).containsEntry("sha1", sha1(war));
        assertThat(s.named("org.slf4j:slf4j-api").path()).isEqualTo("usr/local/tomcat/webapps/ROOT.war!/WEB-INF/lib/" + SLF4J);
        assertThat(s.named("org.slf4j:slf4j-api").attributes()).containsEntry("sha1", SLF4J_SHA1);
    }

    @Test
    void anEarHoldingAWarHoldingJarsIsReadThreeLevelsDeep() {
        byte[] war = war("com.example", "shop-web", "2.0", SLF4J, LISTENABLEFUTURE);
        byte[] ejb = new ZipBuilder().deflated("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n\n")
                .deflated("META-INF/ejb-jar.xml", "<ejb-jar/>").pom("com.example", "shop-ejb", "2.0").build();
        byte[] ear = new ZipBuilder()
                .deflated("META-INF/application.xml", "<application/>")
                .pom("com.example", "shop", "2.0")
                .deflated("shop-web-2.0.war", war)
                .deflated("shop-ejb-2.0.jar", ejb)
                .deflated("lib/" + FAILUREACCESS, central(FAILUREACCESS))
                .deflated("lib/" + SLF4J, central(SLF4J))
                .build();
        var s = scan("opt/jboss/deployments/shop.ear", ear);
        assertThat(s.warnings()).isEmpty();
        assertThat(s.packages()).extracting(Package::purl, Package::path, p -> p.attributes().get("sha1")).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("pkg:maven/com.example/shop@2.0", "opt/jboss/deployments/shop.ear", sha1(ear)),
                org.assertj.core.groups.Tuple.tuple("pkg:maven/com.example/shop-web@2.0", "opt/jboss/deployments/shop.ear!/shop-web-2.0.war", sha1(war)),
                org.assertj.core.groups.Tuple.tuple("pkg:maven/org.slf4j/slf4j-api@2.0.17",
                        "opt/jboss/deployments/shop.ear!/shop-web-2.0.war!/WEB-INF/lib/" + SLF4J, SLF4J_SHA1),
                org.assertj.core.groups.Tuple.tuple("pkg:maven/com.google.guava/listenablefuture@9999.0-empty-to-avoid-conflict-with-guava",
                        "opt/jboss/deployments/shop.ear!/shop-web-2.0.war!/WEB-INF/lib/" + LISTENABLEFUTURE, LISTENABLEFUTURE_SHA1),
                org.assertj.core.groups.Tuple.tuple("pkg:maven/com.example/shop-ejb@2.0", "opt/jboss/deployments/shop.ear!/shop-ejb-2.0.jar", sha1(ejb)),
                org.assertj.core.groups.Tuple.tuple("pkg:maven/com.google.guava/failureaccess@1.0.1",
                        "opt/jboss/deployments/shop.ear!/lib/" + FAILUREACCESS, FAILUREACCESS_SHA1),
                // the same library twice in an ear is two copies, both reported at their own paths
                org.assertj.core.groups.Tuple.tuple("pkg:maven/org.slf4j/slf4j-api@2.0.17",
                        "opt/jboss/deployments/shop.ear!/lib/" + SLF4J, SLF4J_SHA1));
    }

    @Test
    void aPomPropertiesCopiedTwiceIntoOneJarIsOnePackage() {
        byte[] jar = new ZipBuilder()
                .pom("com.example", "tool", "3.1")
                .deflated("BOOT-INF/classes/META-INF/maven/com.example/tool/pom.properties", ZipBuilder.pomProperties("com.example", "tool", "3.1"))
                .pom("com.fasterxml.jackson.core", "jackson-databind", "2.12.3")
                .deflated("shaded/META-INF/maven/com.fasterxml.jackson.core/jackson-databind/pom.properties",
                        ZipBuilder.pomProperties("com.fasterxml.jackson.core", "jackson-databind", "2.12.3"))
                .build();
        var s = scan("opt/tool-3.1.jar", jar);
        assertThat(s.purls()).containsExactly("pkg:maven/com.example/tool@3.1", "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.3");
    }

    @Test
    void theNonStreamingEntryPointGivesTheSameResult() throws Exception {
        byte[] jar = central(SLF4J);
        var out = new JavaArchiveAnalyzer().analyze("x/" + SLF4J, jar, new Warnings());
        assertThat(((FileResult.Packages) out.get(0)).packages()).singleElement()
                .satisfies(p -> assertThat(p.attributes()).containsEntry("sha1", SLF4J_SHA1));
    }
}
