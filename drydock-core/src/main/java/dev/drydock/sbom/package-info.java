/**
 * SBOM output and input: {@link dev.drydock.sbom.CycloneDxWriter} (CycloneDX 1.6 JSON) and
 * {@link dev.drydock.sbom.SpdxWriter} (SPDX 2.3 JSON) for one image's catalog.
 * <p>
 * Both describe the image as the subject, the distribution as an operating system, and every package
 * with its purl; drydock's own facts (layer diffID, path, package type, source package, image labels …)
 * use the names in {@link dev.drydock.sbom.DrydockProperties}: CycloneDX properties, SPDX package
 * annotations whose comment is {@code name=value}. docs/sbom.md describes the mapping for users.
 * <p>
 * Output is deterministic: the same catalog, drydock version and creation time give the same bytes.
 * <p>
 * SBOM input: {@link dev.drydock.sbom.SbomReader} tells CycloneDX (JSON, XML) from SPDX (JSON, tag-value) by
 * content and returns a catalog; drydock's own documents read back to the catalog they were written from.
 */
package dev.drydock.sbom;
