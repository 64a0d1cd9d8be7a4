package dev.drydock.cli;

import dev.drydock.model.Digest;
import dev.drydock.model.ImageRef;
import dev.drydock.vulndb.VulnDb;
import dev.drydock.vulndb.dist.DbArtifact;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Push the database to a registry as an OCI artifact, for air-gapped sites to `drydock db pull`.",
                "",
                "Prints the pushed manifest digest; pin it (REF@sha256:…) where you pull."})
final class DbPushCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "REF", description = "Where to push, e.g. registry.example/security/drydock-db:1.")
    String ref;

    @Option(names = "--db", paramLabel = "FILE", description = "Database file (default: ${DEFAULT-VALUE}).")
    Path db = VulnDb.defaultPath();

    @Mixin
    RegistryAccess registry;

    @Option(names = "--debug", description = "Print stack traces for errors.")
    boolean debug;

    @Override
    public Integer call() throws IOException {
        Map<String, String> annotations;
        try (VulnDb vdb = VulnDb.open(db)) { // never publish a file scanners would refuse
            annotations = Map.of("dev.drydock.vulndb.schema", Integer.toString(vdb.metadata().schemaVersion()),
                    "dev.drydock.vulndb.built-at", vdb.metadata().builtAt().toString());
        }
        Digest digest = DbArtifact.push(ImageRef.parse(ref), db, annotations,
                DbArtifact.Options.defaults().withRegistry(registry.options()));
        spec.commandLine().getOut().println(digest);
        return Main.OK;
    }
}
