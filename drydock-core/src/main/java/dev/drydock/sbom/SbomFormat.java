package dev.drydock.sbom;

import java.time.Instant;
import java.util.Locale;

/** The formats drydock writes a catalog in, by the name users type after {@code --format}. */
public enum SbomFormat {
    TABLE("table", "text/plain"),
    JSON("json", "application/json"),
    CYCLONEDX("cyclonedx", "application/vnd.cyclonedx+json"),
    SPDX("spdx", "application/spdx+json");

    private final String id;
    private final String mediaType;

    SbomFormat(String id, String mediaType) {
        this.id = id;
        this.mediaType = mediaType;
    }

    public String id() {
        return id;
    }

    /** IANA media type of the JSON encoding; attestations and registries label the document with it. */
    public String mediaType() {
        return mediaType;
    }

    public SbomWriter writer(String toolVersion, Instant created) {
        return switch (this) {
            case TABLE -> new TableWriter();
            case JSON -> new JsonCatalogWriter(toolVersion);
            case CYCLONEDX -> new CycloneDxWriter(toolVersion, created);
            case SPDX -> new SpdxWriter(toolVersion, created);
        };
    }

    /** @throws IllegalArgumentException naming the accepted values, for a one-line usage error */
    public static SbomFormat fromId(String id) {
        if (id != null) {
            String wanted = id.trim().toLowerCase(Locale.ROOT);
            for (SbomFormat f : values()) {
                if (f.id.equals(wanted)) return f;
            }
        }
        throw new IllegalArgumentException("unknown SBOM format '" + id + "': use table, json, cyclonedx or spdx");
    }

    @Override
    public String toString() {
        return id;
    }
}
