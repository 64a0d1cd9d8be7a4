package dev.drydock.cli;

import dev.drydock.model.ImageRef;
import dev.drydock.vulndb.VulnDb;
import dev.drydock.vulndb.dist.DbArtifact;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Pull the database from a registry (pushed there by `drydock db push`); the current one stays unless the new one is complete and valid.")
final class DbPullCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF", description = "The artifact, by tag or pinned digest.")
    String ref;

    @Option(names = "--db", paramLabel = "FILE", description = "Database file to replace (default: ${DEFAULT-VALUE}).")
    Path db = VulnDb.defaultPath();

    @Mixin
    RegistryAccess registry;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    @Override
    public Integer call() throws IOException {
        Files.createDirectories(db.toAbsolutePath().getParent());
        DbArtifact.Pulled pulled = DbArtifact.pull(ImageRef.parse(ref), db, DbArtifact.Options.defaults().withRegistry(registry.options()),
                candidate -> {
                    try (VulnDb vdb = VulnDb.open(candidate)) {
                        vdb.metadata();
                    }
                });
        try (VulnDb vdb = VulnDb.open(db)) {
            spec.commandLine().getErr().printf("pulled %s (%s): built %s, %,d KB%n", ref, pulled.manifestDigest(),
                    vdb.metadata().builtAt(), Files.size(db) / 1024);
        }
        return Main.OK;
    }
}
