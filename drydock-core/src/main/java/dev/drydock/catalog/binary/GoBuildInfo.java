package dev.drydock.catalog.binary;

/**
 * The two strings a Go toolchain embeds in every binary it links (Go 1.13 and later).
 *
 * @param toolchain the runtime version, e.g. {@code go1.22.3} or {@code go1.22.3 X:boringcrypto}
 * @param modinfo   the module information text without its 16-byte framing; empty for a binary
 *                  built outside module mode
 * @param inline    whether the strings were inline in the build info section (Go 1.18 and later)
 *                  rather than reached through pointers
 */
public record GoBuildInfo(String toolchain, String modinfo, boolean inline) {
}
