package dev.drydock.server.registry;

import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * Seals secrets (registry credentials) for storage in the database: AES-256-GCM with a fresh random 12-byte
 * nonce per secret, so a copy of the database alone reveals nothing, and a sealed value tampered with or
 * moved to another row (the caller binds it to its row with {@code context}, the GCM associated data) fails
 * to open instead of yielding something else.
 *
 * <p>Sealed text is {@code v1:<key id>:<base64(nonce ‖ ciphertext ‖ tag)>}. The key id (the first 8 hex
 * digits of the key's SHA-256, which reveals nothing usable about the key) lets a server with the wrong key
 * say so plainly rather than report a broken secret.
 *
 * <p>The key is {@code DRYDOCK_SECRET_KEY} (base64 of 32 bytes) when set, else the file
 * {@code $XDG_DATA_HOME/drydock/secret.key}, created (mode 0600) on first use. Processes sharing one
 * PostgreSQL database on several machines must share the key: set the variable on each.
 */
public final class SecretBox {
    public static final String ENV = "DRYDOCK_SECRET_KEY";
    static final String VERSION = "v1";
    private static final int KEY_BYTES = 32;
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A secret that cannot be opened: another key, a damaged value. The message never holds the secret. */
    public static final class SealedSecretException extends RuntimeException {
        SealedSecretException(String message) {
            super(message);
        }
    }

    private final SecretKeySpec key;
    private final String keyId;

    private SecretBox(byte[] key) {
        if (key.length != KEY_BYTES) throw new IllegalArgumentException("a secret key is " + KEY_BYTES + " bytes");
        this.key = new SecretKeySpec(key.clone(), "AES");
        this.keyId = idOf(key);
    }

    public static SecretBox of(byte[] key) {
        return new SecretBox(key);
    }

    /** The key from {@value #ENV}, else from (or newly in) the key file under {@code dataDir}. */
    public static SecretBox load(Map<String, String> env, Path keyFile) {
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            byte[] k;
            try {
                k = Base64.getDecoder().decode(fromEnv.strip());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException(ENV + " is not base64");
            }
            if (k.length != KEY_BYTES) throw new IllegalStateException(ENV + " must be " + KEY_BYTES + " bytes in base64 (openssl rand -base64 32)");
            return new SecretBox(k);
        }
        return fromFile(keyFile);
    }

    /** {@code $XDG_DATA_HOME/drydock/secret.key} ({@code ~/.local/share} when unset or relative), beside the default database. */
    public static Path defaultKeyFile(Map<String, String> env) {
        return dev.drydock.server.store.Database.defaultPath(env).resolveSibling("secret.key");
    }

    /** Reads the key file, creating it with a new random key (owner read/write only) when it does not exist. */
    public static SecretBox fromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                byte[] k = new byte[KEY_BYTES];
                RANDOM.nextBytes(k);
                try {
                    // created 0600 in one step: there is no moment when others could read it
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.write(file, Base64.getEncoder().encode(k));
                    return new SecretBox(k);
                } catch (FileAlreadyExistsException e) {
                    // another process created it first: use theirs
                }
            }
            byte[] k = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (k.length != KEY_BYTES) throw new IllegalStateException("the secret key file " + file + " does not hold a " + KEY_BYTES + "-byte key");
            return new SecretBox(k);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the secret key file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("the secret key file " + file + " is not base64");
        }
    }

    public String keyId() {
        return keyId;
    }

    /** @param context what the secret belongs to (e.g. the registry URL); opening needs the same */
    public String seal(byte[] plaintext, String context) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            byte[] ct = c.doFinal(plaintext);
            byte[] out = Arrays.copyOf(nonce, NONCE_BYTES + ct.length);
            System.arraycopy(ct, 0, out, NONCE_BYTES, ct.length);
            return VERSION + ":" + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    public byte[] open(String sealed, String context) {
        String[] parts = sealed == null ? new String[0] : sealed.split(":", -1);
        if (parts.length != 3 || !parts[0].equals(VERSION)) throw new SealedSecretException("the stored secret is not in a known format");
        if (!parts[1].equals(keyId)) {
            throw new SealedSecretException("the stored secret was sealed with another key (id " + parts[1] + "; this server's key is "
                    + keyId + "): set " + ENV + " to the key it was stored with, or store the credentials again");
        }
        byte[] all;
        try {
            all = Base64.getDecoder().decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new SealedSecretException("the stored secret is damaged");
        }
        if (all.length < NONCE_BYTES + TAG_BITS / 8) throw new SealedSecretException("the stored secret is damaged");
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, all, 0, NONCE_BYTES));
            c.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return c.doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
        } catch (AEADBadTagException e) {
            throw new SealedSecretException("the stored secret is damaged or belongs to another record");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is unavailable", e);
        }
    }

    private static String idOf(byte[] key) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(key);
            return HexFormat.of().formatHex(h, 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "SecretBox[key " + keyId + "]";
    }
}
