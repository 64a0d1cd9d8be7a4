package dev.drydock.server.ingest;

/** The OS distribution a scanner detected: family as the scanner spells it, lower-cased ({@code debian}, {@code alpine}, {@code redhat}). */
public record Distro(String family, String version) {
}
