package dev.drydock.catalog;

import dev.drydock.model.Package;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * node_modules trees are full of symlinks (pnpm's layout, npm links, workspaces), and a symlink can
 * point back up the tree. The walkers never follow symlinks — a tar entry is what it is, and the
 * root-directory walk does not follow links — so a loop cannot make the walk endless or report a
 * package twice.
 */
class NpmSymlinkLoopTest {

    @Test
    void aSymlinkLoopInNodeModulesEndsAndReportsEachManifestOnce(@TempDir Path root) throws IOException {
        Path a = root.resolve("app/node_modules/a");
        Path b = a.resolve("node_modules/b");
        Files.createDirectories(b);
        Files.writeString(a.resolve("package.json"), "{\"name\":\"a\",\"version\":\"1.0.0\"}");
        Files.writeString(b.resolve("package.json"), "{\"name\":\"b\",\"version\":\"2.0.0\"}");
        // b/node_modules/loop -> ../.. (back to a): following it would never end
        Files.createDirectories(b.resolve("node_modules"));
        Files.createSymbolicLink(b.resolve("node_modules/loop"), Path.of("../.."));
        // pnpm-style: a package directory that is a link to another one
        Files.createSymbolicLink(root.resolve("app/node_modules/c"), Path.of("a"));
        // a link to the root of the image
        Files.createSymbolicLink(root.resolve("app/node_modules/root"), root);

        List<String> warnings = new ArrayList<>();
        List<String> visited = new ArrayList<>();
        List<Package> pkgs = AnalyzerHarness.walk(root, new NpmPackageAnalyzer(), warnings, visited);

        assertThat(visited).containsExactlyInAnyOrder("app/node_modules/a/package.json", "app/node_modules/a/node_modules/b/package.json");
        assertThat(pkgs).extracting(Package::name).containsExactlyInAnyOrder("a", "b");
        assertThat(warnings).isEmpty();
    }
}
