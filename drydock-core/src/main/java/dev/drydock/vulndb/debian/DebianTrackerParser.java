package dev.drydock.vulndb.debian;

import dev.drydock.model.UntrustedText;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import dev.drydock.catalog.Warnings;
import dev.drydock.image.BadInputException;
import dev.drydock.match.VersionScheme;
import dev.drydock.model.PackageType;
import dev.drydock.vulndb.feed.FeedInput;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import static dev.drydock.model.UntrustedText.firstLine;
import static dev.drydock.model.UntrustedText.printable;

/**
 * Streams the tracker's JSON export into {@link DebianTrackerRecord}s, one source package at a time, so
 * memory is bounded by the largest package and never by the document.
 *
 * <p>Status mapping (tracker → {@link DebianStatus}):
 * <ul>
 *   <li>{@code resolved} with {@code fixed_version "0"} → {@link DebianStatus#NOT_AFFECTED}
 *       (the tracker's way to say no shipped version was vulnerable);</li>
 *   <li>{@code resolved} with any other fixed version → {@link DebianStatus#FIXED};</li>
 *   <li>{@code open} with {@code nodsa_reason "ignored"} → {@link DebianStatus#WILL_NOT_FIX};</li>
 *   <li>{@code open} with {@code nodsa_reason "postponed"} → {@link DebianStatus#DEFERRED};</li>
 *   <li>{@code open} with urgency {@code end-of-life} → {@link DebianStatus#WILL_NOT_FIX}
 *       (the package gets no security support in that release);</li>
 *   <li>any other {@code open}, including a plain no-DSA (a fix may come in a point release)
 *       → {@link DebianStatus#AFFECTED}, with the no-DSA note kept;</li>
 *   <li>{@code undetermined} → {@link DebianStatus#UNDETERMINED}.</li>
 * </ul>
 * A release with an unknown status, a {@code resolved} without a fixed version, or a fixed version dpkg
 * cannot order is skipped with a warning: guessing would either hide or invent a finding.
 *
 * <p>Failure granularity: malformed JSON, a document over the limits, or a top level that is not an
 * object fails the whole read with {@link BadInputException}; records of earlier packages may already
 * have reached the sink, so an import must be discarded on that exception. A wrong type inside one
 * issue skips that issue; too many issues or releases in one package skips that package (a cut list
 * could hide a match); both with a warning. Not thread-safe: one parser per import.
 */
public final class DebianTrackerParser {
    /** Depth of the parsing context inside the document object, a package, an issue. */
    private static final int IN_DOCUMENT = 1;
    private static final int IN_PACKAGE = 2;

    private final DebianTrackerLimits limits;
    private final Warnings warnings;
    private final JsonFactory factory;
    private final Set<String> unknownCodenames = new HashSet<>();

    public DebianTrackerParser() {
        this(DebianTrackerLimits.DEFAULT, new Warnings());
    }

    public DebianTrackerParser(DebianTrackerLimits limits, Warnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
        // Duplicate keys rejected so no reader of the same bytes can see a different verdict.
        this.factory = FeedInput.strictJson(DebianTrackerLimits.MAX_DEPTH, limits.maxTextChars(), limits.maxTextChars(),
                limits.maxDocumentBytes());
    }

    public Warnings warnings() {
        return warnings;
    }

