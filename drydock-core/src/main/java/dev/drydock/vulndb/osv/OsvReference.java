package dev.drydock.vulndb.osv;

import java.util.Objects;

/** One link of a record: {@code type} such as ADVISORY, FIX or WEB, and its URL (kept as text, never fetched). */
public record OsvReference(String type, String url) {
    public OsvReference {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(url, "url");
    }
}
