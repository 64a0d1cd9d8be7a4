package dev.drydock.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.drydock.model.Finding;
import dev.drydock.model.FindingStatus;
import dev.drydock.model.Package;
import dev.drydock.model.SeverityRating;
import dev.drydock.model.Suppression;
import dev.drydock.sbom.ImageSubject;
import org.cyclonedx.Version;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.model.metadata.ToolInformation;
import org.cyclonedx.model.vulnerability.Vulnerability;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The scan as a CycloneDX 1.6 vulnerability report (a VDR, with VEX-style analysis for what was
 * suppressed): the image is {@code metadata.component}, each affected package a component whose
 * bom-ref is its purl, and each finding one entry of {@code vulnerabilities} that {@code affects} it.
 * One entry per finding rather than per id, because an analysis (why it is suppressed) belongs to one
 * package: the same CVE can be fixed in one package and waived in another.
 */
public final class CycloneDxReportWriter implements ReportWriter {
    static final Version SPEC = Version.VERSION_16;

    private static final ObjectWriter JSON = ReportText.PRETTY_JSON;

    @Override
    public void write(ScanReport r, OutputStream out) throws IOException {
        Bom bom = toBom(r);
        // The serial number is derived from the content so that the same scan gives the same bytes.
        bom.setSerialNumber("urn:uuid:" + contentUuid(JSON.writeValueAsBytes(BomGeneratorFactory.createJson(SPEC, bom).toJsonNode())));
        JsonNode tree = BomGeneratorFactory.createJson(SPEC, bom).toJsonNode();
        JSON.writeValue(out, tree);
        out.write('\n');
        out.flush();
    }

    Bom toBom(ScanReport r) {
        Bom bom = new Bom();
        bom.setVersion(1);
        bom.setMetadata(metadata(r));
        Map<String, Component> components = new LinkedHashMap<>();
        List<Vulnerability> vulnerabilities = new ArrayList<>();
        for (Finding f : r.findings()) {
            String ref = bomRef(f.pkg(), f.installedVersion());
            components.computeIfAbsent(ref, k -> component(f, k));
            vulnerabilities.add(vulnerability(f, ref));
        }
        bom.setComponents(new ArrayList<>(components.values()));
        bom.setVulnerabilities(vulnerabilities);
        return bom;
    }

    private static Metadata metadata(ScanReport r) {
        Metadata metadata = new Metadata();
        // The schema's date-time carries seconds; a fraction would make output depend on clock precision.
        metadata.setTimestamp(Date.from(r.createdAt().truncatedTo(ChronoUnit.SECONDS)));
        Component tool = new Component();
        tool.setType(Component.Type.APPLICATION);
        tool.setName("drydock");
        tool.setVersion(r.toolVersion());
        ToolInformation tools = new ToolInformation();
        tools.setComponents(List.of(tool));
        metadata.setToolChoice(tools);

        ImageSubject subject = ImageSubject.of(r.image());
        Component image = new Component();
        image.setType(Component.Type.CONTAINER);
        image.setName(subject.name());
        image.setVersion(subject.version());
        image.setPurl(subject.purl());
        image.setBomRef(subject.purl() != null ? subject.purl()
                : "drydock:image:" + (subject.version() != null ? subject.version() : subject.name()));
        metadata.setComponent(image);
        return metadata;
    }

    /** The purl, as the SBOM's bom-ref convention; a package without one still needs a stable reference. */
    static String bomRef(Package p, String installedVersion) {
        if (p.purl() != null && !p.purl().isBlank()) return p.purl();
        return "drydock:package:" + p.name() + "@" + (installedVersion != null ? installedVersion : p.version());
    }

    private static Component component(Finding f, String ref) {
        Package p = f.pkg();
        Component c = new Component();
        c.setType(Component.Type.LIBRARY);
        c.setBomRef(ref);
        // The schema requires a name; hostile input may lack one and the document must stay valid.
        c.setName(p.name() == null ? "" : p.name());
        c.setVersion(f.installedVersion() != null ? f.installedVersion() : p.version());
        c.setPurl(p.purl());
        List<Property> props = new ArrayList<>();
        if (p.layerDiffId() != null) props.add(new Property("drydock:package:layerDiffId", p.layerDiffId().toString()));
        if (p.path() != null) props.add(new Property("drydock:package:path", p.path()));
        if (!props.isEmpty()) c.setProperties(props);
        return c;
    }

