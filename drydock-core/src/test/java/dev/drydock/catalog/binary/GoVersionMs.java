package dev.drydock.catalog.binary;

import dev.drydock.testing.Fixtures;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Reads build info with the scanner alone, and the expectations recorded with {@code go version -m}. */
public final class GoVersionMs {
    private GoVersionMs() {
    }

    public static GoBuildInfo scan(byte[] binary) {
        GoBuildInfoScanner scanner = new GoBuildInfoScanner();
        try {
            ElfStream.Outcome outcome = ElfStream.read(new ByteArrayInputStream(binary), binary.length, List.of(scanner));
            if (!(outcome instanceof ElfStream.Done)) throw new AssertionError(outcome);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!scanner.problems().isEmpty()) throw new AssertionError(scanner.problems());
        return scanner.result().orElseThrow(() -> new AssertionError("no build info found"));
    }

    public static GoVersionM expected(String relative) {
        return GoVersionM.read(Fixtures.path("binaries/" + relative));
    }
}
