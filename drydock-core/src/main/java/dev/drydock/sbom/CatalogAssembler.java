package dev.drydock.sbom;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import dev.drydock.catalog.Catalog;
import dev.drydock.image.BadInputException;
import dev.drydock.model.Digest;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;
import dev.drydock.model.PackageType;
import dev.drydock.model.Platform;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static dev.drydock.sbom.DrydockProperties.*;
import static dev.drydock.sbom.SbomText.present;

/**
 * Turns the entries a format reader found into a {@link Catalog}, the same way for CycloneDX and SPDX.
 * <p>
 * A document drydock wrote is read back exactly as written: only its own fields and properties count, so
 * the catalog is the one that was written. In documents other tools wrote, gaps are filled from what those
 * tools commonly record (purl qualifiers, Trivy's properties), since that is all there is.
 */
final class CatalogAssembler {
    private static final Pattern EPOCH_PREFIX = Pattern.compile("\\d+:.*");

    private final String format;
    private final boolean fromDrydock;
    private final SbomLimits limits;
    private final List<Package> packages = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final UnidentifiedComponents unidentified = new UnidentifiedComponents();
    private final Set<String> refs = new HashSet<>();
    private final List<String> ignoredValues = new ArrayList<>();
    private int ignoredValueCount;
    private int duplicateRefs;
    private String firstDuplicateRef;
    private int components;
    private ImageMetadata image;
    private OsRelease os;
    private int extraOperatingSystems;

    /**
     * @param format      how the document is named in messages, e.g. "CycloneDX 1.6 JSON"
     * @param fromDrydock the document names drydock as its creating tool
     */
    CatalogAssembler(String format, boolean fromDrydock, SbomLimits limits) {
        this.format = format;
        this.fromDrydock = fromDrydock;
        this.limits = limits;
    }

    /** The component the document is about: for drydock, the image. */
    void subject(SbomEntry entry) {
        noteRef(entry);
        image = imageOf(entry);
    }

    void operatingSystem(SbomEntry entry) {
        noteRef(entry);
        if (os != null) {
            extraOperatingSystems++;
            return;
        }
        os = new OsRelease(present(entry.name()), present(entry.version()), entry.property(OS_CODENAME),
                present(entry.description()), entry.property(OS_ID_LIKE));
    }

    void component(SbomEntry entry) {
        noteRef(entry);
        if (++components > limits.maxComponents()) {
            throw new BadInputException(format + " lists more than " + limits.maxComponents() + " components; drydock reads at most that many");
        }
        String purlText = present(entry.purl());
        PackageURL purl = null;
        if (purlText != null) {
            try {
                purl = new PackageURL(purlText);
            } catch (MalformedPackageURLException | RuntimeException e) {
                unidentified.skip(UnidentifiedComponents.Reason.BAD_PURL, entry);
                return;
            }
        }
        // drydock writes a package it could not make a purl for with its type, so that one is still known.
        PackageType declared = fromDrydock ? PackageType.fromPurlType(entry.property(PACKAGE_TYPE)) : null;
        PackageType type = declared != null ? declared : purl != null ? PackageType.fromPurlType(purl.getType()) : null;
        if (type == null) {
            unidentified.skip(purl == null ? UnidentifiedComponents.Reason.NO_PURL : UnidentifiedComponents.Reason.UNKNOWN_TYPE, entry);
            return;
        }
        packages.add(fromDrydock ? drydockPackage(type, purlText, entry) : foreignPackage(type, purl, purlText, entry));
    }

    /** A problem with the document as a whole that still leaves it readable. */
    void warn(String message) {
        warnings.add(message);
    }

    Catalog finish() {
        List<String> out = new ArrayList<>();
        if (unidentified.count() > 0) out.add(format + ": " + unidentified.warning(components));
        if (duplicateRefs > 0) {
            out.add(format + ": " + duplicateRefs + " components reuse an identifier of an earlier one (first: \""
                    + SbomText.safe(firstDuplicateRef) + "\"); identifiers must be unique, all were read");
        }
        if (extraOperatingSystems > 0) {
            out.add(format + ": " + extraOperatingSystems + " more operating systems listed; drydock used the first, " + os);
        }
        if (ignoredValueCount > 0) {
            out.add(format + ": ignored " + ignoredValueCount + " malformed values, e.g. " + String.join(", ", ignoredValues));
        }
        out.addAll(warnings);
        OsRelease release = os != null ? os : fromDrydock ? null : DistroQualifier.osOf(packages);
        ImageMetadata metadata = image != null ? image : new ImageMetadata(null, null, null, null, null, null, null, null, null, null, null);
        return new Catalog(metadata, release, packages, out);
    }

    private Package drydockPackage(PackageType type, String purl, SbomEntry e) {
        List<String> verbatim = e.properties(PACKAGE_LICENSE);
        return new Package(type, e.name(), e.version(), e.property(PACKAGE_ARCH),
                e.property(PACKAGE_SOURCE_NAME), e.property(PACKAGE_SOURCE_VERSION),
                verbatim.isEmpty() ? e.licenses() : verbatim, purl,
                digest(e.property(LAYER_DIFF_ID), e), e.property(LOCATION_PATH), List.of(), attributes(e));
    }