    private static Vulnerability vulnerability(Finding f, String ref) {
        Vulnerability v = new Vulnerability();
        v.setId(f.id());
        v.setSource(source(f.advisorySource() != null ? f.advisorySource() : "drydock", ReportText.vulnerabilityUrl(f)));
        List<Vulnerability.Reference> references = new ArrayList<>();
        for (String alias : f.aliases()) {
            Vulnerability.Reference reference = new Vulnerability.Reference();
            reference.setId(alias);
            reference.setSource(aliasSource(alias, f.advisorySource()));
            references.add(reference);
        }
        if (!references.isEmpty()) v.setReferences(references);
        List<Vulnerability.Rating> ratings = new ArrayList<>();
        for (SeverityRating sr : f.ratings()) ratings.add(rating(sr));
        if (ratings.isEmpty()) ratings.add(rating(SeverityRating.of(f.severitySource() != null ? f.severitySource() : "drydock", f.severity())));
        v.setRatings(ratings);
        List<Integer> cwes = ReportText.cweNumbers(f.cwes());
        if (!cwes.isEmpty()) v.setCwes(cwes);
        if (f.description() != null) v.setDescription(f.description());
        else if (f.title() != null) v.setDescription(f.title());
        if (f.description() != null && f.title() != null) v.setDetail(f.title());
        List<Vulnerability.Advisory> advisories = new ArrayList<>();
        for (String url : f.references()) {
            String checked = ReportText.httpUrl(url);
            if (checked == null) continue;
            Vulnerability.Advisory a = new Vulnerability.Advisory();
            a.setUrl(checked);
            advisories.add(a);
        }
        if (!advisories.isEmpty()) v.setAdvisories(advisories);
        if (f.status() == FindingStatus.FIXED && f.firstFixedVersion() != null) {
            v.setRecommendation("Upgrade " + (f.pkg().name() == null ? "the package" : f.pkg().name()) + " to " + f.firstFixedVersion());
        }
        v.setAffects(List.of(affect(f, ref)));
        if (f.suppressed() || f.status() == FindingStatus.NOT_AFFECTED) v.setAnalysis(analysis(f));
        v.setProperties(properties(f));
        return v;
    }

    private static Vulnerability.Affect affect(Finding f, String ref) {
        Vulnerability.Affect affect = new Vulnerability.Affect();
        affect.setRef(ref);
        List<Vulnerability.Version> versions = new ArrayList<>();
        if (f.installedVersion() != null) {
            boolean notAffected = f.status() == FindingStatus.NOT_AFFECTED
                    || (f.suppression() != null && f.suppression().kind() == Suppression.Kind.VEX);
            versions.add(version(f.installedVersion(),
                    notAffected ? Vulnerability.Version.Status.UNAFFECTED : Vulnerability.Version.Status.AFFECTED));
        }
        for (String fixed : f.fixedVersions()) versions.add(version(fixed, Vulnerability.Version.Status.UNAFFECTED));
        if (!versions.isEmpty()) affect.setVersions(versions);
        return affect;
    }

    private static Vulnerability.Version version(String version, Vulnerability.Version.Status status) {
        Vulnerability.Version v = new Vulnerability.Version();
        v.setVersion(version);
        v.setStatus(status);
        return v;
    }

    /**
     * What a suppression says in CycloneDX's words. A VEX statement or the distributor's "not affected" is
     * {@code not_affected}; an ignore-file entry is the user asserting the match does not apply to them,
     * {@code false_positive}; {@code --ignore-unfixed} decides nothing about exposure, so it stays
     * {@code in_triage} with the response {@code can_not_fix} (no fixed version exists).
     */
    private static Vulnerability.Analysis analysis(Finding f) {
        Vulnerability.Analysis a = new Vulnerability.Analysis();
        Suppression s = f.suppression();
        if (s == null) {
            a.setState(Vulnerability.Analysis.State.NOT_AFFECTED);
            a.setDetail("the distributor marks this package as not affected");
            return a;
        }
        switch (s.kind()) {
            case VEX -> {
                a.setState(Vulnerability.Analysis.State.NOT_AFFECTED);
                Vulnerability.Analysis.Justification j = justification(s.reason());
                if (j != null) a.setJustification(j);
            }
            case IGNORE_FILE -> a.setState(f.status() == FindingStatus.NOT_AFFECTED
                    ? Vulnerability.Analysis.State.NOT_AFFECTED : Vulnerability.Analysis.State.FALSE_POSITIVE);
            case UNFIXED -> {
                a.setState(Vulnerability.Analysis.State.IN_TRIAGE);
                a.setResponses(List.of(Vulnerability.Analysis.Response.CAN_NOT_FIX));
            }
        }
        a.setDetail(s.kind().id() + ": " + s.reason() + (s.origin() == null ? "" : " (" + s.origin() + ")")
                + (s.expires() == null ? "" : ", until " + s.expires()));
        return a;
    }

    /**
     * The CycloneDX justification a VEX statement's reason names, in CycloneDX's or OpenVEX's spelling
     * ({@code code_not_reachable}, {@code vulnerable_code_not_in_execute_path}, …); null when it names none.
     */
    static Vulnerability.Analysis.Justification justification(String reason) {
        String r = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (r.contains("component_not_present") || r.contains("vulnerable_code_not_present") || r.contains("code_not_present")) {
            return Vulnerability.Analysis.Justification.CODE_NOT_PRESENT;
        }
        if (r.contains("vulnerable_code_not_in_execute_path") || r.contains("code_not_reachable")) {
            return Vulnerability.Analysis.Justification.CODE_NOT_REACHABLE;
        }
        if (r.contains("vulnerable_code_cannot_be_controlled_by_adversary") || r.contains("requires_configuration")) {
            return Vulnerability.Analysis.Justification.REQUIRES_CONFIGURATION;
        }
        if (r.contains("inline_mitigations_already_exist") || r.contains("protected_by_mitigating_control")) {
            return Vulnerability.Analysis.Justification.PROTECTED_BY_MITIGATING_CONTROL;
        }
        for (Vulnerability.Analysis.Justification j : Vulnerability.Analysis.Justification.values()) {
            if (r.contains(j.name().toLowerCase(Locale.ROOT))) return j;
        }
        return null;
    }

