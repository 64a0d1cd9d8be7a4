package dev.drydock.vulndb.epss;

import dev.drydock.model.UntrustedText;
import dev.drydock.catalog.Warnings;
import dev.drydock.image.BadInputException;
import dev.drydock.vulndb.feed.FeedInput;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Reads a FIRST EPSS CSV ({@code epss_scores-YYYY-MM-DD.csv.gz}), plain or gzip, one row at a time:
 * an optional {@code #model_version:…,score_date:…} line, the header {@code cve,epss,percentile}, then
 * rows. A row that is malformed or scores outside [0,1] is skipped with a warning; a wrong header, a
 * broken limit or unreadable bytes reject the file with {@link BadInputException}. Not thread-safe.
 */
public final class EpssParser {
    private static final String HEADER = "cve,epss,percentile";
    /** FIRST writes the offset without a colon: 2025-02-20T00:00:00+0000. */
    private static final DateTimeFormatter SCORE_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssxx");
    /** CVE ids are "CVE-", a year and up to a few digits; anything longer is not an id. */
    private static final int MAX_CVE_ID = 32;

    private final EpssLimits limits;
    private final Warnings warnings;

    public EpssParser() {
        this(EpssLimits.DEFAULT, new Warnings());
    }

    public EpssParser(EpssLimits limits, Warnings warnings) {
        this.limits = limits;
        this.warnings = warnings;
    }

    public Warnings warnings() {
        return warnings;
    }

    /** All rows of a (small) file; use {@link #read} for the real one. */
    public List<EpssScore> readAll(InputStream in) {
        List<EpssScore> out = new ArrayList<>();
        read(in, out::add);
        return out;
    }

    public EpssReadSummary read(InputStream in, Consumer<EpssScore> sink) {
        try (InputStream capped = FeedInput.open(in, limits.maxDocumentBytes(), "EPSS file");
             LineSource lines = new LineSource(capped, limits.maxLineChars())) {
            String line = lines.next();
            if (line == null) throw new BadInputException("EPSS file is empty");
            if (line == LineSource.TOO_LONG) throw new BadInputException("EPSS first line longer than " + limits.maxLineChars() + " characters");
            EpssModel model;
            if (line.startsWith("#")) {
                model = model(line.substring(1));
                line = lines.next();
            } else {
                warnings.add("EPSS: file has no #model_version line; model unknown");
                model = new EpssModel(null, null);
            }
            if (line == null || line == LineSource.TOO_LONG || !HEADER.equals(line.strip())) {
                // Another column order would silently swap scores and percentiles: refuse it.
                throw new BadInputException("EPSS header is not \"" + HEADER + "\": "
                        + (line == null ? "end of file" : line == LineSource.TOO_LONG ? "too long" : UntrustedText.printable(line)));
            }
            int records = 0;
            int skipped = 0;
            while ((line = lines.next()) != null) {
                int lineNo = lines.number();
                if (line.isEmpty()) continue;
                if (records + skipped >= limits.maxRows()) throw new BadInputException("EPSS file holds more than " + limits.maxRows() + " rows");
                EpssScore score;
                try {
                    if (line == LineSource.TOO_LONG) throw new BadInputException("longer than " + limits.maxLineChars() + " characters");
                    score = row(line);
                } catch (BadInputException e) {
                    warnings.add("EPSS: skipped line " + lineNo + ": " + e.getMessage());
                    skipped++;
                    continue;
                }
                records++;
                sink.accept(score);
            }
            return new EpssReadSummary(model, records, skipped);
        } catch (IOException e) {
            throw new BadInputException("cannot read EPSS file: " + UntrustedText.firstLine(e.getMessage()));
        }
    }

    private EpssModel model(String line) {
        String version = null;
        Instant date = null;
        for (String part : line.split(",")) {
            int colon = part.indexOf(':');
            if (colon < 0) continue;
            String key = part.substring(0, colon).strip();
            String value = part.substring(colon + 1).strip();
            if (key.equals("model_version")) version = value;
            else if (key.equals("score_date")) date = scoreDate(value);
        }
        if (version == null) warnings.add("EPSS: model line has no model_version");
        if (date == null) warnings.add("EPSS: model line has no readable score_date");
        return new EpssModel(version, date);
    }

    private static Instant scoreDate(String s) {
        try {
            return OffsetDateTime.parse(s, SCORE_DATE).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(s).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
    }

    private static EpssScore row(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 3) throw new BadInputException("expected 3 fields, found " + f.length);
        String cve = f[0].strip();
        if (!cve.startsWith("CVE-") || cve.length() > MAX_CVE_ID) throw new BadInputException("not a CVE id: " + UntrustedText.printable(cve));
        return new EpssScore(cve, probability(f[1], "epss"), probability(f[2], "percentile"));
    }

    private static double probability(String s, String field) {
        double v;
        try {
            v = Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw new BadInputException(field + " is not a number: " + UntrustedText.printable(s));
        }
        // The negated form also rejects NaN; parseDouble accepts "NaN" and "Infinity".
        if (!(v >= 0.0 && v <= 1.0)) throw new BadInputException(field + " " + UntrustedText.printable(s) + " outside [0,1]");
        return v;
    }

    /**
     * Lines of at most {@code max} characters; a longer line is consumed and reported as
     * {@link #TOO_LONG}, so one endless line cannot be buffered whole (as {@code readLine} would).
     */
    private static final class LineSource implements AutoCloseable {
        static final String TOO_LONG = new String("\u0000too long"); // compared by identity

        private final Reader reader;
        private final int max;
        private final StringBuilder buf = new StringBuilder();
        private int number;

        LineSource(InputStream in, int max) {
            // Malformed UTF-8 fails loudly rather than becoming U+FFFD inside a CVE id.
            this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)), 64 * 1024);
            this.max = max;
        }

        /** The next line without its line end; null at end of input. */
        String next() throws IOException {
            buf.setLength(0);
            boolean tooLong = false;
            int c;
            while ((c = reader.read()) >= 0 && c != '\n') {
                if (tooLong) continue;
                if (buf.length() >= max) {
                    tooLong = true;
                    buf.setLength(0);
                    continue;
                }
                buf.append((char) c);
            }
            if (c < 0 && buf.isEmpty() && !tooLong) return null;
            number++;
            if (tooLong) return TOO_LONG;
            int end = buf.length();
            if (end > 0 && buf.charAt(end - 1) == '\r') end--;
            return buf.substring(0, end);
        }

        int number() {
            return number;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
