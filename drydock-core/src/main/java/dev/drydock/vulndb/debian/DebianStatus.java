package dev.drydock.vulndb.debian;

/**
 * What the tracker says about one source package in one release, in drydock's terms.
 * See {@link DebianTrackerParser} for how the tracker's fields map here.
 */
public enum DebianStatus {
    /** Fixed in {@link DebianTrackerRecord#fixedVersion()}; older versions are affected. */
    FIXED,
    /** The tracker marks the release fixed at version {@code 0}: no version shipped was ever affected. */
    NOT_AFFECTED,
    /** Open, no fixed version yet; a fix may still come (including minor issues left to a point release). */
    AFFECTED,
    /** Open, and Debian has said it will not fix it in this release (ignored, or the release is end-of-life). */
    WILL_NOT_FIX,
    /** Open, and the fix was postponed to a later update. */
    DEFERRED,
    /** The tracker has not decided whether the release is affected. */
    UNDETERMINED
}
