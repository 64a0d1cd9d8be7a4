package dev.drydock.server.store;

/**
 * A token just created. {@code plaintext} exists only here: the store keeps its hash. Its
 * {@link #toString()} hides the secret so that logging the record leaks nothing.
 */
public record IssuedToken(long id, String name, Role role, String plaintext) {
    @Override
    public String toString() {
        return "IssuedToken[id=" + id + ", name=" + name + ", role=" + role.id() + "]";
    }
}
