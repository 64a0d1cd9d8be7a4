package dev.drydock.catalog.binary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What {@code go version -m BINARY} printed for a binary: its first line names the toolchain, the
 * others are the module text with a tab in front. Made with Debian's golang-go (1.19) by hand, and
 * kept beside the fixtures as the Go toolchain's own reading of them.
 */
public record GoVersionM(String toolchain, String modinfo) {

    public static GoVersionM read(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static GoVersionM parse(String text) {
        String[] lines = text.split("\n");
        String first = lines[0];
        String toolchain = first.substring(first.indexOf(": ") + 2).strip();
        StringBuilder mod = new StringBuilder();
        for (int i = 1; i < lines.length; i++) {
            String l = lines[i];
            if (!l.startsWith("\t")) throw new IllegalArgumentException("unexpected line " + l);
            mod.append(l.substring(1)).append('\n');
        }
        return new GoVersionM(toolchain, mod.toString());
    }
}
