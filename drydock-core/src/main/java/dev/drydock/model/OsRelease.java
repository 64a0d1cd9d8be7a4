package dev.drydock.model;

/**
 * The distribution an image is built on, as {@code /etc/os-release} describes it.
 * {@code id} is lower-case (debian, ubuntu, alpine, rhel, …); {@code versionId} may be null for rolling releases.
 */
public record OsRelease(String id, String versionId, String versionCodename, String prettyName, String idLike) {

    /** The purl {@code distro} qualifier, e.g. {@code debian-12}, {@code alpine-3.19.1}. */
    public String purlDistro() {
        return versionId == null || versionId.isBlank() ? id : id + "-" + versionId;
    }

    @Override
    public String toString() {
        return prettyName != null ? prettyName : purlDistro();
    }
}
