package dev.drydock.sbom;

import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * A name-based UUID for an SBOM, computed from the image digest and everything else the document says
 * except its creation time. The same catalog therefore always gets the same CycloneDX serial number and
 * SPDX namespace, and any change to the content gets a new one.
 */
final class ContentId {
    /** Namespace for drydock's version-5 UUIDs (RFC 9562 §5.5); fixed forever, its value has no meaning. */
    private static final UUID NAMESPACE = UUID.fromString("49c1ea90-83d1-4eca-8c7a-e20f7dbf6c1d");

    private ContentId() {
    }

    /** @param format keeps the two formats' ids apart, since they are different documents */
    static UUID of(SbomFormat format, String toolVersion, SbomContent content) {
        Fingerprint f = new Fingerprint();
        f.text(format.id()).text(toolVersion);
        ImageMetadata image = content.image();
        f.text(Objects.toString(image.manifestDigest(), null))
                .text(image.reference())
                .text(image.manifestMediaType())
                .text(Objects.toString(image.configDigest(), null))
                .text(Objects.toString(image.platform(), null))
                .text(image.created())
                .texts(image.repoTags())
                .texts(image.repoDigests())
                .texts(image.layers().stream().map(Layer::diffId).map(d -> Objects.toString(d, null)).toList())
                .map(image.labels())
                .map(image.annotations());
        OsRelease os = content.os();
        if (os == null) {
            f.text(null);
        } else {
            f.text(os.id()).text(os.versionId()).text(os.versionCodename()).text(os.prettyName()).text(os.idLike());
        }
        f.count(content.packages().size());
        for (Package p : content.packages()) {
            // The file list is not written into either SBOM, so it does not take part.
            f.text(p.type() == null ? null : p.type().purlType())
                    .text(p.name()).text(p.version()).text(p.arch())
                    .text(p.sourceName()).text(p.sourceVersion())
                    .texts(p.licenses())
                    .text(p.purl())
                    .text(Objects.toString(p.layerDiffId(), null))
                    .text(p.path());
            // Attributes joined the documents later; leaving empty ones out keeps earlier documents' ids.
            if (!p.attributes().isEmpty()) f.map(p.attributes());
        }
        return nameBased(NAMESPACE, f.hex());
    }

    /** RFC 9562 version 5: SHA-1 over namespace and name. CycloneDX's schema accepts versions 1 to 5 only. */
    static UUID nameBased(UUID namespace, String name) {
        MessageDigest sha1 = digest("SHA-1");
        sha1.update(ByteBuffer.allocate(16)
                .putLong(namespace.getMostSignificantBits())
                .putLong(namespace.getLeastSignificantBits())
                .array());
        byte[] hash = sha1.digest(name.getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x50);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(hash, 0, 16);
        return new UUID(b.getLong(), b.getLong());
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * SHA-256 over length-prefixed fields, so that no two different field sequences hash the same input
     * (e.g. ["ab", "c"] and ["a", "bc"]).
     */
    private static final class Fingerprint {
        private final MessageDigest sha256 = digest("SHA-256");

        Fingerprint text(String s) {
            if (s == null) return count(-1);
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            count(bytes.length);
            sha256.update(bytes);
            return this;
        }

        Fingerprint texts(List<String> list) {
            count(list.size());
            list.forEach(this::text);
            return this;
        }

        Fingerprint map(Map<String, String> m) {
            count(m.size());
            m.forEach((k, v) -> text(k).text(v));
            return this;
        }

        Fingerprint count(int n) {
            sha256.update(ByteBuffer.allocate(4).putInt(n).array());
            return this;
        }

        String hex() {
            return HexFormat.of().formatHex(sha256.digest());
        }
    }
}
