package dev.drydock.policy;

import dev.drydock.image.BadInputException;
import dev.drydock.model.UntrustedText;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reading the user's policy files (ignore files, VEX documents): bounded in size and required to be
 * UTF-8 text, so that a wrong path (an image tarball, a binary) fails with one line instead of a
 * parser's stack trace or an out-of-memory.
 */
final class PolicyInput {
    /** Ignore files are hand-written; 4 MB is far beyond any real one. */
    static final int MAX_IGNORE_FILE_BYTES = 4 * 1024 * 1024;
    /** A CycloneDX VEX may be a whole SBOM with its vulnerabilities, so it gets more room. */
    static final int MAX_VEX_BYTES = 64 * 1024 * 1024;
    static final int MAX_DEPTH = 64;

    private PolicyInput() {
    }

    static byte[] read(Path file, int max) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new BadInputException(name(file) + ": larger than " + (max / (1024 * 1024)) + " MB; not a policy file");
            }
            return b;
        } catch (IOException e) {
            throw new BadInputException("cannot read " + name(file) + ": " + UntrustedText.firstLine(e.getMessage()));
        }
    }

    /** UTF-8 text with a leading byte-order mark removed; NUL bytes or invalid UTF-8 mean it is not text. */
    static String text(String name, byte[] bytes, int max) {
        if (bytes.length > max) {
            throw new BadInputException(name + ": larger than " + (max / (1024 * 1024)) + " MB; not a policy file");
        }
        for (byte b : bytes) {
            if (b == 0) throw new BadInputException(name + ": binary content (NUL byte); expected a text file");
        }
        String s;
        try {
            s = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BadInputException(name + ": not UTF-8 text");
        }
        return s.startsWith("\uFEFF") ? s.substring(1) : s;
    }

    static String name(Path file) {
        return UntrustedText.printable(file.toString());
    }

    /** True when the text holds no control or invisible formatting characters (bidi overrides and the like). */
    static boolean printable(String s) {
        return s.codePoints().allMatch(cp -> !Character.isISOControl(cp)
                && Character.getType(cp) != Character.FORMAT
                && Character.getType(cp) != Character.UNASSIGNED
                && Character.getType(cp) != Character.SURROGATE
                && Character.getType(cp) != Character.PRIVATE_USE);
    }
}
