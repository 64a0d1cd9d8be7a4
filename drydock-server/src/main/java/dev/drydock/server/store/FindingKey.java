package dev.drydock.server.store;

import dev.drydock.model.Finding;
import dev.drydock.model.Package;

/**
 * A finding's identity within an image: vulnerability id and package purl without qualifiers. Qualifiers
 * (arch, distro, repository_url) describe where a package came from, not which package it is, and
 * scanners disagree about them; without them, every scanner's finding of a package meets on one row.
 */
record FindingKey(String vulnId, String purl) implements Comparable<FindingKey> {
    static FindingKey of(Finding f) {
        return new FindingKey(Bounded.key(f.id(), Bounded.SHORT_KEY_BYTES), Bounded.key(purlWithoutQualifiers(f.pkg()), Bounded.KEY_BYTES));
    }

    /** {@code pkg:type/ns/name@version#subpath} of a purl; a package without one gets {@code type/name@version}. */
    static String purlWithoutQualifiers(Package p) {
        String purl = p.purl();
        if (purl == null || purl.isBlank()) {
            return p.type().purlType() + "/" + p.name() + (p.version() == null ? "" : "@" + p.version());
        }
        int q = purl.indexOf('?');
        if (q < 0) return purl;
        int hash = purl.indexOf('#', q);
        return purl.substring(0, q) + (hash < 0 ? "" : purl.substring(hash));
    }

    @Override
    public int compareTo(FindingKey o) {
        int c = vulnId.compareTo(o.vulnId);
        return c != 0 ? c : purl.compareTo(o.purl);
    }
}
