package dev.drydock.catalog;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.drydock.model.OsRelease;
import dev.drydock.model.Package;

import java.util.List;

/** What an analyzer learned from one file. Results are cached per layer, so they are plain data. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = FileResult.Packages.class, name = "packages"),
        @JsonSubTypes.Type(value = FileResult.OsFound.class, name = "os"),
        @JsonSubTypes.Type(value = FileResult.OwnedFiles.class, name = "owned-files"),
        @JsonSubTypes.Type(value = FileResult.PackageLicenses.class, name = "licenses"),
})
public sealed interface FileResult {

    /** Packages recorded in a package database file. */
    record Packages(List<Package> packages) implements FileResult {
        public Packages {
            packages = List.copyOf(packages);
        }
    }

    /**
     * An OS identification; the one with the highest {@code priority} in the squashed image wins
     * (os-release beats the distribution-specific fallbacks).
     */
    record OsFound(OsRelease os, int priority) implements FileResult {
    }

    /** Licenses recorded for a package outside its database entry (Debian's copyright files). */
    record PackageLicenses(String packageName, List<String> licenses) implements FileResult {
        public PackageLicenses {
            licenses = List.copyOf(licenses);
        }
    }

    /** Files that an installed package owns, recorded outside its package entry (dpkg's info/*.list). */
    record OwnedFiles(String packageName, List<String> files) implements FileResult {
        public OwnedFiles {
            files = List.copyOf(files);
        }
    }
}
