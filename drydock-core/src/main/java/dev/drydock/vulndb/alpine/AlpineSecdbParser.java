package dev.drydock.vulndb.alpine;

import dev.drydock.model.UntrustedText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.catalog.Warnings;
import dev.drydock.image.BadInputException;
import dev.drydock.match.VersionScheme;
import dev.drydock.model.PackageType;
import dev.drydock.vulndb.feed.FeedInput;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.drydock.model.UntrustedText.firstLine;
import static dev.drydock.model.UntrustedText.printable;

/**
 * Reads one secdb JSON document into an {@link AlpineSecdb}. Documents are small, so one is read whole,
 * bounded by {@link AlpineSecdbLimits#maxDocumentBytes()}.
 *
 * <p>Malformed JSON, a document over the limits, or a missing or unusable {@code distroversion} or
 * {@code packages} fails the read with {@link BadInputException}: without the release, no fix can be
 * placed. A package of the wrong shape, or with too many fixes, is skipped with a warning; a version
 * apk cannot order is skipped (that version only) with a warning. An id list entry may hold several
 * whitespace-separated ids; words that are not ids are dropped with a warning. Not thread-safe.
 */
public final class AlpineSecdbParser {
    /** secdb ids look like CVE-2022-1271, XSA-123, GHSA-xxxx-xxxx-xxxx, ALPINE-13661. */
    private static final Pattern ID = Pattern.compile("[A-Z][A-Z0-9]*-[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    private static final Pattern RELEASE = Pattern.compile("v?(\\d{1,3}\\.\\d{1,3}|edge)");
    private static final Pattern REPOSITORY = Pattern.compile("[a-z][a-z0-9_-]{0,63}");
    private static final VersionScheme APK = VersionScheme.of(PackageType.APK);

    private final AlpineSecdbLimits limits;
    private final Warnings warnings;
    private final ObjectMapper mapper;

    public AlpineSecdbParser() {
        this(AlpineSecdbLimits.DEFAULT, new Warnings());
    }

    public AlpineSecdbParser(AlpineSecdbLimits limits, Warnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
        // Duplicate keys rejected so no reader of the same bytes can see a different fix list.
        this.mapper = new ObjectMapper(FeedInput.strictJson(AlpineSecdbLimits.MAX_DEPTH, limits.maxTextChars(), limits.maxTextChars(), -1))
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public Warnings warnings() {
        return warnings;
    }

    public AlpineSecdb read(InputStream in) {
        byte[] bytes;
        try {
            bytes = in.readNBytes(limits.maxDocumentBytes() + 1);
        } catch (IOException e) {
            throw new BadInputException("cannot read Alpine secdb: " + firstLine(e.getMessage()));
        }
        if (bytes.length > limits.maxDocumentBytes()) {
            throw new BadInputException("Alpine secdb document exceeds " + limits.maxDocumentBytes() + " bytes");
        }
        return parse(bytes);
    }

    public AlpineSecdb parse(byte[] json) {
        if (json.length > limits.maxDocumentBytes()) {
            throw new BadInputException("Alpine secdb document exceeds " + limits.maxDocumentBytes() + " bytes");
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadInputException("malformed Alpine secdb JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadInputException("cannot read Alpine secdb JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) throw new BadInputException("Alpine secdb must be a JSON object");

        String release = release(root.get("distroversion"));
        String repository = repository(root.get("reponame"));
        JsonNode packages = root.get("packages");
        if (packages == null || !packages.isArray()) throw new BadInputException("Alpine secdb has no packages array");
        if (packages.size() > limits.maxPackages()) {
            throw new BadInputException("Alpine secdb lists more than " + limits.maxPackages() + " packages");
        }
        List<AlpineSecfix> fixes = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : packages) {
            try {
                fixes.addAll(readPackage(entry, release, repository));
            } catch (SkipPackage e) {
                warnings.add("Alpine secdb " + release + "/" + repository + ": skipped package #" + index + ": " + e.getMessage());
            }
            index++;
        }
        return new AlpineSecdb(release, repository, fixes);
    }

    private List<AlpineSecfix> readPackage(JsonNode entry, String release, String repository) {
        JsonNode pkg = entry.get("pkg");
        if (pkg == null || !pkg.isObject()) throw new SkipPackage("no pkg object");
        JsonNode nameNode = pkg.get("name");
        if (nameNode == null || !nameNode.isTextual() || !isName(nameNode.asText())) throw new SkipPackage("no usable name");
        String name = nameNode.asText();
        JsonNode secfixes = pkg.get("secfixes");
        // A package entry with no secfixes lists nothing fixed: not an error.
        if (secfixes == null || secfixes.isNull()) return List.of();
        if (!secfixes.isObject()) throw new SkipPackage(name + ": secfixes is not an object");
        if (secfixes.size() > limits.maxFixesPerPackage()) {
            throw new SkipPackage(name + ": more than " + limits.maxFixesPerPackage() + " fixed versions");
        }
        List<AlpineSecfix> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> fix : secfixes.properties()) {
            String version = fix.getKey();
            if (!fix.getValue().isArray()) throw new SkipPackage(name + " " + printable(version) + ": ids are not a list");
            if (fix.getValue().size() > limits.maxIdsPerFix()) {
                throw new SkipPackage(name + " " + printable(version) + ": more than " + limits.maxIdsPerFix() + " ids");
            }
            if (!version.equals("0") && !APK.isValid(version)) {
                warnings.add("Alpine secdb: skipped " + name + " " + printable(version) + ": not an apk version");
                continue;
            }
            List<String> ids = ids(name, version, fix.getValue());
            if (ids.isEmpty()) {
                warnings.add("Alpine secdb: skipped " + name + " " + printable(version) + ": no vulnerability ids");
                continue;
            }
            out.add(new AlpineSecfix(name, version, ids, release, repository));
        }
        return out;
    }

    private List<String> ids(String name, String version, JsonNode list) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : list) {
            if (!item.isTextual()) throw new SkipPackage(name + " " + printable(version) + ": an id is not a string");
            for (String word : item.asText().strip().split("\\s+")) {
                if (word.isEmpty()) continue;
                if (ID.matcher(word).matches()) {
                    if (!ids.contains(word)) ids.add(word);
                } else {
                    warnings.add("Alpine secdb: " + name + " " + printable(version) + ": ignored " + printable(word) + " (not an id)");
                }
            }
        }
        return ids;
    }

    private static String release(JsonNode node) {
        if (node == null || !node.isTextual()) throw new BadInputException("Alpine secdb has no distroversion");
        var m = RELEASE.matcher(node.asText());
        if (!m.matches()) throw new BadInputException("Alpine secdb distroversion " + printable(node.asText()) + " is not a release");
        return m.group(1);
    }

    private static String repository(JsonNode node) {
        if (node == null || !node.isTextual() || !REPOSITORY.matcher(node.asText()).matches()) {
            throw new BadInputException("Alpine secdb has no usable reponame");
        }
        return node.asText();
    }

    /** apk package names: short, printable, no spaces. */
    private static boolean isName(String s) {
        if (s.isEmpty() || s.length() > 256) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 0x7f) return false;
        }
        return true;
    }



    /** Skips one package; never leaves the parser. */
    private static final class SkipPackage extends RuntimeException {
        SkipPackage(String message) {
            super(message, null, false, false);
        }
    }
}
