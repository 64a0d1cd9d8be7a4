package dev.drydock.sbom;

import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The names of drydock's own SBOM properties. Both formats use the same names so a reader of either
 * (drydock's or a user's script) finds a package's layer and path the same way; docs/sbom.md lists them.
 * Absent facts are left out rather than written empty.
 */
public final class DrydockProperties {
    public static final String PACKAGE_TYPE = "drydock:package:type";
    public static final String PACKAGE_ARCH = "drydock:package:arch";
    public static final String PACKAGE_SOURCE_NAME = "drydock:package:source-name";
    public static final String PACKAGE_SOURCE_VERSION = "drydock:package:source-version";
    public static final String LAYER_DIFF_ID = "drydock:layer:diffID";
    public static final String LOCATION_PATH = "drydock:location:path";
    /** Followed by the attribute key, e.g. {@code drydock:package:attribute:sha1}; see {@link Package#attributes()}. */
    public static final String PACKAGE_ATTRIBUTE_PREFIX = "drydock:package:attribute:";
    /**
     * One per recorded license, in the package manager's order, verbatim. Written only when the format's own
     * license field cannot give the recorded list back unchanged (see {@link #recordedLicenses}).
     */
    public static final String PACKAGE_LICENSE = "drydock:package:license";

    public static final String IMAGE_REFERENCE = "drydock:image:reference";
    public static final String IMAGE_MANIFEST_DIGEST = "drydock:image:manifest-digest";
    public static final String IMAGE_MANIFEST_MEDIA_TYPE = "drydock:image:manifest-media-type";
    public static final String IMAGE_CONFIG_DIGEST = "drydock:image:config-digest";
    public static final String IMAGE_PLATFORM = "drydock:image:platform";
    public static final String IMAGE_CREATED = "drydock:image:created";
    public static final String IMAGE_TAG = "drydock:image:tag";
    public static final String IMAGE_REPO_DIGEST = "drydock:image:repo-digest";
    /** Repeated once per layer, bottom layer first. */
    public static final String IMAGE_LAYER_DIFF_ID = "drydock:image:layer:diffID";
    /** Followed by the label key, e.g. {@code drydock:image:label:org.opencontainers.image.source}. */
    public static final String IMAGE_LABEL_PREFIX = "drydock:image:label:";
    /** Followed by the manifest annotation key. */
    public static final String IMAGE_ANNOTATION_PREFIX = "drydock:image:annotation:";

    public static final String OS_CODENAME = "drydock:os:codename";
    public static final String OS_ID_LIKE = "drydock:os:id-like";

    private DrydockProperties() {
    }

    static List<SbomProperty> forPackage(Package p) {
        List<SbomProperty> out = new ArrayList<>();
        add(out, PACKAGE_TYPE, p.type() == null ? null : p.type().purlType());
        add(out, PACKAGE_ARCH, p.arch());
        add(out, PACKAGE_SOURCE_NAME, p.sourceName());
        add(out, PACKAGE_SOURCE_VERSION, p.sourceVersion());
        add(out, LAYER_DIFF_ID, p.layerDiffId());
        add(out, LOCATION_PATH, p.path());
        // Package keeps attributes sorted by key, which keeps the output stable.
        for (Map.Entry<String, String> e : p.attributes().entrySet()) add(out, PACKAGE_ATTRIBUTE_PREFIX + e.getKey(), e.getValue());
        return out;
    }

    /**
     * The licenses both writers consider: the recorded ones without blanks, in order, duplicates kept.
     * A blank entry says nothing, so neither format writes it.
     */
    static List<String> recordedLicenses(Package p) {
        return p.licenses().stream().filter(l -> l != null && !l.isBlank()).toList();
    }

    /** {@link #PACKAGE_LICENSE} properties for every recorded license, for a writer whose license field is lossy. */
    static List<SbomProperty> verbatimLicenses(List<String> recorded) {
        return recorded.stream().map(l -> new SbomProperty(PACKAGE_LICENSE, l)).toList();
    }

    static List<SbomProperty> forImage(ImageMetadata image) {
        List<SbomProperty> out = new ArrayList<>();
        add(out, IMAGE_REFERENCE, image.reference());
        add(out, IMAGE_MANIFEST_DIGEST, image.manifestDigest());
        add(out, IMAGE_MANIFEST_MEDIA_TYPE, image.manifestMediaType());
        add(out, IMAGE_CONFIG_DIGEST, image.configDigest());
        add(out, IMAGE_PLATFORM, image.platform());
        add(out, IMAGE_CREATED, image.created());
        image.repoTags().forEach(t -> add(out, IMAGE_TAG, t));
        image.repoDigests().forEach(d -> add(out, IMAGE_REPO_DIGEST, d));
        for (Layer layer : image.layers()) add(out, IMAGE_LAYER_DIFF_ID, layer.diffId());
        // ImageMetadata keeps labels and annotations sorted by key, which keeps the output stable.
        for (Map.Entry<String, String> e : image.labels().entrySet()) add(out, IMAGE_LABEL_PREFIX + e.getKey(), e.getValue());
        for (Map.Entry<String, String> e : image.annotations().entrySet()) add(out, IMAGE_ANNOTATION_PREFIX + e.getKey(), e.getValue());
        return out;
    }

    static List<SbomProperty> forOs(OsRelease os) {
        List<SbomProperty> out = new ArrayList<>();
        add(out, OS_CODENAME, os.versionCodename());
        add(out, OS_ID_LIKE, os.idLike());
        return out;
    }

    private static void add(List<SbomProperty> out, String name, Object value) {
        if (value == null) return;
        String text = value.toString();
        if (!text.isBlank()) out.add(new SbomProperty(name, text));
    }
}
