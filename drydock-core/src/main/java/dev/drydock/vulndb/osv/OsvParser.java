package dev.drydock.vulndb.osv;

import dev.drydock.model.UntrustedText;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.catalog.Warnings;
import dev.drydock.image.BadInputException;
import dev.drydock.match.InvalidVersionException;
import dev.drydock.match.OsvEvent;
import dev.drydock.match.VersionScheme;
import dev.drydock.vulndb.feed.FeedInput;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static dev.drydock.model.UntrustedText.firstLine;
import static dev.drydock.model.UntrustedText.printable;

/**
 * Reads OSV JSON into {@link OsvRecord}s. A record that breaks the schema's types or the
 * {@link OsvLimits} is rejected whole ({@link BadInputException} from {@link #parse}; a warning and a
 * skip when reading many). A range whose events a version scheme cannot order is dropped with a
 * warning and the rest of the record kept. Not thread-safe: one parser per import.
 */
public final class OsvParser {
    /** The directory layouts seen (GHSA: advisories/github-reviewed/yyyy/mm/ID/ID.json) are about six deep. */
    private static final int MAX_DIRECTORY_DEPTH = 16;

    private final OsvLimits limits;
    private final Warnings warnings;
    private final ObjectMapper mapper;

    public OsvParser() {
        this(OsvLimits.DEFAULT, new Warnings());
    }

    public OsvParser(OsvLimits limits, Warnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
        // Duplicate keys rejected so no reader of the same bytes can see a different record.
        this.mapper = new ObjectMapper(FeedInput.strictJson(OsvLimits.MAX_DEPTH, limits.maxRecordBytes(),
                StreamReadConstraints.DEFAULT_MAX_NAME_LEN, -1))
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    public Warnings warnings() {
        return warnings;
    }

    /** One record. Throws {@link BadInputException} (one-line message) for anything it cannot accept. */
    public OsvRecord parse(byte[] json) {
        if (json.length > limits.maxRecordBytes()) {
            throw new BadInputException("OSV record of " + json.length + " bytes exceeds " + limits.maxRecordBytes());
        }
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new BadInputException("malformed OSV JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new BadInputException("cannot read OSV JSON: " + firstLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) throw new BadInputException("OSV record must be a JSON object");
        return record(root);
    }

    /**
     * Every {@code *.json} file under {@code dir} (symbolic links are not followed); records that fail
     * are skipped with a warning. Order is the file system's.
     */
    public OsvReadSummary readDirectory(Path dir, Consumer<OsvRecord> sink) {
        int[] counts = new int[3]; // files, records, skipped
        try {
            Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), MAX_DIRECTORY_DEPTH, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    if (!file.getFileName().toString().endsWith(".json")) return FileVisitResult.CONTINUE;
                    if (!attrs.isRegularFile()) {
                        warnings.add("OSV: skipped " + dir.relativize(file) + ": not a regular file");
                        counts[2]++;
                        return FileVisitResult.CONTINUE;
                    }
                    if (++counts[0] > limits.maxEntries()) {
                        throw new BadInputException("OSV directory " + dir + " holds more than " + limits.maxEntries() + " records");
                    }
                    if (attrs.size() > limits.maxRecordBytes()) {
                        warnings.add("OSV: skipped " + dir.relativize(file) + ": " + attrs.size() + " bytes exceeds " + limits.maxRecordBytes());
                        counts[2]++;
                        return FileVisitResult.CONTINUE;
                    }
                    byte[] bytes;
                    try (InputStream in = Files.newInputStream(file)) {
                        bytes = readBounded(in, dir.relativize(file).toString()); // the file may grow after stat
                    }
                    if (accept(bytes, dir.relativize(file).toString(), sink)) counts[1]++;
                    else counts[2]++;
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new BadInputException("cannot read OSV directory " + dir + ": " + firstLine(e.getMessage()));
        }
        return new OsvReadSummary(counts[1], counts[2]);
    }

    /**
     * The {@code all.zip} osv.dev publishes per ecosystem, read as it streams: nothing is written
     * anywhere, entry names are only reported. An entry inflating beyond the record cap, too many
     * entries, or too many inflated bytes in total reject the whole archive, since that is a bomb or
     * not osv.dev's archive. Records that fail to parse are skipped with a warning.
     */
    public OsvReadSummary readZip(InputStream in, Consumer<OsvRecord> sink) {
        int entries = 0;
        int records = 0;
        int skipped = 0;
        long total = 0;
        try (ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (++entries > limits.maxEntries()) {
                    throw new BadInputException("OSV zip holds more than " + limits.maxEntries() + " entries");
                }
                String name = entry.getName();
                if (entry.isDirectory() || !name.endsWith(".json")) continue;
                if (!isPlainName(name)) {
                    warnings.add("OSV zip: skipped entry with unsafe name " + printable(name));
                    skipped++;
                    continue;
                }
                byte[] bytes = readBounded(zip, name);
                total += bytes.length;
                if (total > limits.maxTotalBytes()) {
                    throw new BadInputException("OSV zip inflates beyond " + limits.maxTotalBytes() + " bytes");
                }
                if (accept(bytes, name, sink)) records++;
                else skipped++;
            }
            // ZipInputStream reads non-zip bytes as an archive without entries; an empty database would
            // look like "no vulnerabilities", so that must fail loudly.
            if (entries == 0) throw new BadInputException("OSV zip has no entries (not a zip archive?)");
        } catch (IOException e) {
            throw new BadInputException("cannot read OSV zip: " + firstLine(e.getMessage()));
        }
        return new OsvReadSummary(records, skipped);
    }

