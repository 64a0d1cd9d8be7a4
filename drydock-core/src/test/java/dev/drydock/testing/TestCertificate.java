package dev.drydock.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An RSA key and a self-signed certificate for 127.0.0.1 and localhost, made with the JDK's own
 * keytool (the JDK has no public API to create certificates, and this keeps BouncyCastle out).
 * Used as the token server's signing key (the registry's rootcertbundle) and as a TLS registry's
 * server certificate.
 */
public final class TestCertificate {
    private static final String PASS = "drydock-test";

    private final PrivateKey key;
    private final X509Certificate certificate;

    private TestCertificate(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    public static TestCertificate generate(Path dir, String commonName) {
        Path store = dir.resolve("key-" + System.nanoTime() + ".p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        List<String> cmd = List.of(keytool, "-genkeypair", "-alias", "k", "-keyalg", "RSA", "-keysize", "2048",
                "-sigalg", "SHA256withRSA", "-dname", "CN=" + commonName, "-validity", "3",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", store.toString(), "-storetype", "PKCS12",
                "-storepass", PASS, "-keypass", PASS);
        try {
            Files.createDirectories(dir);
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, PASS.toCharArray());
            }
            return new TestCertificate((PrivateKey) ks.getKey("k", PASS.toCharArray()), (X509Certificate) ks.getCertificate("k"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public PrivateKey key() {
        return key;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public byte[] certificateDer() {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path writeCertificatePem(Path file) {
        return writePem(file, "CERTIFICATE", certificateDer());
    }

    /** PKCS#8, which Go's crypto/tls accepts for RSA keys. */
    public Path writeKeyPem(Path file) {
        return writePem(file, "PRIVATE KEY", key.getEncoded());
    }

    /**
     * The key's libtrust fingerprint, which docker-registry 2.x matches against a JWT's {@code kid}:
     * SHA-256 of the DER SubjectPublicKeyInfo, first 240 bits, base32 without padding, in
     * colon-separated groups of four.
     */
    public String libtrustKeyId() {
        try {
            byte[] sum = MessageDigest.getInstance("SHA-256").digest(certificate.getPublicKey().getEncoded());
            String b32 = base32(java.util.Arrays.copyOf(sum, 30));
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < b32.length(); i += 4) {
                if (i > 0) out.append(':');
                out.append(b32, i, Math.min(b32.length(), i + 4));
            }
            return out.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base32(byte[] data) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        StringBuilder sb = new StringBuilder();
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                sb.append(alphabet.charAt((buffer >> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) sb.append(alphabet.charAt((buffer << (5 - bits)) & 31));
        return sb.toString();
    }

    private static Path writePem(Path file, String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        String pem = "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
        try {
            Files.writeString(file, pem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }
}
