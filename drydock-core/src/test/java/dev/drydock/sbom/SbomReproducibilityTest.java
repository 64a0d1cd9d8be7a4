package dev.drydock.sbom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reproducible means across processes, not just within one: another JVM with another default locale,
 * time zone, file encoding and identity hashes, given SOURCE_DATE_EPOCH, must write the same bytes.
 */
class SbomReproducibilityTest {
    @Test
    void anotherJvmWithSourceDateEpochWritesTheSameBytes(@TempDir Path dir) throws Exception {
        for (SbomFormat format : SbomFormat.values()) {
            Path out = dir.resolve(format.id() + ".json");
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UnlockExperimentalVMOptions", "-XX:hashCode=2",
                    "-Duser.language=tr", "-Duser.country=TR", "-Duser.timezone=Pacific/Chatham", "-Dfile.encoding=ISO-8859-1",
                    "-cp", System.getProperty("java.class.path"),
                    WriteDebianSbom.class.getName(), format.id(), out.toString()));
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
            pb.environment().put(SbomTimestamp.SOURCE_DATE_EPOCH, Long.toString(SbomTestCatalogs.CREATED.getEpochSecond()));
            Process p = pb.start();
            assertThat(p.waitFor(2, TimeUnit.MINUTES)).as("child JVM finished").isTrue();
            assertThat(p.exitValue()).as(Files.readString(dir.resolve("log.txt"))).isZero();

            assertThat(Files.readAllBytes(out)).as(format.id()).isEqualTo(inProcess(format));
        }
    }

    private static byte[] inProcess(SbomFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        format.writer(SbomTestCatalogs.TOOL_VERSION, SbomTestCatalogs.CREATED).write(SbomTestCatalogs.debian(), out);
        return out.toByteArray();
    }

    /** Run in the child JVM: takes the time from the environment, as the CLI will. */
    public static final class WriteDebianSbom {
        public static void main(String[] args) throws IOException {
            try (var out = Files.newOutputStream(Path.of(args[1]))) {
                SbomFormat.fromId(args[0]).writer(SbomTestCatalogs.TOOL_VERSION, SbomTimestamp.fromEnvironment())
                        .write(SbomTestCatalogs.debian(), out);
            }
        }
    }
}
