package dev.drydock.model;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A registry image reference, normalised the way the docker CLI does it:
 * {@code debian} is {@code docker.io/library/debian:latest}.
 *
 * @param registry   host[:port] as written; {@code docker.io} for Docker Hub
 * @param repository path within the registry, e.g. {@code library/debian}
 * @param tag        null when only a digest was given
 * @param digest     null unless pinned with {@code @sha256:…}
 */
public record ImageRef(String registry, String repository, String tag, Digest digest) {
    public static final String DOCKER_HUB = "docker.io";
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public static ImageRef parse(String ref) {
        if (ref == null || ref.isBlank() || ref.length() > 1024) {
            throw new IllegalArgumentException("invalid image reference: " + Digest.safe(ref));
        }
        String rest = ref;
        Digest digest = null;
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Digest.parse(rest.substring(at + 1));
            rest = rest.substring(0, at);
        }
        String tag = null;
        int slash = rest.lastIndexOf('/');
        int colon = rest.lastIndexOf(':');
        if (colon > slash) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) throw new IllegalArgumentException("invalid tag in image reference: " + Digest.safe(ref));
        }
        String registry;
        String repository;
        int first = rest.indexOf('/');
        String head = first < 0 ? null : rest.substring(0, first);
        if (head != null && (head.contains(".") || head.contains(":") || head.equals("localhost") || !head.equals(head.toLowerCase(Locale.ROOT)))) {
            registry = head;
            repository = rest.substring(first + 1);
        } else {
            registry = DOCKER_HUB;
            repository = rest;
        }
        if (registry.equals("index.docker.io") || registry.equals("registry-1.docker.io")) registry = DOCKER_HUB;
        if (registry.equals(DOCKER_HUB) && !repository.contains("/")) repository = "library/" + repository;
        for (String c : repository.split("/", -1)) {
            if (!COMPONENT.matcher(c).matches()) {
                throw new IllegalArgumentException("invalid repository name in image reference: " + Digest.safe(ref));
            }
        }
        if (tag == null && digest == null) tag = "latest";
        return new ImageRef(registry, repository, tag, digest);
    }

    /** Host to connect to: Docker Hub's API lives on registry-1.docker.io. */
    public String apiHost() {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    /** Tag or digest as used in {@code /v2/<name>/manifests/<reference>}. */
    public String manifestReference() {
        return digest != null ? digest.toString() : tag;
    }

    public ImageRef withDigest(Digest d) {
        return new ImageRef(registry, repository, tag, d);
    }

    /** Familiar form: {@code registry/repository[:tag][@digest]}. */
    @Override
    public String toString() {
        return registry + "/" + repository + (tag != null ? ":" + tag : "") + (digest != null ? "@" + digest : "");
    }
}
