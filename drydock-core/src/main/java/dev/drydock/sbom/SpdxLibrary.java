package dev.drydock.sbom;

import org.spdx.library.SpdxModelFactory;

/**
 * One-time set-up of the SPDX Java library, which keeps its model registry and license list in static state.
 */
final class SpdxLibrary {
    static final String JAR_LICENSES_ONLY = "org.spdx.useJARLicenseInfoOnly";

    private SpdxLibrary() {
    }

    static void ensureReady() {
        Ready.touch();
    }

    private static final class Ready {
        static {
            // Without this the library fetches the license list from spdx.org on first use: a scan must work
            // offline, and its output must not depend on the day's list.
            System.setProperty(JAR_LICENSES_ONLY, "true");
            SpdxModelFactory.init();
        }

        static void touch() {
            // class initialisation above does the work, exactly once and thread-safely
        }
    }
}
