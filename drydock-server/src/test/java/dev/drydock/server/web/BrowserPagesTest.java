package dev.drydock.server.web;

import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Severity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pages in real headless Chromium (Debian's chromium and chromedriver): sign in through the login form,
 * the image list and its filters and sort links, an image page with its uploaded findings, and hostile text
 * from uploads shown as text, never run. Fails, never skips, when Chromium is not installed.
 */
class BrowserPagesTest {
    /** Both classic breakouts: a script element, and an attribute breakout into an event handler. */
    static final String HOSTILE = "<script>window.pwned=1</script>\"><img src=x onerror=\"window.pwned=2\">";

    static final String API = "sha256:" + "a1".repeat(32);
    static final String WEB = "sha256:" + "b2".repeat(32);
    static final String EVIL = "sha256:" + "c3".repeat(32);
    static final String API_NAME = "registry.example.com/shop/api:1.4.2";
    static final String WEB_NAME = "registry.example.com/shop/web:2.0.0";
    static final String EVIL_NAME = "registry.example.com/tools/evil:1";

    static TestServer server;
    static Chromium browser;

    @BeforeAll
    static void start() {
        server = new TestServer();
        browser = Chromium.start();
        upload(Uploads.body(API, API_NAME, Map.of("org.opencontainers.image.title", "shop api"),
                List.of(Uploads.log4j()), List.of(Uploads.finding("CVE-2021-44228", Uploads.log4j(), Severity.CRITICAL,
                        "2.15.0", true, "Remote code injection in Log4j"))));
        Package openssl = Uploads.pkg(PackageType.DEB, "openssl", "3.0.8-1", "pkg:deb/debian/openssl@3.0.8-1?distro=debian-12");
        upload(Uploads.body(WEB, WEB_NAME, Map.of(), List.of(openssl),
                List.of(Uploads.finding("CVE-2023-0464", openssl, Severity.MEDIUM, "3.0.8-1+deb12u1", false, "X.509 policy checks"))));
        Package evil = Uploads.pkg(PackageType.NPM, HOSTILE, "6.6.6", "pkg:npm/evil@6.6.6");
        upload(Uploads.body(EVIL, EVIL_NAME, Map.of("org.example.note", HOSTILE, HOSTILE, "key",
                        "org.opencontainers.image.source", HOSTILE), List.of(evil),
                List.of(Uploads.finding("GHSA-evil-evil-evil", evil, Severity.HIGH, null, false, HOSTILE))));
        // An image name is a registry reference: markup cannot get in there at all.
        var name = Uploads.body("sha256:" + "d4".repeat(32), EVIL_NAME, Map.of(), List.of(), List.of());
        name.putArray("names").add("registry.example.com/" + HOSTILE + ":1");
        assertThat(server.post("/api/v1/scans", server.ci, Uploads.json(name)).statusCode()).isEqualTo(400);

        browser.bypassContentSecurityPolicy();
        signIn();
    }

    private static void upload(com.fasterxml.jackson.databind.node.ObjectNode body) {
        var r = server.post("/api/v1/scans", server.ci, Uploads.json(body));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    }

    /** Through the login form, as a person would: the pages need a reader's token, kept in a cookie. */
    private static void signIn() {
        browser.open(server.uri("/"));
        assertThat(browser.url()).endsWith("/login");
        assertThat(browser.title()).isEqualTo("Sign in · drydock");
        browser.find("input[name=token]").type(server.viewer);
        browser.find("form[action='/login'] button[type=submit]").click();
        browser.awaitPage(() -> browser.title().equals("Images · drydock"), "the image list after signing in");
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (browser != null) browser.close();
        } finally {
            if (server != null) server.close();
        }
    }

    @BeforeEach
    void imageList() {
        browser.open(server.uri("/"));
        assertThat(browser.title()).isEqualTo("Images · drydock");
    }

    /** The image names in the list's rows, top to bottom. */
    private static List<String> rows() {
        return browser.texts("main table tbody tr td:first-child a");
    }

    /** Submits the filter form and waits for the list it leads to. */
    private static void filter() {
        String before = browser.url();
        browser.find("form.filters button[type=submit]").click();
        browser.awaitPage(() -> !browser.url().equals(before), "the filtered image list");
        assertThat(browser.title()).isEqualTo("Images · drydock");
    }

    @Test
    void theListShowsEveryImageMostAtRiskFirst() {
        assertThat(rows()).containsExactly(API_NAME, EVIL_NAME, WEB_NAME);
        assertThat(browser.find("main p.muted").text()).isEqualTo("3 images, showing 1–3");
        var api = browser.find("main table tbody tr:first-child");
        assertThat(api.texts("span.sev.critical")).containsExactly("1");
        assertThat(api.texts("span.kev")).containsExactly("1");
        assertThat(api.texts("code")).containsExactly("sha256:a1a1a1a1a1a1");
    }

    @Test
    void theRepositoryFilterNarrowsTheRows() {
        browser.find("input[name=repository]").type("shop/web");
        filter();
        assertThat(browser.url()).contains("repository=shop%2Fweb");
        assertThat(rows()).containsExactly(WEB_NAME);
        assertThat(browser.find("input[name=repository]").property("value")).isEqualTo("shop/web");
    }

    @Test
    void theSeverityFilterKeepsImagesAtLeastThatBad() {
        browser.find("select[name=severity] option[value=high]").click();
        filter();
        assertThat(rows()).containsExactly(API_NAME, EVIL_NAME);
        assertThat(browser.find("select[name=severity]").property("value")).isEqualTo("high");
    }

    @Test
    void theKevFilterKeepsImagesWithKnownExploitedFindings() {
        browser.find("input[name=kev]").click();
        filter();
        assertThat(rows()).containsExactly(API_NAME);
        assertThat(browser.find("input[name=kev]").property("checked")).isEqualTo("true");
    }

    @Test
    void aFilterThatMatchesNothingSaysSo() {
        browser.find("input[name=repository]").type("no/such");
        filter();
        assertThat(browser.findAll("main table")).isEmpty();
        assertThat(browser.texts("main p.muted")).contains("No images match.");
    }

    @Test
    void theSortLinksReorderTheRows() {
        String before = browser.url();
        browser.find("main table thead a[href*='sort=name']").click();
        browser.awaitPage(() -> !browser.url().equals(before), "the list sorted by name");
        assertThat(rows()).containsExactly(API_NAME, WEB_NAME, EVIL_NAME);
        assertThat(browser.find("main table thead th:first-child").text()).isEqualTo("Image ▾");
    }

    @Test
    void anImagePageShowsItsUploadedFindingsLifecycleAndChart() {
        browser.find("main table tbody a[href='/images/" + API + "']").click();
        browser.awaitPage(() -> browser.title().equals(API_NAME + " · drydock"), "the image page of " + API_NAME);
        assertThat(browser.url()).endsWith("/images/" + API);

        var finding = browser.find("main section:nth-of-type(3) table tbody tr");
        assertThat(browser.find("main section:nth-of-type(3) h2").text()).isEqualTo("Findings (1)");
        assertThat(finding.find("td:nth-child(2) strong").text()).isEqualTo("CVE-2021-44228");
        assertThat(finding.find("td:nth-child(2) div").text()).isEqualTo("Remote code injection in Log4j");
        assertThat(finding.find("td:nth-child(3)").text()).isEqualTo("log4j-core");
        assertThat(finding.find("td:nth-child(4)").text()).isEqualTo("2.14.1");
        assertThat(finding.find("td:nth-child(5)").text()).isEqualTo("2.15.0");
        assertThat(finding.find("td:nth-child(1)").text()).isEqualTo("critical");
        assertThat(finding.find("td:nth-child(7)").text()).isEqualTo("KEV");

        // The lifecycle strip: scanned in CI by this upload, never met in the registry or at runtime.
        assertThat(browser.texts("main div.strip span.stage strong")).containsExactly("ci", "registry", "runtime");
        assertThat(browser.texts("main div.strip span.stage.scanned strong")).containsExactly("ci");
        assertThat(browser.find("main div.strip").text()).contains("never seen");

        assertThat(browser.texts("main ul li code")).contains(API_NAME);
        assertThat(browser.script("return document.querySelectorAll('main svg[role=img] path').length").asInt()).isPositive();
        assertThat(browser.find("main svg title").property("textContent")).startsWith("Active findings over time");
        assertThat(browser.texts("main section:last-of-type table tbody td:first-child")).containsExactly("log4j-core");
    }

    @Test
    void hostileTextFromUploadsIsShownAsTextAndNeverRuns() {
        assertThat(browser.script("return window.pwned === undefined").asBoolean()).isTrue();
        browser.find("main table tbody a[href='/images/" + EVIL + "']").click();
        browser.awaitPage(() -> browser.title().equals(EVIL_NAME + " · drydock"), "the image page of " + EVIL_NAME);

        // Shown, character for character, where each was uploaded: package name, finding title, labels, source.
        var finding = browser.find("main section:nth-of-type(3) table tbody tr");
        assertThat(finding.find("td:nth-child(2) strong").text()).isEqualTo("GHSA-evil-evil-evil");
        assertThat(finding.find("td:nth-child(2) div").property("textContent")).isEqualTo(HOSTILE);
        assertThat(finding.find("td:nth-child(3)").property("textContent")).isEqualTo(HOSTILE);
        assertThat(finding.find("td:nth-child(5)").text()).isEqualTo("—");
        assertThat(browser.findAll("main section:last-of-type table tbody td:first-child").getFirst().property("textContent"))
                .isEqualTo(HOSTILE);
        List<String> labels = browser.findAll("main ul li code").stream().map(e -> e.property("textContent")).toList();
        assertThat(labels).contains(HOSTILE, "org.example.note", "key");
        assertThat(labels.stream().filter(HOSTILE::equals)).hasSize(3); // the note's value, a key, the source label
        assertThat(browser.find("main section:first-of-type table").text()).contains(HOSTILE);

        // Nothing was parsed as markup and nothing ran, with the Content-Security-Policy bypassed (escaping alone).
        assertThat(browser.script("return document.scripts.length").asInt()).isZero();
        assertThat(browser.script("return document.querySelectorAll('img').length").asInt()).isZero();
        assertThat(browser.script("return document.querySelectorAll('[onerror]').length").asInt()).isZero();
        assertThat(browser.script("return typeof window.pwned").asText()).isEqualTo("undefined");

        // The image list with the hostile image on it, too.
        browser.open(server.uri("/"));
        assertThat(rows()).contains(EVIL_NAME);
        assertThat(browser.script("return document.scripts.length + document.querySelectorAll('img,[onerror]').length").asInt())
                .isZero();
        assertThat(browser.script("return typeof window.pwned").asText()).isEqualTo("undefined");
    }

    @Test
    void theTriageQueueIsInTheHeaderMostUrgentFirstAndShowsHostileTextAsText() {
        browser.find("header nav a[href='/triage']").click();
        browser.awaitPage(() -> browser.title().equals("Triage · drydock"), "the triage queue");
        assertThat(browser.texts("main table tbody tr td:nth-child(2) strong"))
                .containsExactly("CVE-2021-44228", "GHSA-evil-evil-evil", "CVE-2023-0464");
        assertThat(browser.find("main table tbody tr:nth-child(2) td:nth-child(2) div").property("textContent")).isEqualTo(HOSTILE);
        assertThat(browser.find("main table tbody tr:nth-child(2) td:nth-child(3)").property("textContent")).startsWith(HOSTILE);
        assertThat(browser.script("return document.scripts.length + document.querySelectorAll('img,[onerror]').length").asInt())
                .isZero();
        assertThat(browser.script("return typeof window.pwned").asText()).isEqualTo("undefined");

        browser.find("input[name=repository]").type("shop/web");
        String before = browser.url();
        browser.find("form.filters button[type=submit]").click();
        browser.awaitPage(() -> !browser.url().equals(before), "the filtered triage queue");
        assertThat(browser.url()).contains("/triage?").contains("repository=shop%2Fweb");
        assertThat(browser.texts("main table tbody tr td:nth-child(2) strong")).containsExactly("CVE-2023-0464");
    }
}
