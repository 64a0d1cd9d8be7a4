package dev.drydock.policy;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/** Reads an ignore file of either format, chosen by the name as Trivy does: {@code .yaml}/{@code .yml} or lines. */
public final class IgnoreFiles {
    private IgnoreFiles() {
    }

    public static List<IgnoreRule> read(Path file, Consumer<String> warnings) {
        return parse(PolicyInput.name(file), PolicyInput.read(file, PolicyInput.MAX_IGNORE_FILE_BYTES), warnings);
    }

    /** @param fileName the name used in origins and messages ({@code FILE:LINE}), and to pick the format */
    public static List<IgnoreRule> parse(String fileName, byte[] content, Consumer<String> warnings) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.endsWith(".yaml") || n.endsWith(".yml")) return TrivyIgnoreYamlParser.parse(fileName, content, warnings);
        return IgnoreFileParser.parse(fileName, content);
    }
}