    private static Vulnerability.Rating rating(SeverityRating sr) {
        Vulnerability.Rating rating = new Vulnerability.Rating();
        rating.setSource(source(sr.source(), null));
        if (sr.score() != null && sr.score() >= 0 && sr.score() <= 10) rating.setScore(sr.score());
        rating.setSeverity(switch (sr.severity()) {
            case CRITICAL -> Vulnerability.Rating.Severity.CRITICAL;
            case HIGH -> Vulnerability.Rating.Severity.HIGH;
            case MEDIUM -> Vulnerability.Rating.Severity.MEDIUM;
            case LOW -> Vulnerability.Rating.Severity.LOW;
            case NEGLIGIBLE -> Vulnerability.Rating.Severity.INFO;
            case UNKNOWN -> Vulnerability.Rating.Severity.UNKNOWN;
        });
        Vulnerability.Rating.Method method = method(sr);
        if (method != null) rating.setMethod(method);
        if (sr.vector() != null) rating.setVector(sr.vector());
        return rating;
    }

    /** CVSS version to CycloneDX's method; {@code other} for a score or vector of another kind, none for a bare word. */
    static Vulnerability.Rating.Method method(SeverityRating sr) {
        if (sr.cvssVersion() == null) return sr.vector() != null || sr.score() != null ? Vulnerability.Rating.Method.OTHER : null;
        return switch (sr.cvssVersion().strip()) {
            case "2", "2.0" -> Vulnerability.Rating.Method.CVSSV2;
            case "3", "3.0" -> Vulnerability.Rating.Method.CVSSV3;
            case "3.1" -> Vulnerability.Rating.Method.CVSSV31;
            case "4", "4.0" -> Vulnerability.Rating.Method.CVSSV4;
            default -> Vulnerability.Rating.Method.OTHER;
        };
    }

    private static Vulnerability.Source aliasSource(String alias, String advisorySource) {
        String upper = alias.toUpperCase(Locale.ROOT);
        if (upper.startsWith("CVE-")) return source("NVD", ReportText.wellKnownUrl(alias));
        if (upper.startsWith("GHSA-")) return source("GitHub Advisory Database", ReportText.wellKnownUrl(alias));
        if (upper.matches("(DSA|DLA|DTSA)-[0-9-]+")) {
            return source("Debian", "https://security-tracker.debian.org/tracker/" + upper);
        }
        return source(advisorySource != null ? advisorySource : "drydock", null);
    }

    private static Vulnerability.Source source(String name, String url) {
        Vulnerability.Source s = new Vulnerability.Source();
        s.setName(name);
        if (url != null) s.setUrl(url);
        return s;
    }

    /** What CycloneDX has no field for, under drydock's property names, so nothing the scan knew is lost. */
    private static List<Property> properties(Finding f) {
        List<Property> props = new ArrayList<>();
        props.add(new Property("drydock:status", f.status().id()));
        props.add(new Property("drydock:severity", f.severity().id()));
        if (f.severitySource() != null) props.add(new Property("drydock:severitySource", f.severitySource()));
        if (f.namespace() != null) props.add(new Property("drydock:namespace", f.namespace()));
        if (f.epss() != null) {
            props.add(new Property("drydock:epss:score", Double.toString(f.epss().score())));
            props.add(new Property("drydock:epss:percentile", Double.toString(f.epss().percentile())));
        }
        if (f.kev() != null) {
            if (f.kev().dateAdded() != null) props.add(new Property("drydock:kev:dateAdded", f.kev().dateAdded().toString()));
            if (f.kev().dueDate() != null) props.add(new Property("drydock:kev:dueDate", f.kev().dueDate().toString()));
            props.add(new Property("drydock:kev:knownRansomwareUse", Boolean.toString(f.kev().knownRansomwareUse())));
        }
        if (f.suppression() != null) {
            props.add(new Property("drydock:suppression:kind", f.suppression().kind().id()));
            if (f.suppression().origin() != null) props.add(new Property("drydock:suppression:origin", f.suppression().origin()));
        }
        return props;
    }

    /** A name-based (version 5 layout) UUID of the document's bytes. */
    private static UUID contentUuid(byte[] content) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-1").digest(content);
            h[6] = (byte) ((h[6] & 0x0f) | 0x50);
            h[8] = (byte) ((h[8] & 0x3f) | 0x80);
            ByteBuffer b = ByteBuffer.wrap(h, 0, 16);
            return new UUID(b.getLong(), b.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