    private Package foreignPackage(PackageType type, PackageURL purl, String purlText, SbomEntry e) {
        String name = present(e.name());
        if (name == null && purl != null) name = purl.getName();
        String version = present(e.version());
        if (version == null && purl != null) version = purl.getVersion();
        String epoch = qualifier(purl, "epoch");
        if (type.isOs() && version != null && epoch != null && !epoch.equals("0") && !EPOCH_PREFIX.matcher(version).matches()) {
            // Package versions in drydock carry the epoch (as dpkg and rpm order them); purls keep it apart.
            version = epoch + ":" + version;
        }
        String arch = first(e.property(PACKAGE_ARCH), qualifier(purl, "arch"));
        String sourceName = first(e.property(PACKAGE_SOURCE_NAME), e.property(TrivyProperties.SOURCE_NAME));
        String sourceVersion = first(e.property(PACKAGE_SOURCE_VERSION), TrivyProperties.sourceVersion(e));
        String layer = first(e.property(LAYER_DIFF_ID), e.property(TrivyProperties.LAYER_DIFF_ID));
        String path = first(e.property(LOCATION_PATH), e.property(TrivyProperties.FILE_PATH));
        List<String> verbatim = e.properties(PACKAGE_LICENSE);
        return new Package(type, name, version, arch, sourceName, sourceVersion,
                verbatim.isEmpty() ? e.licenses() : verbatim, purlText, digest(layer, e), path, List.of(), attributes(e));
    }

    private ImageMetadata imageOf(SbomEntry s) {
        String reference = s.property(IMAGE_REFERENCE);
        Digest manifest = digest(s.property(IMAGE_MANIFEST_DIGEST), s);
        Digest config = digest(s.property(IMAGE_CONFIG_DIGEST), s);
        List<String> tags = s.properties(IMAGE_TAG);
        List<String> repoDigests = s.properties(IMAGE_REPO_DIGEST);
        List<String> diffIds = s.properties(IMAGE_LAYER_DIFF_ID);
        if (!fromDrydock) {
            if (reference == null) reference = present(s.name());
            if (manifest == null) manifest = quietDigest(ociVersion(s.purl()));
            if (manifest == null) manifest = quietDigest(s.version());
            if (config == null) config = digest(s.property(TrivyProperties.IMAGE_ID), s);
            if (tags.isEmpty()) tags = s.properties(TrivyProperties.REPO_TAG);
            if (repoDigests.isEmpty()) repoDigests = s.properties(TrivyProperties.REPO_DIGEST);
            if (diffIds.isEmpty()) diffIds = s.properties(TrivyProperties.DIFF_ID);
        }
        List<Layer> layers = new ArrayList<>();
        for (String diffId : diffIds) {
            Digest d = digest(diffId, s);
            // drydock writes only the diffIDs; blob digest, size and media type are not in the SBOM.
            if (d != null) layers.add(new Layer(layers.size(), null, d, 0, null));
        }
        return new ImageMetadata(reference, manifest, s.property(IMAGE_MANIFEST_MEDIA_TYPE), config,
                platform(s.property(IMAGE_PLATFORM), s), s.property(IMAGE_CREATED), layers, tags, repoDigests,
                prefixed(s, IMAGE_LABEL_PREFIX), prefixed(s, IMAGE_ANNOTATION_PREFIX));
    }

    private static Map<String, String> attributes(SbomEntry e) {
        return prefixed(e, PACKAGE_ATTRIBUTE_PREFIX);
    }

    /** Properties named prefix + key, by key; the first value of a repeated key wins. */
    private static Map<String, String> prefixed(SbomEntry e, String prefix) {
        Map<String, String> out = new LinkedHashMap<>();
        for (SbomProperty p : e.properties()) {
            if (p.name().startsWith(prefix) && p.name().length() > prefix.length()) {
                out.putIfAbsent(p.name().substring(prefix.length()), p.value());
            }
        }
        return out;
    }

    private Digest digest(String text, SbomEntry owner) {
        if (text == null) return null;
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            ignored("digest \"" + SbomText.safe(text) + "\" of " + owner.label());
            return null;
        }
    }

    private Platform platform(String text, SbomEntry owner) {
        if (text == null) return null;
        try {
            return Platform.parse(text);
        } catch (IllegalArgumentException e) {
            ignored("platform \"" + SbomText.safe(text) + "\" of " + owner.label());
            return null;
        }
    }

    private void ignored(String what) {
        if (ignoredValueCount++ < UnidentifiedComponents.EXAMPLES) ignoredValues.add(what);
    }

    private void noteRef(SbomEntry e) {
        String ref = present(e.ref());
        if (ref != null && !refs.add(ref) && duplicateRefs++ == 0) firstDuplicateRef = ref;
    }

    private static Digest quietDigest(String text) {
        if (text == null) return null;
        try {
            return Digest.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The version of a {@code pkg:oci} purl, which is the manifest digest; null for anything else. */
    private static String ociVersion(String purl) {
        if (purl == null) return null;
        try {
            PackageURL p = new PackageURL(purl);
            return "oci".equals(p.getType()) ? p.getVersion() : null;
        } catch (MalformedPackageURLException | RuntimeException e) {
            return null;
        }
    }

    private static String qualifier(PackageURL purl, String key) {
        if (purl == null || purl.getQualifiers() == null) return null;
        return present(purl.getQualifiers().get(key));
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
