package dev.drydock.catalog;

import dev.drydock.image.ImageSource;
import dev.drydock.image.ImageSources;
import dev.drydock.image.Limits;
import dev.drydock.image.SourceOptions;
import dev.drydock.model.Digest;
import dev.drydock.model.Package;
import dev.drydock.testing.DebianFixtures;
import dev.drydock.testing.TestImage;
import dev.drydock.testing.Tools;
import dev.drydock.image.CredentialSource;
import dev.drydock.image.RegistryCredentials;
import dev.drydock.testing.RegistryServer;
import dev.drydock.testing.TokenServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images made from real Debian packages (debootstrap minbase + packages from the archive), written
 * as OCI layout, converted by skopeo and umoci into the other forms and pushed by skopeo to Debian's
 * docker-registry (anonymous, htpasswd Basic, token auth): every form must give exactly
 * the packages that dpkg itself reports, each attributed to the layer that installed it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealDebianImagesTest {
    @TempDir
    static Path tmp;
    Path rootfs;
    Path hello;
    DebianFixtures.Unpacked helloDeb;

    static final String USER = "ci", PASSWORD = "s3cret-pass";
    RegistryServer anonymous, basic, token;
    TokenServer tokens;

    @BeforeAll
    void fixtures() {
        rootfs = DebianFixtures.minbase();
        hello = DebianFixtures.deb("hello");
        helloDeb = DebianFixtures.unpack(hello, tmp.resolve("hello-root"));
        anonymous = RegistryServer.anonymous();
        basic = RegistryServer.builder().basicAuth(USER, PASSWORD).start();
        tokens = TokenServer.start(tmp.resolve("tokens")).user(USER, PASSWORD);
        token = RegistryServer.builder().tokenAuth(tokens, USER, PASSWORD).start();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[]{anonymous, basic, token, tokens}) {
            try {
                if (c != null) c.close();
            } catch (Exception e) {
                // keep closing the others
            }
        }
    }

    /** What dpkg says is installed under an admin dir: "name version arch" lines. */
    private static TreeSet<String> dpkgQuery(Path adminDir) {
        String out = Tools.run("dpkg-query", "--admindir=" + adminDir, "-W", "-f", "${db:Status-Abbrev} ${Package} ${Version} ${Architecture}\\n");
        return out.lines().filter(l -> l.startsWith("ii")).map(l -> l.substring(4).strip())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static TreeSet<String> nameVersionArch(Catalog c) {
        return c.packages().stream().map(p -> p.name() + " " + p.version() + " " + p.arch()).collect(Collectors.toCollection(TreeSet::new));
    }

    private Catalog catalog(String spec) throws IOException {
        try {
            return catalogOrThrow(spec);
        } catch (RuntimeException e) {
            throw new AssertionError("reading " + spec + ": " + e.getMessage(), e);
        }
    }

    private Catalog catalog(String spec, CredentialSource credentials) {
        try {
            return catalogOrThrow(spec, credentials);
        } catch (IOException | RuntimeException e) {
            throw new AssertionError("reading " + spec + ": " + e.getMessage(), e);
        }
    }

    private Catalog catalogOrThrow(String spec) throws IOException {
        return catalogOrThrow(spec, CredentialSource.anonymous());
    }

    private Catalog catalogOrThrow(String spec, CredentialSource credentials) throws IOException {
        try (ImageSource s = ImageSources.open(spec, new SourceOptions(null, false, Limits.DEFAULT, tmp.resolve("scratch"), credentials))) {
            return new Cataloger(Cataloger.defaultAnalyzers(), null, Limits.DEFAULT, 2).catalog(s, new Warnings(), Cataloger.Progress.NONE);
        }
    }

    /** The control paragraph of a .deb as dpkg would record it once installed. */
    private String installedParagraph() {
        String c = helloDeb.control().strip();
        return c.replaceFirst("(?m)^(Package: .*)$", "$1\nStatus: install ok installed") + "\n";
    }

    private List<String> helloFiles() throws IOException {
        try (Stream<Path> s = Files.walk(helloDeb.root())) {
            return s.filter(Files::isRegularFile).map(p -> "/" + helloDeb.root().relativize(p)).sorted().toList();
        }
    }

    /** Every other form of the image, made by independent tools, gives the same catalog as the OCI layout. */
    private Map<String, Catalog> allForms(TestImage.Written w) throws IOException {
        Map<String, Catalog> forms = new TreeMap<>();
        String layoutRef = "oci:" + w.layout() + ":test";
        forms.put("oci", catalog(layoutRef));
        Path docker = tmp.resolve("docker-" + w.manifestDigest().shortHex() + ".tar");
        Tools.run("skopeo", "copy", "--quiet", layoutRef, "docker-archive:" + docker + ":example/debian:test");
        forms.put("docker-archive", catalog("docker-archive:" + docker));
        Path ociArchive = tmp.resolve("oci-" + w.manifestDigest().shortHex() + ".tar");
        Tools.run("skopeo", "copy", "--quiet", layoutRef, "oci-archive:" + ociArchive + ":test");
        forms.put("oci-archive", catalog("oci-archive:" + ociArchive));
        Path bundle = tmp.resolve("bundle-" + w.manifestDigest().shortHex());
        Tools.run("umoci", "unpack", "--image", w.layout() + ":test", bundle.toString());
        forms.put("dir", catalog("dir:" + bundle.resolve("rootfs")));
        // The same image pushed by skopeo to real registries, pulled anonymously, with Basic and with token auth.
        String repo = "debian/" + w.manifestDigest().shortHex() + ":test";
        CredentialSource creds = CredentialSource.of(RegistryCredentials.basic(USER, PASSWORD));
        for (RegistryServer r : List.of(anonymous, basic, token)) {
            assertThat(r.push(w.layout(), "test", repo)).isEqualTo(w.manifestDigest());
        }
        forms.put("registry-anonymous", catalog(anonymous.ref(repo), CredentialSource.anonymous()));
        forms.put("registry-basic", catalog(basic.ref(repo), creds));
        forms.put("registry-token", catalog(token.ref(repo), creds));
        return forms;
    }

    @Test
    void anAptStyleImageListsExactlyWhatDpkgReportsWithTheirLayers() throws IOException {
        String status = Files.readString(rootfs.resolve("var/lib/dpkg/status"));
        TestImage.Written w = new TestImage()
                .add(TestImage.layer().tree(rootfs))
                .add(TestImage.layer().tree(helloDeb.root())
                        .file("var/lib/dpkg/status", status.stripTrailing() + "\n\n" + installedParagraph())
                        .file("var/lib/dpkg/info/hello.list", String.join("\n", helloFiles()) + "\n"))
                .add(TestImage.layer().file("srv/app/README", "an application layer"))
                .writeOciLayout(tmp.resolve("apt-image"), "test");

        // The oracle: dpkg's own view of the final filesystem, unpacked by umoci.
        Map<String, Catalog> forms = allForms(w);
        Path unpacked = tmp.resolve("bundle-" + w.manifestDigest().shortHex() + "/rootfs");
        TreeSet<String> expected = dpkgQuery(unpacked.resolve("var/lib/dpkg"));
        assertThat(expected).hasSizeGreaterThan(80).contains("hello 2.10-3 amd64");

        List<Digest> layers = forms.get("oci").image().layers().stream().map(l -> l.diffId()).toList();
        forms.forEach((form, c) -> {
            assertThat(nameVersionArch(c)).as(form).isEqualTo(expected);
            assertThat(c.os().purlDistro()).as(form).isEqualTo("debian-12");
            if (form.startsWith("oci") || form.startsWith("registry")) assertThat(c.image().manifestDigest()).as(form).isEqualTo(w.manifestDigest());
            if (!form.equals("dir")) {
                for (Package p : c.packages()) {
                    assertThat(p.layerDiffId()).as(form + " " + p.name()).isEqualTo(p.name().equals("hello") ? layers.get(1) : layers.get(0));
                }
            }
        });
        Package h = forms.get("oci").packages().stream().filter(p -> p.name().equals("hello")).findFirst().orElseThrow();
        assertThat(h.purl()).isEqualTo("pkg:deb/debian/hello@2.10-3?arch=amd64&distro=debian-12");
        assertThat(h.files()).contains("/usr/bin/hello");
        Package libc = forms.get("docker-archive").packages().stream().filter(p -> p.name().equals("libc6")).findFirst().orElseThrow();
        assertThat(libc.sourceName()).isEqualTo("glibc");
        assertThat(libc.files()).anyMatch(f -> f.endsWith("/libc.so.6"));
    }

    /** status.d entries copied from the real base system, as distroless images carry them. */
    private TestImage.LayerBuilder distrolessBase(List<String> names) throws IOException {
        Map<String, String> paragraphs = new TreeMap<>();
        for (String para : Files.readString(rootfs.resolve("var/lib/dpkg/status")).split("\n\n")) {
            String name = para.lines().filter(l -> l.startsWith("Package: ")).findFirst().orElse("").substring(9).strip();
            paragraphs.put(name, para.strip() + "\n");
        }
        TestImage.LayerBuilder l = TestImage.layer()
                .file("etc/os-release", Files.readString(rootfs.resolve("usr/lib/os-release")));
        for (String n : names) {
            l.file("var/lib/dpkg/status.d/" + n, paragraphs.get(n));
            Path md5 = rootfs.resolve("var/lib/dpkg/info/" + n + ".md5sums");
            if (!Files.exists(md5)) md5 = rootfs.resolve("var/lib/dpkg/info/" + n + ":amd64.md5sums");
            if (Files.exists(md5)) l.file("var/lib/dpkg/status.d/" + n + ".md5sums", Files.readString(md5));
        }
        return l;
    }

    private TestImage.LayerBuilder helloStatusD() throws IOException {
        return TestImage.layer().tree(helloDeb.root()).file("var/lib/dpkg/status.d/hello", installedParagraph());
    }

    @Test
    void aWhiteoutRemovesAPackageFromADistrolessStyleImageInEveryForm() throws IOException {
        TestImage.Written w = new TestImage()
                .add(distrolessBase(List.of("base-files", "libc6", "libgcc-s1", "zlib1g", "tzdata")))
                .add(helloStatusD())
                .add(TestImage.layer().whiteout("var/lib/dpkg/status.d/zlib1g").whiteout("var/lib/dpkg/status.d/zlib1g.md5sums")
                        .whiteout("var/lib/dpkg/status.d/tzdata"))
                .writeOciLayout(tmp.resolve("distroless"), "test");
        Map<String, Catalog> forms = allForms(w);
        List<Digest> layers = forms.get("oci").image().layers().stream().map(l -> l.diffId()).toList();
        forms.forEach((form, c) -> {
            assertThat(c.packages()).as(form).extracting(Package::name).containsExactly("base-files", "hello", "libc6", "libgcc-s1");
            if (!form.equals("dir")) {
                assertThat(c.packages()).as(form).extracting(Package::layerDiffId)
                        .containsExactly(layers.get(0), layers.get(1), layers.get(0), layers.get(0));
            }
        });
        Package libc = forms.get("oci").packages().get(2);
        assertThat(libc.files()).as("files from status.d md5sums").anyMatch(f -> f.endsWith("/libc.so.6"));
    }

    @Test
    void anOpaqueDirectoryReplacesTheDistrolessPackageSetInEveryForm() throws IOException {
        TestImage.Written w = new TestImage()
                .add(distrolessBase(List.of("base-files", "libc6", "zlib1g")))
                .add(helloStatusD())
                .add(distrolessBase(List.of("libc6")).opaque("var/lib/dpkg/status.d"))
                .writeOciLayout(tmp.resolve("opaque"), "test");
        Map<String, Catalog> forms = allForms(w);
        Digest top = forms.get("oci").image().layers().get(2).diffId();
        forms.forEach((form, c) -> {
            assertThat(c.packages()).as(form).extracting(Package::name).containsExactly("libc6");
            if (!form.equals("dir")) assertThat(c.packages().get(0).layerDiffId()).as(form).isEqualTo(top);
        });
    }
}
