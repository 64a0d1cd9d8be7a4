/**
 * Reads Alpine's security database ({@code secdb.alpinelinux.org/<release>/<repository>.json}): for each
 * package, the versions that fixed which vulnerabilities. Everything here only reads.
 */
package dev.drydock.vulndb.alpine;
