package dev.drydock.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;

@Command(name = "version", description = "Print drydock's version (and, once it has one, the vulnerability DB's).")
final class VersionCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        out.println("drydock " + Main.version());
        out.println("java " + Runtime.version() + " (" + System.getProperty("os.name") + "/" + System.getProperty("os.arch") + ")");
        out.println("vulnerability DB: none");
        out.flush();
    }
}
