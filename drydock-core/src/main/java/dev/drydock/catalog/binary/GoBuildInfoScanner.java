package dev.drydock.catalog.binary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds Go build info while an ELF file streams past.
 *
 * <p>The build info section starts with a 14-byte magic at a 16-byte aligned address in writable
 * data, so only aligned positions in writable segments are examined (the magic also occurs as a
 * string constant in read-only data of programs that read build info themselves). Go 1.18 and later
 * write the version and module text right after the 32-byte header, each prefixed by its length
 * as a varint: those are followed as they stream past.
 *
 * <p>Go 1.13 to 1.17 write two pointers instead, to string headers in the data segment, which point
 * at string bytes in read-only data, and read-only data comes before the data segment in the file.
 * A single forward pass cannot go back for them, so, in binaries that carry the Go toolchain's build
 * ID note, read-only data is searched for what those strings look like (a {@code go1}/{@code devel}
 * prefix; the module text's 16-byte start marker) and their addresses remembered, and writable data
 * for pointer-aligned words holding one of those addresses (a string header). At the end the
 * header's pointers are resolved through what was remembered. Memory stays bounded by the counts
 * and sizes below instead of by the binary's size.
 */
public final class GoBuildInfoScanner implements ElfStream.Scanner {
    static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    static final int HEADER = 32;
    /** Bit in the header's flags byte: strings inline (Go 1.18+); else pointers. */
    static final int FLAG_INLINE = 0x2;
    /** Bit in the flags byte of the pointer format: the pointers are big-endian. */
    static final int FLAG_BIG_ENDIAN = 0x1;
    static final byte[] MODINFO_START = hex("3077af0c9274080241e1c107e6d618e6");
    static final byte[] MODINFO_END = hex("f932433186182072008242104116d8f2");
    /** Longest toolchain version accepted ("devel go1.23-abcdef Mon Jan 1 ..." fits easily). */
    static final int MAX_VERSION = 256;
    /** Longest module text accepted: ~10,000 dependencies; the largest real programs have a few hundred. */
    static final int MAX_MODINFO = 1 << 20;
    private static final int MAX_MAGIC_HITS = 8;
    private static final int MAX_VERSION_CANDIDATES = 4096;
    private static final int MAX_MODINFO_CANDIDATES = 8;
    private static final int MAX_STRING_HEADERS = 65536;

    private ElfLayout layout;
    private ElfStream stream;
    private final List<MagicHit> hits = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private GoBuildInfo result;

    // Pointer-format (Go 1.13–1.17) helpers, filled only for binaries with a Go build ID note.
    private final Map<Long, byte[]> versionCandidates = new HashMap<>();
    private final Map<Long, Framed> modinfoCandidates = new LinkedHashMap<>();
    private final Map<Long, long[]> stringHeaders = new HashMap<>();
    private long[] targets = new long[0];
    private boolean targetsStale;
    private boolean tooMany;

    /** The build info found, if any; call after the stream was read. */
    public Optional<GoBuildInfo> result() {
        return Optional.ofNullable(result);
    }

    /** Why build info that was there could not be read. */
    public List<String> problems() {
        return problems;
    }

    @Override
    public void begin(ElfLayout layout, ElfStream stream) {
        this.layout = layout;
        this.stream = stream;
    }

    @Override
    public void scan(ElfStream.Window w) {
        long from = w.base(), to = w.base() + w.scanEnd();
        layout.forEachRange(from, to, ElfLayout.WRITABLE, (a, b) -> {
            for (long off = (a + 15) & ~15L; off < b; off += 16) {
                int i = (int) (off - w.base());
                if (w.buf()[i] == MAGIC[0] && startsWith(w.buf(), i, w.limit(), MAGIC)) magic(w, i);
            }
        });
        if (!layout.hasGoNote()) return;
        layout.forEachRange(from, to, ElfLayout.READ_ONLY | ElfLayout.CODE, (a, b) -> stringCandidates(w, a, b));
        if (targetsStale) {
            targets = new long[versionCandidates.size() + modinfoCandidates.size()];
            int k = 0;
            for (long v : versionCandidates.keySet()) targets[k++] = v;
            for (long v : modinfoCandidates.keySet()) targets[k++] = v;
            Arrays.sort(targets);
            targetsStale = false;
        }
        if (targets.length > 0) layout.forEachRange(from, to, ElfLayout.WRITABLE, (a, b) -> stringHeaders(w, a, b));
    }

    private record MagicHit(long offset, int pointerSize, boolean bigEndian, long versionHeader, long modinfoHeader, Inline inline) {
    }

    private void magic(ElfStream.Window w, int i) {
        byte[] b = w.buf();
        if (i + HEADER > w.limit()) {
            problems.add("Go build info header is cut off by the end of the file");
            return;
        }
        int ptrSize = b[i + 14];
        int flags = b[i + 15];
        if (ptrSize != 4 && ptrSize != 8) return; // the magic by chance, not a header
        if (hits.size() >= MAX_MAGIC_HITS) return;
        long offset = w.offset(i);
        if ((flags & FLAG_INLINE) != 0) {
            Inline c = new Inline(offset, layout.segmentEnd(offset));
            stream.follow(offset, c);
            hits.add(new MagicHit(offset, ptrSize, false, 0, 0, c));
        } else {
            boolean be = (flags & FLAG_BIG_ENDIAN) != 0;
            hits.add(new MagicHit(offset, ptrSize, be, ElfBytes.word(b, i + 16, ptrSize, be),
                    ElfBytes.word(b, i + 16 + ptrSize, ptrSize, be), null));
        }
    }

    /** Remembers where version strings and framed module texts start in read-only data. */
    private void stringCandidates(ElfStream.Window w, long a, long b) {
        byte[] buf = w.buf();
        int end = (int) (b - w.base()), limit = w.limit();
        for (int i = (int) (a - w.base()); i < end; i++) {
            byte c = buf[i];
            if (c == 'g') {
                if (i + 3 <= limit && buf[i + 1] == 'o' && buf[i + 2] == '1') version(w, i);
            } else if (c == 'd') {
                if (i + 5 <= limit && buf[i + 1] == 'e' && buf[i + 2] == 'v' && buf[i + 3] == 'e' && buf[i + 4] == 'l') version(w, i);
            } else if (c == MODINFO_START[0] && startsWith(buf, i, limit, MODINFO_START)) {
                long vaddr = layout.vaddrOf(w.offset(i));
                if (vaddr < 0) continue;
                if (modinfoCandidates.size() >= MAX_MODINFO_CANDIDATES) {
                    tooMany = true;
                    continue;
                }
                Framed f = new Framed();
                modinfoCandidates.put(vaddr, f);
                stream.follow(w.offset(i), f);
                targetsStale = true;
            }
        }
    }

    private void version(ElfStream.Window w, int i) {
        if (versionCandidates.size() >= MAX_VERSION_CANDIDATES) {
            tooMany = true;
            return;
        }
        long vaddr = layout.vaddrOf(w.offset(i));
        if (vaddr < 0) return;
        versionCandidates.put(vaddr, Arrays.copyOfRange(w.buf(), i, Math.min(w.limit(), i + MAX_VERSION)));
        targetsStale = true;
    }

    /** Remembers pointer-aligned (pointer, length) pairs whose pointer is a remembered string's address. */
    private void stringHeaders(ElfStream.Window w, long a, long b) {
        int ps = layout.pointerSize();
        boolean be = layout.bigEndian();
        byte[] buf = w.buf();
        for (long off = (a + ps - 1) & -ps; off < b; off += ps) {
            int i = (int) (off - w.base());
            if (i + 2 * ps > w.limit()) break;
            long word = ElfBytes.word(buf, i, ps, be);
            if (Arrays.binarySearch(targets, word) < 0) continue;
            if (stringHeaders.size() >= MAX_STRING_HEADERS) {
                tooMany = true;
                return;
            }
            long vaddr = layout.vaddrOf(off);
            if (vaddr >= 0) stringHeaders.put(vaddr, new long[]{word, ElfBytes.word(buf, i + ps, ps, be)});
        }
    }

    @Override
    public void end(ElfLayout layout, SectionTable sections) {
        MagicHit hit = hits.isEmpty() ? null : hits.get(0);
        // Where the section is named, it decides; otherwise the first header in writable data, as Go itself does.
        var section = sections != null && sections.named() ? sections.named(".go.buildinfo") : Optional.<Section>empty();
        if (section.isPresent()) {
            hit = hits.stream().filter(h -> h.offset() == section.get().offset()).findFirst().orElse(null);
            if (hit == null) {
                problems.add("section .go.buildinfo does not start with the Go build info magic");
                return;
            }
        }
        if (hit == null) return;
        result = hit.inline() != null ? hit.inline().result(problems) : resolve(hit);
        if (result != null && !plausibleVersion(result.toolchain())) {
            problems.add("Go build info has an unreadable toolchain version");
            result = null;
        }
    }

    /** Follows the pointer format's two pointers through what the forward pass remembered. */
    private GoBuildInfo resolve(MagicHit hit) {
        if (hit.bigEndian() != layout.bigEndian() || hit.pointerSize() != layout.pointerSize()) {
            problems.add("Go build info disagrees with the ELF header about byte order or pointer size");
            return null;
        }
        if (!layout.hasGoNote()) {
            problems.add("Go build info uses pointers (Go 1.17 or older) but the binary lacks the Go build ID note that lets it be read in one pass");
            return null;
        }
        long[] version = stringHeaders.get(hit.versionHeader());
        byte[] versionBytes = version == null ? null : versionCandidates.get(version[0]);
        if (versionBytes == null || version[1] <= 0 || version[1] > versionBytes.length) {
            problems.add("could not resolve the toolchain version of a Go 1.17 or older build info" + (tooMany ? " (too many candidate strings)" : ""));
            return null;
        }
        String toolchain = new String(versionBytes, 0, (int) version[1], StandardCharsets.ISO_8859_1);
        String modinfo = "";
        long[] mod = stringHeaders.get(hit.modinfoHeader());
        Framed framed = mod == null ? null : modinfoCandidates.get(mod[0]);
        if (framed != null && framed.complete() && framed.length() == mod[1]) {
            modinfo = framed.text();
        } else if (!modinfoCandidates.isEmpty()) {
            // Module text was there but its string header could not be tied to the build info.
            problems.add("could not resolve the module information of a Go 1.17 or older build info");
        }
        return new GoBuildInfo(toolchain, modinfo, false);
    }

    static boolean plausibleVersion(String v) {
        if (v.isEmpty() || v.length() > MAX_VERSION || !(v.startsWith("go") || v.startsWith("devel"))) return false;
        for (int i = 0; i < v.length(); i++) if (v.charAt(i) < 0x20 || v.charAt(i) > 0x7e) return false;
        return true;
    }

    /** The module text unframed, as Go itself reads it: empty unless both markers and the final newline are there. */
    static String unframe(byte[] b, int off, int len) {
        if (len < 33 || b[off + len - 17] != '\n') return "";
        return new String(b, off + 16, len - 32, StandardCharsets.UTF_8);
    }

    /**
     * The inline format: header, varint length + version, varint length + module text. Bytes are
     * kept only up to the lengths the varints announce, and only while those stay within the
     * segment holding the header and the limits above.
     */
    static final class Inline implements ElfStream.Capture {
        private final long start;
        private final long max;
        private byte[] data = new byte[512];
        private int n;
        private int need = HEADER + 10;
        private String problem;
        private GoBuildInfo parsed;

        Inline(long start, long segmentEnd) {
            this.start = start;
            this.max = segmentEnd - start;
        }

        @Override
        public boolean accept(long offset, byte[] b, int off, int len) {
            int used = 0;
            // Parsing may raise what is needed, so take and parse until this chunk is used up or nothing more is needed.
            while (problem == null && parsed == null && used < len && n < need) {
                int take = Math.min(len - used, need - n);
                if (n + take > data.length) data = Arrays.copyOf(data, Math.max(n + take, data.length * 2));
                System.arraycopy(b, off + used, data, n, take);
                n += take;
                used += take;
                parse();
            }
            return problem == null && parsed == null;
        }

        @Override
        public void incomplete() {
            parse();
            if (parsed == null && problem == null) problem = "Go build info is cut off by the end of the file";
        }

        private void parse() {
            if (problem != null || parsed != null) return;
            int pos = HEADER;
            long[] v = uvarint(pos);
            if (v == null) return;
            if (v[0] > MAX_VERSION) {
                problem = "Go build info claims a " + v[0] + "-byte toolchain version";
                return;
            }
            pos += (int) v[1];
            if (!available(pos + v[0] + 1)) return;
            String version = new String(data, pos, (int) v[0], StandardCharsets.ISO_8859_1);
            pos += (int) v[0];
            long[] m = uvarint(pos);
            if (m == null) return;
            if (m[0] > MAX_MODINFO) {
                problem = "Go build info claims " + m[0] + " bytes of module information, over the limit of " + MAX_MODINFO;
                return;
            }
            pos += (int) m[1];
            if (!available(pos + m[0])) return;
            parsed = new GoBuildInfo(version, unframe(data, pos, (int) m[0]), true);
        }

        /** Whether {@code total} bytes are here; otherwise asks for them, or fails if they would pass the segment's end. */
        private boolean available(long total) {
            if (total > max) {
                problem = "Go build info runs past the end of its segment";
                return false;
            }
            need = (int) Math.max(need, total);
            return n >= total;
        }

        /** {value, length in bytes} of the varint at {@code pos}, or null when more bytes are needed (or it is malformed). */
        private long[] uvarint(int pos) {
            long value = 0;
            for (int i = 0; i < 10; i++) {
                if (!available(pos + i + 1)) return null;
                int b = data[pos + i] & 0xff;
                if (i == 9 && b > 1) {
                    problem = "Go build info has a malformed length";
                    return null;
                }
                value |= (long) (b & 0x7f) << (7 * i);
                if (b < 0x80) {
                    if (value < 0) {
                        problem = "Go build info has a malformed length";
                        return null;
                    }
                    return new long[]{value, i + 1};
                }
            }
            problem = "Go build info has a malformed length";
            return null;
        }

        GoBuildInfo result(List<String> problems) {
            if (problem != null) problems.add(problem);
            else if (parsed == null) problems.add("Go build info is cut off by the end of the file");
            return problem == null ? parsed : null;
        }
    }

    /** Module text of the pointer format, from its start marker through its end marker, bounded. */
    static final class Framed implements ElfStream.Capture {
        private byte[] data = new byte[1024];
        private int n;
        private boolean complete;
        private boolean overflow;

        @Override
        public boolean accept(long offset, byte[] b, int off, int len) {
            int take = Math.min(len, MAX_MODINFO + 32 - n);
            if (n + take > data.length) data = Arrays.copyOf(data, Math.max(n + take, data.length * 2));
            System.arraycopy(b, off, data, n, take);
            int searchFrom = Math.max(16, n - 15);
            n += take;
            for (int i = searchFrom; i + 16 <= n; i++) {
                if (data[i] == MODINFO_END[0] && startsWith(data, i, n, MODINFO_END)) {
                    n = i + 16;
                    complete = true;
                    data = Arrays.copyOf(data, n);
                    return false;
                }
            }
            if (n >= MAX_MODINFO + 32) {
                overflow = true;
                data = null;
                return false;
            }
            return true;
        }

        boolean complete() {
            return complete && !overflow;
        }

        int length() {
            return n;
        }

        String text() {
            return unframe(data, 0, n);
        }
    }

    static boolean startsWith(byte[] b, int at, int limit, byte[] prefix) {
        if (at + prefix.length > limit) return false;
        for (int k = 0; k < prefix.length; k++) if (b[at + k] != prefix[k]) return false;
        return true;
    }

    private static byte[] hex(String s) {
        byte[] out = new byte[s.length() / 2];
        for (int i = 0; i < out.length; i++) out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
        return out;
    }
}
