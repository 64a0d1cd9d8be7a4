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
        out.println("vulnerability DB: " + database());
        out.flush();
    }

    /** The default database's path and build time, or why there is none; never fails the command. */
    static String database() {
        java.nio.file.Path path = dev.drydock.vulndb.VulnDb.defaultPath();
        if (!java.nio.file.Files.exists(path)) return "none at " + path + " (run `drydock db update`)";
        try (dev.drydock.vulndb.VulnDb db = dev.drydock.vulndb.VulnDb.open(path)) {
            var m = db.metadata();
            return path + " (schema " + m.schemaVersion() + ", built " + m.builtAt() + ", sources "
                    + m.sources().stream().map(dev.drydock.vulndb.DbMetadata.SourceInfo::name).toList() + ")";
        } catch (RuntimeException e) {
            return "unusable: " + dev.drydock.model.UntrustedText.firstLine(e.getMessage());
        }
    }
}
