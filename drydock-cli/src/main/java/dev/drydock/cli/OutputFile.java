package dev.drydock.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a document to standard output or to a file; a file is replaced atomically, so a failure never leaves half of one. */
final class OutputFile {
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    private OutputFile() {
    }

    static void write(Path output, OutputStream stdout, Body body) throws IOException {
        if (output == null) {
            body.write(stdout);
            stdout.flush();
            return;
        }
        Path abs = output.toAbsolutePath();
        if (Files.exists(abs) && !Files.isRegularFile(abs)) { // /dev/null, a named pipe: nothing to protect
            try (OutputStream out = Files.newOutputStream(abs)) {
                body.write(out);
            }
            return;
        }
        Path tmp = Files.createTempFile(abs.getParent(), "." + abs.getFileName() + "-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(tmp)) {
                body.write(out);
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
