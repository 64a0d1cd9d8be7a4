package dev.drydock.policy;

import dev.drydock.model.Finding;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One VEX statement about one vulnerability, from OpenVEX or CycloneDX, reduced to what the gate needs.
 *
 * @param vulnerabilityId the vulnerability's name as given
 * @param aliases         the other ids the document gives for it
 * @param products        what the statement is about
 * @param status          the verdict
 * @param justification   the machine-readable justification ({@code vulnerable_code_not_present}, …), possibly empty
 * @param detail          the human text (impact statement, status notes, CycloneDX detail), possibly empty
 * @param timestamp       the statement's time (or its document's), null when neither has one
 * @param origin          the document and the statement's position in it
 */
public record VexStatement(String vulnerabilityId, List<String> aliases, List<Product> products, Status status,
                           String justification, String detail, Instant timestamp, String origin) {
    public VexStatement {
        Objects.requireNonNull(vulnerabilityId, "vulnerabilityId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(origin, "origin");
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        products = products == null ? List.of() : List.copyOf(products);
        justification = justification == null ? "" : justification;
        detail = detail == null ? "" : detail;
    }

    public enum Status {
        NOT_AFFECTED, AFFECTED, FIXED, UNDER_INVESTIGATION;

        /** OpenVEX's words ({@code not_affected}, …); null for anything else. */
        static Status ofOpenVex(String s) {
            if (s == null) return null;
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "not_affected" -> NOT_AFFECTED;
                case "affected" -> AFFECTED;
                case "fixed" -> FIXED;
                case "under_investigation" -> UNDER_INVESTIGATION;
                default -> null;
            };
        }

        /** CycloneDX analysis states mapped the way Trivy and the CycloneDX VEX guide do; null for anything else. */
        static Status ofCycloneDx(String s) {
            if (s == null) return null;
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "not_affected", "false_positive" -> NOT_AFFECTED;
                case "resolved", "resolved_with_pedigree" -> FIXED;
                case "exploitable" -> AFFECTED;
                case "in_triage" -> UNDER_INVESTIGATION;
                default -> null;
            };
        }

        /** Whether this verdict takes a finding out of the gate. */
        public boolean suppresses() {
            return this == NOT_AFFECTED || this == FIXED;
        }
    }

    /**
     * A product of the statement.
     *
     * @param purl          the product's package-url; type {@code oci} for a container image
     * @param subcomponents package-urls inside the product the statement is limited to; empty for the whole product
     */
    public record Product(String purl, List<String> subcomponents) {
        public Product {
            Objects.requireNonNull(purl, "purl");
            subcomponents = subcomponents == null ? List.of() : List.copyOf(subcomponents);
        }

        /** An image product without subcomponents: the statement covers every package of the image. */
        public boolean imageWide() {
            return subcomponents.isEmpty() && isImage();
        }

        boolean isImage() {
            return purl.regionMatches(true, 0, "pkg:oci/", 0, 8);
        }

        /**
         * Whether this product covers the package. An image product must be the scanned image when its
         * digest is known (a statement about another image says nothing about this one); its subcomponents,
         * or the whole image when there are none, are then what it covers. Any other product covers its
         * subcomponents when it lists them (the statement is about those parts), else itself.
         */
        boolean covers(String packagePurl, String imageDigest) {
            if (isImage()) {
                if (!isThisImage(imageDigest)) return false;
                if (subcomponents.isEmpty()) return true;
            } else if (subcomponents.isEmpty()) {
                return PurlPattern.parse(purl).matches(packagePurl);
            }
            return subcomponents.stream().anyMatch(s -> PurlPattern.parse(s).matches(packagePurl));
        }

        private boolean isThisImage(String imageDigest) {
            if (imageDigest == null) return true; // no digest to check against: the user chose this VEX for this scan
            String v = PurlPattern.parse(purl).version();
            return v == null || v.equalsIgnoreCase(imageDigest);
        }
    }

    /** Whether the statement is about this finding: same vulnerability (by any id) and a product covering its package. */
    public boolean appliesTo(Finding f, String imageDigest) {
        if (!f.isKnownAs(vulnerabilityId) && aliases.stream().noneMatch(f::isKnownAs)) return false;
        return products.stream().anyMatch(p -> p.covers(f.pkg().purl(), imageDigest));
    }

    /** The suppression reason: justification and text together, whichever are present. */
    String reason() {
        String j = justification.isBlank() ? "" : justification.strip();
        String d = detail.isBlank() ? "" : detail.strip();
        if (j.isEmpty() && d.isEmpty()) return "VEX: " + status.name().toLowerCase(Locale.ROOT);
        if (j.isEmpty()) return d;
        if (d.isEmpty()) return j;
        return j + ": " + d;
    }
}
