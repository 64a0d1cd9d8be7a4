package dev.drydock.vulndb.osv;

/** How a range's event versions are to be read. */
public enum OsvRangeType {
    /** The ecosystem's own version order. */
    ECOSYSTEM,
    /** SemVer 2.0.0 (Go uses it for modules, with its own scheme for the toolchain). */
    SEMVER,
    /** Commit hashes of a repository: not orderable without the repository, so never evaluated here. */
    GIT
}