    private boolean accept(byte[] bytes, String source, Consumer<OsvRecord> sink) {
        OsvRecord r;
        try {
            r = parse(bytes);
        } catch (BadInputException e) {
            warnings.add("OSV: skipped " + printable(source) + ": " + e.getMessage());
            return false;
        }
        sink.accept(r);
        return true;
    }

    private byte[] readBounded(InputStream in, String source) throws IOException {
        byte[] data = in.readNBytes(limits.maxRecordBytes() + 1);
        if (data.length > limits.maxRecordBytes()) {
            throw new BadInputException("OSV entry " + printable(source) + " exceeds " + limits.maxRecordBytes() + " bytes");
        }
        return data;
    }

    /** Relative, no {@code ..} segment, no backslash or drive: what osv.dev's flat archives contain. */
    static boolean isPlainName(String name) {
        if (name.isEmpty() || name.startsWith("/") || name.indexOf('\\') >= 0 || name.indexOf(':') >= 0) return false;
        for (String segment : name.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) return false;
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) < ' ') return false;
        }
        return true;
    }

    // ---- record fields ----

    private OsvRecord record(JsonNode n) {
        String id = text(n, "id", true);
        if (id.isEmpty()) throw new BadInputException("OSV record has an empty id");
        return new OsvRecord(
                id,
                strings(n, "aliases", id),
                strings(n, "related", id),
                timestamp(n, "modified"),
                timestamp(n, "published"),
                timestamp(n, "withdrawn"),
                cut(text(n, "summary", false), OsvLimits.MAX_TEXT),
                cut(longText(n, "details"), limits.maxDetailsChars()),
                severities(n.get("severity"), id),
                affected(n.get("affected"), id),
                references(n.get("references"), id),
                smallMap(n.get("database_specific"), "database_specific", id));
    }

    private List<OsvAffected> affected(JsonNode arr, String id) {
        List<OsvAffected> out = new ArrayList<>();
        if (absent(arr)) return out;
        requireArray(arr, "affected");
        if (arr.size() > limits.maxAffected()) {
            throw new BadInputException("OSV " + id + ": " + arr.size() + " affected entries exceed " + limits.maxAffected());
        }
        for (JsonNode a : arr) {
            requireObject(a, "affected[]");
            JsonNode p = a.get("package");
            // Per the schema, package may be absent when ranges are GIT only; drydock cannot match those.
            if (absent(p)) {
                warnings.add("OSV " + id + ": affected entry without a package skipped");
                continue;
            }
            requireObject(p, "affected[].package");
            OsvEcosystem eco = OsvEcosystem.parse(text(p, "ecosystem", true));
            OsvPackage pkg = new OsvPackage(eco, text(p, "name", true), text(p, "purl", false));
            out.add(new OsvAffected(pkg, ranges(a.get("ranges"), eco, id), versions(a.get("versions"), id),
                    smallMap(a.get("ecosystem_specific"), "ecosystem_specific", id),
                    smallMap(a.get("database_specific"), "database_specific", id)));
        }
        return out;
    }

    private List<OsvRange> ranges(JsonNode arr, OsvEcosystem eco, String id) {
        List<OsvRange> out = new ArrayList<>();
        if (absent(arr)) return out;
        requireArray(arr, "ranges");
        if (arr.size() > limits.maxRanges()) {
            throw new BadInputException("OSV " + id + ": " + arr.size() + " ranges exceed " + limits.maxRanges());
        }
        for (JsonNode r : arr) {
            requireObject(r, "ranges[]");
            String typeText = text(r, "type", true);
            OsvRangeType type;
            try {
                type = OsvRangeType.valueOf(typeText);
            } catch (IllegalArgumentException e) {
                warnings.add("OSV " + id + ": range of unknown type " + printable(typeText) + " skipped");
                continue;
            }
            JsonNode events = r.get("events");
            requireArray(events, "ranges[].events");
            if (events.size() > limits.maxEvents()) {
                throw new BadInputException("OSV " + id + ": " + events.size() + " events in one range exceed " + limits.maxEvents());
            }
            try {
                out.add(new OsvRange(type, text(r, "repo", false), events(events, type, eco)));
            } catch (BadRangeException e) {
                warnings.add("OSV " + id + ": " + eco.raw() + " " + type + " range skipped: " + e.getMessage());
            }
        }
        return out;
    }

    /** Events, each checked against the ecosystem's version scheme so evaluation later cannot fail on them. */
    private static List<OsvEvent> events(JsonNode arr, OsvRangeType type, OsvEcosystem eco) {
        VersionScheme scheme = type == OsvRangeType.GIT || eco.type() == null ? null : VersionScheme.of(eco.type());
        List<OsvEvent> out = new ArrayList<>();
        for (JsonNode e : arr) {
            if (!e.isObject() || e.size() != 1) throw new BadRangeException("an event must be an object with one field");
            Map.Entry<String, JsonNode> field = e.fields().next();
            OsvEvent.Kind kind = switch (field.getKey()) {
                case "introduced" -> OsvEvent.Kind.INTRODUCED;
                case "fixed" -> OsvEvent.Kind.FIXED;
                case "last_affected" -> OsvEvent.Kind.LAST_AFFECTED;
                case "limit" -> OsvEvent.Kind.LIMIT;
                default -> throw new BadRangeException("unknown event " + printable(field.getKey()));
            };
            JsonNode v = field.getValue();
            if (!v.isTextual()) throw new BadRangeException(field.getKey() + " must be a string");
            String version = v.asText();
            // "limit: *" means no limit; "introduced: 0" means from the start, which OsvRanges handles.
            if (kind == OsvEvent.Kind.LIMIT && version.equals("*")) continue;
            boolean zero = kind == OsvEvent.Kind.INTRODUCED && version.equals("0");
            if (scheme != null && !zero) {
                try {
                    scheme.validate(version);
                } catch (InvalidVersionException ex) {
                    throw new BadRangeException(printable(field.getKey() + " " + version) + " is not a " + scheme.name() + " version");
                }
            } else if (version.isEmpty() || version.length() > VersionScheme.MAX_LENGTH) {
                throw new BadRangeException(field.getKey() + " version empty or too long");
            }
            out.add(new OsvEvent(kind, version));
        }
        return out;
    }

    private List<String> versions(JsonNode arr, String id) {
        List<String> out = new ArrayList<>();
        if (absent(arr)) return out;
        requireArray(arr, "versions");
        if (arr.size() > limits.maxVersions()) {
            throw new BadInputException("OSV " + id + ": " + arr.size() + " versions exceed " + limits.maxVersions());
        }
        for (JsonNode v : arr) {
            if (!v.isTextual()) throw new BadInputException("OSV " + id + ": versions must hold strings");
            if (v.asText().length() > VersionScheme.MAX_LENGTH) continue; // can never equal an installed version
            out.add(v.asText());
        }
        return out;
    }

    private List<OsvSeverity> severities(JsonNode arr, String id) {
        List<OsvSeverity> out = new ArrayList<>();
        if (absent(arr)) return out;
        requireArray(arr, "severity");
        for (JsonNode s : capped(arr, "severity", id)) {
            requireObject(s, "severity[]");
            out.add(new OsvSeverity(text(s, "type", true), text(s, "score", true)));
        }
        return out;
    }

    private List<OsvReference> references(JsonNode arr, String id) {
        List<OsvReference> out = new ArrayList<>();
        if (absent(arr)) return out;
        requireArray(arr, "references");
        for (JsonNode r : capped(arr, "references", id)) {
            requireObject(r, "references[]");
            out.add(new OsvReference(text(r, "type", true), text(r, "url", true)));
        }
        return out;
    }

    private List<String> strings(JsonNode n, String field, String id) {
        List<String> out = new ArrayList<>();
        JsonNode arr = n.get(field);
        if (absent(arr)) return out;
        requireArray(arr, field);
        for (JsonNode v : capped(arr, field, id)) {
            if (!v.isTextual() || v.asText().length() > OsvLimits.MAX_TEXT) {
                throw new BadInputException("OSV " + id + ": " + field + " must hold short strings");
            }
            out.add(v.asText());
        }
        return out;
    }

    /** Lists whose tail only adds information for people: over the cap they are cut, with a warning. */
    private List<JsonNode> capped(JsonNode arr, String field, String id) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode v : arr) {
            if (out.size() == limits.maxListItems()) {
                warnings.add("OSV " + id + ": " + field + " cut to " + limits.maxListItems() + " of " + arr.size());
                break;
            }
            out.add(v);
        }
        return out;
    }

    /** Top-level scalar fields as text; nested values (Go's imports, GHSA's cwe_ids) are not needed. */
    private Map<String, String> smallMap(JsonNode obj, String field, String id) {
        Map<String, String> out = new LinkedHashMap<>();
        if (absent(obj)) return out;
        if (!obj.isObject()) {
            warnings.add("OSV " + id + ": " + field + " is not an object; ignored");
            return out;
        }
        Iterator<Map.Entry<String, JsonNode>> it = obj.fields();
        while (it.hasNext() && out.size() < OsvLimits.MAX_MAP_ENTRIES) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode v = e.getValue();
            if (v.isValueNode() && !v.isNull() && v.asText().length() <= OsvLimits.MAX_TEXT
                    && e.getKey().length() <= OsvLimits.MAX_TEXT) {
                out.put(e.getKey(), v.asText());
            }
        }
        return out;
    }

    private static Instant timestamp(JsonNode n, String field) {
        String s = text(n, field, false);
        if (s == null) return null;
        try {
            return OffsetDateTime.parse(s).toInstant(); // RFC 3339; OSV writes UTC with Z, offsets are still valid
        } catch (DateTimeParseException e) {
            throw new BadInputException("OSV field " + field + " is not an RFC 3339 timestamp: " + printable(cut(s, 40)));
        }
    }

    private static String text(JsonNode n, String field, boolean required) {
        JsonNode v = n.get(field);
        if (absent(v)) {
            if (required) throw new BadInputException("OSV field " + field + " is missing");
            return null;
        }
        if (!v.isTextual()) throw new BadInputException("OSV field " + field + " must be a string");
        if (v.asText().length() > OsvLimits.MAX_TEXT) {
            throw new BadInputException("OSV field " + field + " longer than " + OsvLimits.MAX_TEXT + " chars");
        }
        return v.asText();
    }

    /** Like {@link #text} but without the short cap: details are long prose, cut afterwards. */
    private static String longText(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (absent(v)) return null;
        if (!v.isTextual()) throw new BadInputException("OSV field " + field + " must be a string");
        return v.asText();
    }

    private static boolean absent(JsonNode v) {
        return v == null || v.isNull();
    }

    private static void requireArray(JsonNode v, String field) {
        if (v == null || !v.isArray()) throw new BadInputException("OSV field " + field + " must be an array");
    }

    private static void requireObject(JsonNode v, String field) {
        if (v == null || !v.isObject()) throw new BadInputException("OSV field " + field + " must be an object");
    }

    private static String cut(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }



    /** A range the schemes cannot evaluate; caught per range, never leaves the parser. */
    private static final class BadRangeException extends RuntimeException {
        BadRangeException(String message) {
            super(message, null, false, false);
        }
    }
}
