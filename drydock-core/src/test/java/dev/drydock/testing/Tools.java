package dev.drydock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the external tools the interop tests rely on (skopeo, umoci, debootstrap …). */
public final class Tools {
    private Tools() {
    }

    public record Result(int exitCode, String output) {
    }

    /** Runs a command, failing the test with its output when it does not exit 0. */
    public static String run(String... command) {
        Result r = exec(command);
        if (r.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited " + r.exitCode() + ":\n" + r.output());
        }
        return r.output();
    }

    public static Result exec(String... command) {
        return execIn(null, command);
    }

    /** Runs a command in {@code cwd} (null: the current directory). */
    public static Result execIn(java.nio.file.Path cwd, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(List.of(command)).redirectErrorStream(true);
            if (cwd != null) pb.directory(cwd.toFile());
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (is it installed? .ci/run installs it): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }
}