    /** Reads the whole document, handing each package's records to {@code sink} as soon as the package ends. */
    public DebianTrackerSummary read(InputStream in, Consumer<DebianTrackerRecord> sink) {
        int packages = 0;
        int records = 0;
        int skipped = 0;
        try (JsonParser p = factory.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new BadInputException("Debian tracker JSON must be an object of source packages");
            }
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (++packages > limits.maxPackages()) {
                    throw new BadInputException("Debian tracker lists more than " + limits.maxPackages() + " packages");
                }
                try {
                    if (!isName(name)) throw new Skip("unusable source package name");
                    if (p.currentToken() != JsonToken.START_OBJECT) throw new Skip("package is not an object");
                    List<DebianTrackerRecord> out = readPackage(p, name);
                    out.forEach(sink);
                    records += out.size();
                } catch (Skip e) {
                    warnings.add("Debian tracker: skipped package " + printable(name) + ": " + e.getMessage());
                    skipped++;
                    skipOut(p, IN_DOCUMENT);
                }
            }
            if (t != JsonToken.END_OBJECT) throw new BadInputException("malformed Debian tracker JSON");
            if (p.nextToken() != null) throw new BadInputException("Debian tracker JSON has data after the document");
        } catch (JsonProcessingException e) {
            throw new BadInputException("malformed Debian tracker JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadInputException("cannot read Debian tracker JSON: " + firstLine(e.getMessage()));
        }
        return new DebianTrackerSummary(packages, records, skipped);
    }

    /** Parser on the package's START_OBJECT; returns on its END_OBJECT. */
    private List<DebianTrackerRecord> readPackage(JsonParser p, String pkg) throws IOException {
        List<DebianTrackerRecord> out = new ArrayList<>();
        int issues = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String id = p.currentName();
            p.nextToken();
            if (++issues > limits.maxIssuesPerPackage()) {
                throw new Skip("more than " + limits.maxIssuesPerPackage() + " issues");
            }
            try {
                if (!isName(id)) throw new WrongShape("unusable issue id");
                if (p.currentToken() != JsonToken.START_OBJECT) throw new WrongShape("issue is not an object");
                readIssue(p, pkg, id, out);
            } catch (WrongShape e) {
                warnings.add("Debian tracker: skipped " + printable(pkg) + " " + printable(id) + ": " + e.getMessage());
                skipOut(p, IN_PACKAGE);
            }
        }
        return out;
    }

    /** One issue's fields may come in any order, so its releases are collected and turned into records at the end. */
    private void readIssue(JsonParser p, String pkg, String id, List<DebianTrackerRecord> out) throws IOException {
        String description = null;
        Long bug = null;
        List<ReleaseEntry> releases = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            switch (field) {
                case "description" -> description = cut(optionalText(p, field), limits.maxDescriptionChars());
                case "debianbug" -> {
                    if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT
                            && p.getNumberType() != JsonParser.NumberType.LONG) {
                        throw new WrongShape("debianbug is not a bug number");
                    }
                    bug = p.getLongValue();
                }
                case "releases" -> readReleases(p, releases);
                default -> p.skipChildren(); // scope and anything newer: not needed for matching
            }
        }
        for (ReleaseEntry r : releases) {
            DebianTrackerRecord record = toRecord(pkg, id, r, description, bug);
            if (record != null) out.add(record);
        }
    }

    private void readReleases(JsonParser p, List<ReleaseEntry> into) throws IOException {
        // The export writes an issue without releases as an empty array rather than an empty object.
        if (p.currentToken() == JsonToken.START_ARRAY) {
            if (p.nextToken() != JsonToken.END_ARRAY) throw new WrongShape("releases is a non-empty array");
            return;
        }
        if (p.currentToken() != JsonToken.START_OBJECT) throw new WrongShape("releases is not an object");
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String codename = p.currentName();
            p.nextToken();
            if (into.size() >= limits.maxReleasesPerIssue()) {
                throw new Skip("more than " + limits.maxReleasesPerIssue() + " releases in one issue");
            }
            if (!isName(codename)) throw new WrongShape("unusable release codename");
            if (p.currentToken() != JsonToken.START_OBJECT) throw new WrongShape("release " + printable(codename) + " is not an object");
            into.add(readRelease(p, codename));
        }
    }

    private ReleaseEntry readRelease(JsonParser p, String codename) throws IOException {
        String status = null, fixed = null, urgency = null, nodsa = null, nodsaReason = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "status" -> status = optionalText(p, field);
                case "fixed_version" -> fixed = optionalText(p, field);
                case "urgency" -> urgency = optionalText(p, field);
                case "nodsa" -> nodsa = cut(optionalText(p, field), limits.maxDescriptionChars());
                case "nodsa_reason" -> nodsaReason = optionalText(p, field);
                case "repositories" -> countRepositories(p);
                default -> p.skipChildren();
            }
        }
        return new ReleaseEntry(codename, status, fixed, urgency, nodsa, nodsaReason);
    }

    /** The versions each suite currently ships are not needed (the image says what is installed); only bounded. */
    private void countRepositories(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) throw new WrongShape("repositories is not an object");
        int n = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            if (++n > limits.maxRepositoriesPerRelease()) {
                throw new Skip("more than " + limits.maxRepositoriesPerRelease() + " repositories in one release");
            }
            p.nextToken();
            p.skipChildren();
        }
    }

    private DebianTrackerRecord toRecord(String pkg, String id, ReleaseEntry r, String description, Long bug) {
        String where = printable(pkg) + " " + printable(id) + " " + printable(r.codename());
        DebianStatus status = classify(r);
        if (status == null) {
            warnings.add("Debian tracker: skipped " + where + ": status " + printable(String.valueOf(r.status()))
                    + (r.fixedVersion() == null ? "" : " with fixed version " + printable(r.fixedVersion())) + " not understood");
            return null;
        }
        String fixed = status == DebianStatus.FIXED ? r.fixedVersion() : null;
        if (fixed != null && !DEB.isValid(fixed)) {
            warnings.add("Debian tracker: skipped " + where + ": fixed version " + printable(fixed) + " is not a Debian version");
            return null;
        }
        String release = DebianReleases.number(r.codename()).orElse(null);
        if (release == null && unknownCodenames.add(r.codename())) {
            warnings.add("Debian tracker: release codename " + printable(r.codename()) + " has no known release number");
        }
        String note = r.nodsa() == null || r.nodsa().isEmpty() ? null : r.nodsa();
        return new DebianTrackerRecord(pkg, id, r.codename(), release, status, fixed,
                DebianUrgency.of(r.urgency()), r.urgency(), note, description, bug);
    }

    /** The mapping documented on the class; null when the entry cannot be mapped safely. */
    static DebianStatus classify(ReleaseEntry r) {
        if (r.status() == null) return null;
        return switch (r.status()) {
            case "resolved" -> {
                if (r.fixedVersion() == null || r.fixedVersion().isBlank()) yield null;
                yield r.fixedVersion().equals("0") ? DebianStatus.NOT_AFFECTED : DebianStatus.FIXED;
            }
            case "open" -> {
                if ("ignored".equals(r.nodsaReason())) yield DebianStatus.WILL_NOT_FIX;
                if ("postponed".equals(r.nodsaReason())) yield DebianStatus.DEFERRED;
                if (DebianUrgency.of(r.urgency()) == DebianUrgency.END_OF_LIFE) yield DebianStatus.WILL_NOT_FIX;
                yield DebianStatus.AFFECTED;
            }
            case "undetermined" -> DebianStatus.UNDETERMINED;
            default -> null;
        };
    }

    private static final VersionScheme DEB = VersionScheme.of(PackageType.DEB);

    /** One release's raw fields, before mapping. */
    record ReleaseEntry(String codename, String status, String fixedVersion, String urgency, String nodsa, String nodsaReason) {
    }

    private static String optionalText(JsonParser p, String field) throws IOException {
        return switch (p.currentToken()) {
            case VALUE_STRING -> p.getText();
            case VALUE_NULL -> null;
            default -> throw new WrongShape(field + " is not a string");
        };
    }

    /** Advances until the parser is back at {@code depth}, i.e. past the end of whatever it was inside. */
    private static void skipOut(JsonParser p, int depth) throws IOException {
        if (p.currentToken() == JsonToken.START_OBJECT || p.currentToken() == JsonToken.START_ARRAY) {
            p.skipChildren();
        }
        while (depth(p) > depth) {
            if (p.nextToken() == null) throw new BadInputException("malformed Debian tracker JSON: unexpected end");
            p.skipChildren();
        }
    }

    private static int depth(JsonParser p) {
        int d = 0;
        for (JsonStreamContext c = p.getParsingContext(); c.getParent() != null; c = c.getParent()) d++;
        return d;
    }

    /** Package names, issue ids and codenames end up in database keys and messages: short, no controls. */
    private boolean isName(String s) {
        if (s.isEmpty() || s.length() > 256) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f) return false;
        }
        return true;
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }



    /** Skips one issue; never leaves the parser. */
    private static final class WrongShape extends RuntimeException {
        WrongShape(String message) {
            super(message, null, false, false);
        }
    }

    /** Skips one package; never leaves the parser. */
    private static final class Skip extends RuntimeException {
        Skip(String message) {
            super(message, null, false, false);
        }
    }
}
