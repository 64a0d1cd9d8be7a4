package dev.drydock.image;

/**
 * Credentials for one registry: a username and password, or an identity token (an OAuth2 refresh
 * token that {@code docker login} stores for some registries). {@link #toString()} never shows secrets.
 */
public record RegistryCredentials(String username, String password, String identityToken) {

    public static RegistryCredentials basic(String username, String password) {
        return new RegistryCredentials(username, password, null);
    }

    public static RegistryCredentials identityToken(String token) {
        return new RegistryCredentials(null, null, token);
    }

    public boolean hasIdentityToken() {
        return identityToken != null && !identityToken.isEmpty();
    }

    public boolean hasPassword() {
        return username != null && !username.isEmpty() && password != null;
    }

    @Override
    public String toString() {
        return "RegistryCredentials[" + (hasIdentityToken() ? "identity token" : "user " + username) + "]";
    }
}
