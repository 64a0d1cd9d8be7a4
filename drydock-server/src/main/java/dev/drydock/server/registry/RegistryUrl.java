package dev.drydock.server.registry;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A registry's address as an admin configures it: {@code https://host[:port]} (or {@code http://} for a
 * registry without TLS), nothing else. The canonical form is the stored URL and the context its credentials
 * are sealed to; {@link #registry()} is the registry part of image names ({@code host[:port]}).
 */
public record RegistryUrl(String scheme, String registry) {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?)*|\\[[0-9A-Fa-f:.]+\\]");

    /** @throws IllegalArgumentException with a one-line reason, for the API's 400 */
    public static RegistryUrl parse(String s) {
        if (s == null || s.isBlank()) throw new IllegalArgumentException("url is required");
        if (s.length() > 512) throw new IllegalArgumentException("url is too long");
        URI u;
        try {
            u = new URI(s.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("url is not a URL");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) throw new IllegalArgumentException("url must start with https:// or http://");
        if (u.getRawUserInfo() != null) throw new IllegalArgumentException("url must not hold credentials: send username and password apart");
        String host = u.getHost();
        if (host == null || !HOST.matcher(host).matches()) throw new IllegalArgumentException("url must name a host");
        String path = u.getRawPath() == null ? "" : u.getRawPath();
        // the API lives at /v2/ of the host; a path would be silently ignored, so it is refused instead
        if (!path.isEmpty() && !path.equals("/") && !path.equals("/v2") && !path.equals("/v2/")) {
            throw new IllegalArgumentException("url must be the registry's address only (https://host[:port]), without a path");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) throw new IllegalArgumentException("url must not have a query or fragment");
        int port = u.getPort();
        if (port == 0 || port > 65_535) throw new IllegalArgumentException("url has an invalid port");
        String h = host.toLowerCase(Locale.ROOT);
        return new RegistryUrl(scheme, port < 0 ? h : h + ":" + port);
    }

    /** Plain HTTP: the registry client then also accepts any certificate, as the docker CLI does for insecure registries. */
    public boolean plainHttp() {
        return scheme.equals("http");
    }

    @Override
    public String toString() {
        return scheme + "://" + registry;
    }
}
