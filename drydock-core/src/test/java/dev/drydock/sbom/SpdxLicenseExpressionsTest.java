package dev.drydock.sbom;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SpdxLicenseExpressionsTest {
    @Test
    void acceptsListedIdsAndExpressionsOfThem() {
        assertThat(SpdxLicenseExpressions.canonical("MIT")).contains("MIT");
        assertThat(SpdxLicenseExpressions.canonical("Apache-2.0 OR MIT")).contains("Apache-2.0 OR MIT");
        assertThat(SpdxLicenseExpressions.canonical("GPL-2.0-or-later WITH Classpath-exception-2.0")).isPresent();
        assertThat(SpdxLicenseExpressions.canonical("(LGPL-2.1-only AND BSD-3-Clause) OR MIT")).contains("(LGPL-2.1-only AND BSD-3-Clause) OR MIT");
    }

    @Test
    void spellsIdentifiersAsListedAndKeepsTheRecordedOrder() {
        assertThat(SpdxLicenseExpressions.canonical("  apache-2.0   OR mit ")).contains("Apache-2.0 OR MIT");
        assertThat(SpdxLicenseExpressions.canonical("lgpl-2.1-or-later WITH ocaml-lgpl-linking-exception"))
                .contains("LGPL-2.1-or-later WITH OCaml-LGPL-linking-exception");
    }

    @Test
    void rejectsDebianShortNamesFreeTextAndUndefinedLicenseRefs() {
        assertThat(SpdxLicenseExpressions.canonical("GPL-2+")).isEmpty();
        assertThat(SpdxLicenseExpressions.canonical("public-domain")).isEmpty();
        assertThat(SpdxLicenseExpressions.canonical("Permission is hereby granted, free of charge")).isEmpty();
        assertThat(SpdxLicenseExpressions.canonical("LicenseRef-acme")).isEmpty();
        // listed but deprecated: SPDX validators flag it, so it is not declared
        assertThat(SpdxLicenseExpressions.canonical("GPL-2.0+")).isEmpty();
        assertThat(SpdxLicenseExpressions.canonical("MIT AND")).isEmpty();
        assertThat(SpdxLicenseExpressions.canonical("MIT WITH Apache-2.0")).isEmpty();
        assertThat(SpdxLicenseExpressions.canonical("")).isEmpty();
        assertThat(SpdxLicenseExpressions.canonical("MIT OR ".repeat(500) + "MIT")).isEmpty();
    }

    @Test
    void joinsSeveralRecordedLicensesWithAndWhenEachIsAnExpression() {
        assertThat(SpdxLicenseExpressions.conjunction(List.of("MIT", "Apache-2.0 OR MIT", "MIT")))
                .contains("MIT AND (Apache-2.0 OR MIT)");
        assertThat(SpdxLicenseExpressions.conjunction(List.of("MIT", "GPL-2+"))).isEmpty();
        assertThat(SpdxLicenseExpressions.conjunction(List.of())).isEmpty();
    }
}
