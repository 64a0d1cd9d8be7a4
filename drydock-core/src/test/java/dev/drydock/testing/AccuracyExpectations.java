package dev.drydock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.drydock.model.Package;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The findings a correct matcher must report for a Debian image against a Debian security tracker JSON
 * file (by default the accuracy fixture {@value #BOOKWORM_TRACKER}, see SOURCES.md next to it).
 *
 * <p>The answer is computed, not stored, because the bookworm point release an image is built from moves.
 * The ordering is dpkg's own: {@code dpkg --compare-versions}, run as an oracle independent of drydock's
 * version code, many comparisons per {@code sh -c} and cached.
 *
 * <p>Rule, per tracker record {@code source → CVE → releases.<release>} and installed binary whose source
 * package is {@code source}: {@code open} is expected; {@code resolved} is expected when {@code fixed_version}
 * is not {@code "0"} and the installed <em>source</em> version is lower than it; {@code undetermined} and
 * anything else is not expected.
 */
public final class AccuracyExpectations {
    public static final String BOOKWORM_TRACKER = "/fixtures/accuracy/debian-bookworm/tracker.json";
    public static final String RELEASE = "bookworm";

    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9.+~:-]+");
    private static final Map<String, Integer> CACHE = new ConcurrentHashMap<>();
    private static final int BATCH = 400;

    private AccuracyExpectations() {
    }

    /** An installed binary package with its source package (the source version differs on binNMUs). */
    public record Installed(String binary, String version, String source, String sourceVersion) {
    }

    /** One finding a matcher must report. */
    public record Expected(String cve, String source, String binary) implements Comparable<Expected> {
        private static final Comparator<Expected> ORDER =
                Comparator.comparing(Expected::source).thenComparing(Expected::cve).thenComparing(Expected::binary);

        @Override
        public int compareTo(Expected o) {
            return ORDER.compare(this, o);
        }
    }

    /** The tracker's facts for one (source, CVE) in one release. */
    public record Entry(String source, String cve, String status, String fixedVersion, String urgency) {
    }

    public static List<Installed> fromPackages(Collection<Package> packages) {
        List<Installed> out = new ArrayList<>();
        for (Package p : packages) {
            String source = p.sourceName() == null ? p.name() : p.sourceName();
            String sourceVersion = p.sourceVersion() == null ? p.version() : p.sourceVersion();
            out.add(new Installed(p.name(), p.version(), source, sourceVersion));
        }
        return out;
    }

    /**
     * The installed packages of a dpkg status file (e.g. {@code var/lib/dpkg/status} of
     * {@link DebianFixtures#minbase()}), read here rather than by drydock's cataloguer so the expectation
     * stays independent of the code under test.
     */
    public static List<Installed> fromDpkgStatus(Path status) {
        String text;
        try {
            text = Files.readString(status, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Installed> out = new ArrayList<>();
        for (String para : text.split("\n\n")) {
            String name = null, version = null, source = null, state = null;
            for (String line : para.split("\n")) {
                if (line.startsWith("Package: ")) name = line.substring(9).trim();
                else if (line.startsWith("Version: ")) version = line.substring(9).trim();
                else if (line.startsWith("Source: ")) source = line.substring(8).trim();
                else if (line.startsWith("Status: ")) state = line.substring(8).trim();
            }
            if (name == null || version == null || state == null || !state.endsWith(" installed")) continue;
            String sourceName = name, sourceVersion = version;
            if (source != null) {
                int paren = source.indexOf(" (");
                if (paren < 0) {
                    sourceName = source;
                } else {
                    sourceName = source.substring(0, paren);
                    sourceVersion = source.substring(paren + 2, source.indexOf(')', paren));
                }
            }
            out.add(new Installed(name, version, sourceName, sourceVersion));
        }
        return out;
    }

    /** The records of one release in a tracker JSON file, read from the classpath. */
    public static List<Entry> trackerEntries(String resource, String release) {
        try (InputStream in = AccuracyExpectations.class.getResourceAsStream(resource)) {
            if (in == null) throw new AssertionError("no resource " + resource);
            return entries(new ObjectMapper().readTree(in), release);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The records of one release in a parsed tracker JSON document. */
    public static List<Entry> entries(JsonNode tracker, String release) {
        List<Entry> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> sources = tracker.fields(); sources.hasNext(); ) {
            Map.Entry<String, JsonNode> source = sources.next();
            for (Iterator<Map.Entry<String, JsonNode>> cves = source.getValue().fields(); cves.hasNext(); ) {
                Map.Entry<String, JsonNode> cve = cves.next();
                JsonNode r = cve.getValue().path("releases").path(release);
                if (r.isMissingNode()) continue;
                out.add(new Entry(source.getKey(), cve.getKey(), r.path("status").asText(null),
                        r.path("fixed_version").asText(null), r.path("urgency").asText(null)));
            }
        }
        return out;
    }

    /** Expected findings for {@code installed} against the bookworm accuracy fixture. */
    public static Set<Expected> expected(List<Installed> installed) {
        return expected(installed, trackerEntries(BOOKWORM_TRACKER, RELEASE));
    }

    public static Set<Expected> expected(List<Installed> installed, List<Entry> tracker) {
        Map<String, List<Entry>> bySource = new ConcurrentHashMap<>();
        for (Entry e : tracker) bySource.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e);
        // first collect every comparison needed, then ask dpkg in batches
        List<String[]> pairs = new ArrayList<>();
        for (Installed p : installed) {
            for (Entry e : bySource.getOrDefault(p.source(), List.of())) {
                if ("resolved".equals(e.status()) && e.fixedVersion() != null && !"0".equals(e.fixedVersion())) {
                    pairs.add(new String[]{p.sourceVersion(), e.fixedVersion()});
                }
            }
        }
        compareAll(pairs);
        Set<Expected> out = new TreeSet<>();
        for (Installed p : installed) {
            for (Entry e : bySource.getOrDefault(p.source(), List.of())) {
                boolean affected = switch (e.status() == null ? "" : e.status()) {
                    case "open" -> true;
                    case "resolved" -> e.fixedVersion() != null && !"0".equals(e.fixedVersion())
                            && compare(p.sourceVersion(), e.fixedVersion()) < 0;
                    default -> false;
                };
                if (affected) out.add(new Expected(e.cve(), e.source(), p.binary()));
            }
        }
        return out;
    }

    /** dpkg's ordering of two versions: negative, zero or positive. */
    public static int compare(String a, String b) {
        Integer cached = CACHE.get(a + " " + b);
        if (cached != null) return cached;
        List<String[]> one = new ArrayList<>();
        one.add(new String[]{a, b});
        compareAll(one);
        return CACHE.get(a + " " + b);
    }

    private static void compareAll(Collection<String[]> pairs) {
        List<String[]> todo = new ArrayList<>();
        Set<String> queued = new java.util.HashSet<>();
        for (String[] p : pairs) {
            String key = p[0] + " " + p[1];
            if (!CACHE.containsKey(key) && queued.add(key)) todo.add(p);
        }
        for (int from = 0; from < todo.size(); from += BATCH) {
            List<String[]> batch = todo.subList(from, Math.min(todo.size(), from + BATCH));
            StringBuilder script = new StringBuilder();
            for (String[] p : batch) {
                for (String v : p) {
                    if (!VERSION.matcher(v).matches()) throw new IllegalArgumentException("not a Debian version: " + v);
                }
                // prints -1, 0 or 1 per pair, in order
                script.append("if dpkg --compare-versions '").append(p[0]).append("' lt '").append(p[1])
                        .append("'; then echo -1; elif dpkg --compare-versions '").append(p[0]).append("' eq '")
                        .append(p[1]).append("'; then echo 0; else echo 1; fi\n");
            }
            String[] lines = Tools.run("sh", "-c", script.toString()).strip().split("\n");
            if (lines.length != batch.size()) {
                throw new AssertionError("dpkg --compare-versions answered " + lines.length + " of " + batch.size());
            }
            for (int i = 0; i < lines.length; i++) {
                CACHE.put(batch.get(i)[0] + " " + batch.get(i)[1], Integer.parseInt(lines[i].strip()));
            }
        }
    }
}
