package dev.drydock.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The formats {@code drydock scan} writes, by the name users type after {@code --format}. */
public enum ReportFormat {
    TABLE("table", "text/plain"),
    JSON("json", "application/json"),
    SARIF("sarif", "application/sarif+json"),
    CYCLONEDX("cyclonedx", "application/vnd.cyclonedx+json"),
    MARKDOWN("markdown", "text/markdown");

    private final String id;
    private final String mediaType;

    ReportFormat(String id, String mediaType) {
        this.id = id;
        this.mediaType = mediaType;
    }

    public String id() {
        return id;
    }

    /** IANA media type of the output; uploads and attestations label the document with it. */
    public String mediaType() {
        return mediaType;
    }

    /**
     * @param color ANSI severity colours in the table; the caller decides (a TTY, no {@code NO_COLOR}),
     *              every other format ignores it because colour codes would corrupt a file
     */
    public ReportWriter writer(boolean color) {
        return writer(color, true);
    }

    /** @param showSuppressed whether the table lists suppressed findings one by one (other formats always carry them) */
    public ReportWriter writer(boolean color, boolean showSuppressed) {
        return switch (this) {
            case TABLE -> new TableReportWriter(color, showSuppressed);
            case JSON -> new JsonReportWriter();
            case SARIF -> new SarifReportWriter();
            case CYCLONEDX -> new CycloneDxReportWriter();
            case MARKDOWN -> new MarkdownReportWriter();
        };
    }

    /** @throws IllegalArgumentException naming the accepted values, for a one-line usage error */
    public static ReportFormat fromId(String id) {
        if (id != null) {
            String wanted = id.trim().toLowerCase(Locale.ROOT);
            for (ReportFormat f : values()) {
                if (f.id.equals(wanted)) return f;
            }
        }
        String valid = Arrays.stream(values()).map(ReportFormat::id).collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown report format '" + ReportText.terminal(id, 40) + "': use one of " + valid);
    }

    @Override
    public String toString() {
        return id;
    }
}
