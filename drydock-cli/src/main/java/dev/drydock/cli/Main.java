package dev.drydock.cli;

import dev.drydock.image.BadInputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.io.UncheckedIOException;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.util.Properties;

@Command(name = "drydock",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Container-image security: SBOMs, vulnerability scans and a CI gate for any image.",
        subcommands = {SbomCommand.class, ScanCommand.class, ImportCommand.class, ReconcileCommand.class, DbCommand.class, ServeCommand.class,
                VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit codes shared by every command (DESIGN.md §5). */
    public static final int OK = 0, GATE_FAILED = 1, BAD_INPUT = 2, INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Raw standard output, for documents written as bytes (picocli's writer is for text). */
    final OutputStream stdout;

    Main(OutputStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs drydock in-process; tests call this to check output and exit codes. */
    public static int run(String[] args, OutputStream stdout, OutputStream stderr) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(stdout, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(stderr, StandardCharsets.UTF_8), true);
        CommandLine cl = new CommandLine(new Main(stdout));
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("drydock: " + ex.getMessage());
            if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || !u.isUnknownOption()) {
                err.println("Try 'drydock " + commandPath(ex.getCommandLine()) + "--help' for usage.");
            }
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            boolean debug = parsed.hasMatchedOption("--debug");
            Throwable e = ex instanceof UncheckedIOException u ? u.getCause() : ex;
            if (e instanceof BadInputException || e instanceof InvalidPathException || e instanceof NoSuchFileException
                    || e instanceof IllegalArgumentException) {
                err.println("drydock: " + message(e));
                if (debug) e.printStackTrace(err);
                return BAD_INPUT;
            }
            if (e instanceof IOException) {
                err.println("drydock: I/O error: " + message(e));
                if (debug) e.printStackTrace(err);
                return BAD_INPUT;
            }
            err.println("drydock: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
            if (debug) e.printStackTrace(err);
            return INTERNAL;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static String commandPath(CommandLine cl) {
        String name = cl.getCommandSpec().qualifiedName(" ");
        return name.equals("drydock") ? "" : name.substring("drydock ".length()) + " ";
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        if (e instanceof NoSuchFileException) return "no such file: " + m;
        return m == null ? e.getClass().getSimpleName() : m.replaceAll("\\p{Cntrl}", "?");
    }

    public static String version() {
        try (InputStream in = Main.class.getResourceAsStream("version.properties")) {
            Properties p = new Properties();
            if (in != null) p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"drydock " + version()};
        }
    }
}
