package dev.drydock.catalog.binary;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Reads an ELF file once, front to back, from a stream that cannot seek, in bounded memory.
 *
 * <p>The ELF and program headers are at the start, so the file's layout is known before its body
 * passes; the section header table is usually at the very end. The body streams through a
 * 64 KiB window, and {@link Scanner}s look in it for the structures they know by content (Go's
 * build info magic, a zlib stream of cargo-auditable JSON); to read more than the window they
 * {@link #follow} the stream from an offset with a {@link Capture}. The section headers and their
 * name table are captured the same way, so that, at the end, scanners can check what they found
 * against the named sections. Nothing else is kept: a 500 MB binary costs the window, the
 * section table and whatever the scanners keep (each bounds its own).
 *
 * <p>Headers that contradict the file (segments or sections beyond its end, overlapping sections,
 * absurd counts) reject the file with a message: a binary that lies about its own structure is
 * not trusted for its contents either.
 */
public final class ElfStream {
    /** Bytes read per step. */
    static final int CHUNK = 64 << 10;
    /** Bytes a scanner may read past a position it examines; carried over between windows. */
    public static final int LOOKAHEAD = 1024;
    /** Bytes kept before the section header table, where linkers put the section name table. */
    static final int NAME_TAIL = 64 << 10;
    /** More sections or segments than this is not a real executable. */
    static final int MAX_SECTIONS = 4096;
    static final int MAX_SEGMENTS = 256;
    private static final int NT_GO_BUILD_ID = 4;

    /** Looks for one kind of embedded data as the file streams past. */
    public interface Scanner {
        /** Called once the layout is known, before any window. */
        default void begin(ElfLayout layout, ElfStream stream) {
        }

        /** Examines positions {@code [0, w.scanEnd())} of the window; each file position is offered exactly once. */
        void scan(Window w);

        /** Called after the whole file passed; {@code sections} is null when the file has no section headers. */
        void end(ElfLayout layout, SectionTable sections);

        /** Releases native resources; called whatever happened. */
        default void close() {
        }
    }

    /**
     * Bytes {@code buf[0, limit)} are the file's bytes from offset {@code base}; positions up to
     * {@code scanEnd} are new to scanners, and at least {@link #LOOKAHEAD} bytes follow each of
     * them unless the file ends first.
     */
    public record Window(byte[] buf, long base, int scanEnd, int limit) {
        public long offset(int index) {
            return base + index;
        }
    }

    /** Receives the file's bytes from one offset onward. */
    public interface Capture {
        /** @return false once it needs no more bytes */
        boolean accept(long offset, byte[] b, int off, int len);

        /** The file ended, or its bytes had already passed, before the capture was satisfied. */
        default void incomplete() {
        }
    }

    /** How reading went. */
    public sealed interface Outcome {
    }

    /** Not an ELF program: nothing to say about it. */
    public record NotElf() implements Outcome {
    }

    /** An ELF file that contradicts itself; skipped with this reason. */
    public record Rejected(String reason) implements Outcome {
    }

    /** Read to the end; the scanners have their results. */
    public record Done(ElfLayout layout, SectionTable sections) implements Outcome {
    }

    private static final class Active {
        final Capture capture;
        long next;
        boolean done;

        Active(Capture capture, long next) {
            this.capture = capture;
            this.next = next;
        }
    }

    private final List<Active> captures = new ArrayList<>();
    private long base;
    private int limit;

    private ElfStream() {
    }

    /**
     * Hands {@code c} the bytes from {@code offset} onward, as far as the stream has them: the current
     * window's from that offset, then each new window's.
     */
    public void follow(long offset, Capture c) {
        captures.add(new Active(c, offset));
    }

    /**
     * Reads {@code in} (a file of {@code size} bytes) through the scanners. Reads only 4 bytes of a
     * file that is not ELF; otherwise reads it to the end.
     */
    public static Outcome read(InputStream in, long size, List<? extends Scanner> scanners) throws IOException {
        try {
            return new ElfStream().run(in, size, scanners);
        } finally {
            for (Scanner s : scanners) s.close();
        }
    }

    private Outcome run(InputStream in, long size, List<? extends Scanner> scanners) throws IOException {
        if (size < 52) return new NotElf();
        byte[] buf = new byte[(int) Math.min(CHUNK + LOOKAHEAD, size)];
        int n = in.readNBytes(buf, 0, 4);
        if (!ElfHeader.hasMagic(buf, n)) return new NotElf();
        int head = (int) Math.min(CHUNK, size);
        n += in.readNBytes(buf, 4, head - 4);
        if (n < head) return new Rejected("file ends after " + n + " of " + size + " bytes");
        ElfLayout layout;
        SectionCapture sectionCapture;
        try {
            ElfHeader h = ElfHeader.parse(buf, n);
            if (!h.isProgram()) return new NotElf();
            layout = layout(h, buf, n, size);
            sectionCapture = sectionCapture(h, size);
        } catch (ElfFormatException e) {
            return new Rejected(e.getMessage());
        }
        for (Scanner s : scanners) s.begin(layout, this);

        base = 0;
        limit = n;
        while (true) {
            boolean last = base + limit >= size;
            int scanEnd = last ? limit : limit - LOOKAHEAD;
            Window w = new Window(buf, base, scanEnd, limit);
            for (Scanner s : scanners) s.scan(w);
            feed(buf);
            if (last) break;
            // Keep the lookahead: those positions are scanned next time, with their own lookahead.
            System.arraycopy(buf, limit - LOOKAHEAD, buf, 0, LOOKAHEAD);
            base += limit - LOOKAHEAD;
            int want = (int) Math.min(buf.length - LOOKAHEAD, size - (base + LOOKAHEAD));
            int got = in.readNBytes(buf, LOOKAHEAD, want);
            limit = LOOKAHEAD + got;
            if (got < want) return new Rejected("file ends after " + (base + limit) + " of " + size + " bytes");
        }
        for (Active a : captures) if (!a.done) a.capture.incomplete();

        SectionTable sections = null;
        if (sectionCapture != null) {
            try {
                sections = sectionCapture.table(layout, size);
            } catch (ElfFormatException e) {
                return new Rejected(e.getMessage());
            }
        }
        for (Scanner s : scanners) s.end(layout, sections);
        return new Done(layout, sections);
    }

    /** Feeds the window's bytes to every capture that wants them, including ones added meanwhile. */
    private void feed(byte[] buf) {
        for (int i = 0; i < captures.size(); i++) {
            Active a = captures.get(i);
            if (a.done) continue;
            if (a.next < base) {
                a.done = true;
                a.capture.incomplete();
                continue;
            }
            if (a.next >= base + limit) continue;
            int from = (int) (a.next - base);
            long offset = a.next;
            a.next = base + limit;
            if (!a.capture.accept(offset, buf, from, limit - from)) a.done = true;
        }
        captures.removeIf(a -> a.done);
    }

    private ElfLayout layout(ElfHeader h, byte[] b, int n, long size) throws ElfFormatException {
        List<Segment> loads = new ArrayList<>();
        boolean goNote = false;
        if (h.phnum() > 0) {
            int entry = h.is64() ? 56 : 32;
            if (h.phentsize() < entry) throw new ElfFormatException("program header entries of " + h.phentsize() + " bytes are too small");
            if (h.phnum() > MAX_SEGMENTS) throw new ElfFormatException(h.phnum() + " program headers is more than an executable has");
            if (!ElfBytes.within(h.phoff(), (long) h.phnum() * h.phentsize(), n)) {
                throw new ElfFormatException("program headers lie outside the first " + n + " bytes");
            }
            for (int i = 0; i < h.phnum(); i++) {
                Segment s = Segment.parse(b, (int) h.phoff() + i * h.phentsize(), h.is64(), h.bigEndian());
                if (s.isLoad() || s.type() == Segment.PT_NOTE) {
                    if (!ElfBytes.within(s.offset(), s.filesz(), size)) {
                        throw new ElfFormatException("program header " + i + " claims bytes beyond the end of the file");
                    }
                }
                if (s.isLoad() && s.filesz() > 0) loads.add(s);
                if (s.type() == Segment.PT_NOTE && ElfBytes.within(s.offset(), s.filesz(), n)) {
                    goNote |= hasGoNote(b, (int) s.offset(), (int) s.filesz(), h.bigEndian());
                }
            }
        }
        return new ElfLayout(h, size, loads, goNote);
    }

    /** Whether a note segment holds the Go toolchain's build ID note (owner "Go"). */
    private static boolean hasGoNote(byte[] b, int at, int length, boolean be) {
        int end = at + length;
        for (int guard = 0; guard < 64 && at + 12 <= end; guard++) {
            long namesz = ElfBytes.u32(b, at, be), descsz = ElfBytes.u32(b, at + 4, be), type = ElfBytes.u32(b, at + 8, be);
            long name = at + 12, desc = name + ((namesz + 3) & ~3L), next = desc + ((descsz + 3) & ~3L);
            if (namesz > length || descsz > length || next > end) return false;
            if (type == NT_GO_BUILD_ID && namesz >= 3 && namesz <= 4
                    && new String(b, (int) name, 2, StandardCharsets.ISO_8859_1).equals("Go") && b[(int) name + 2] == 0) {
                return true;
            }
            at = (int) next;
        }
        return false;
    }

    private SectionCapture sectionCapture(ElfHeader h, long size) throws ElfFormatException {
        if (h.shnum() == 0) {
            if (h.shoff() != 0) throw new ElfFormatException("extended section numbering is not supported");
            return null;
        }
        int entry = h.is64() ? 64 : 40;
        if (h.shentsize() != entry) throw new ElfFormatException("section header entries of " + h.shentsize() + " bytes (expected " + entry + ")");
        if (h.shnum() > MAX_SECTIONS) throw new ElfFormatException(h.shnum() + " sections is more than an executable has");
        long length = (long) h.shnum() * h.shentsize();
        if (!ElfBytes.within(h.shoff(), length, size)) throw new ElfFormatException("section header table lies beyond the end of the file");
        SectionCapture c = new SectionCapture(h);
        follow(h.shoff(), c.table);
        long tail = Math.max(0, h.shoff() - NAME_TAIL);
        follow(tail, c.tail = new Bytes(tail, (int) (h.shoff() - tail)));
        return c;
    }

    /** A fixed range of the file, kept whole. */
    static final class Bytes implements Capture {
        final long start;
        final byte[] data;
        int filled;
        Runnable whenComplete = () -> {
        };

        Bytes(long start, int length) {
            this.start = start;
            this.data = new byte[length];
        }

        @Override
        public boolean accept(long offset, byte[] b, int off, int len) {
            int pos = (int) (offset - start);
            int n = Math.min(len, data.length - pos);
            System.arraycopy(b, off, data, pos, n);
            filled = pos + n;
            if (filled < data.length) return true;
            whenComplete.run();
            return false;
        }

        boolean complete() {
            return filled == data.length;
        }

        boolean holds(long offset, long length) {
            return complete() && offset >= start && length >= 0 && offset - start <= data.length - length;
        }
    }

    /** The section header table, the bytes before it, and the name table if it lies after the table. */
    private final class SectionCapture {
        final ElfHeader h;
        final Bytes table;
        Bytes tail;
        Bytes names;

        SectionCapture(ElfHeader h) {
            this.h = h;
            this.table = new Bytes(h.shoff(), h.shnum() * h.shentsize());
            table.whenComplete = this::namesAfterTable;
        }

        /** Rare layouts put the name table after the header table: follow it while it is still ahead. */
        private void namesAfterTable() {
            Section s = nameSection();
            if (s != null && s.offset() >= h.shoff() && s.size() <= NAME_TAIL) {
                follow(s.offset(), names = new Bytes(s.offset(), (int) s.size()));
            }
        }

        private Section nameSection() {
            if (h.shstrndx() == 0 || h.shstrndx() >= h.shnum()) return null;
            return entry(h.shstrndx(), null);
        }

        private Section entry(int i, String name) {
            byte[] b = table.data;
            int at = i * h.shentsize();
            boolean be = h.bigEndian();
            if (h.is64()) {
                return new Section(i, name, (int) ElfBytes.u32(b, at + 4, be), ElfBytes.u64(b, at + 8, be),
                        ElfBytes.u64(b, at + 24, be), ElfBytes.u64(b, at + 32, be));
            }
            return new Section(i, name, (int) ElfBytes.u32(b, at + 4, be), ElfBytes.u32(b, at + 8, be),
                    ElfBytes.u32(b, at + 16, be), ElfBytes.u32(b, at + 20, be));
        }

        SectionTable table(ElfLayout layout, long size) throws ElfFormatException {
            if (!table.complete()) throw new ElfFormatException("section header table is truncated");
            Section nameSection = nameSection();
            byte[] nameBytes = null;
            if (nameSection != null && ElfBytes.within(nameSection.offset(), nameSection.size(), size)) {
                if (tail.holds(nameSection.offset(), nameSection.size())) {
                    int from = (int) (nameSection.offset() - tail.start);
                    nameBytes = Arrays.copyOfRange(tail.data, from, from + (int) nameSection.size());
                } else if (names != null && names.complete()) {
                    nameBytes = names.data;
                }
            }
            List<Section> out = new ArrayList<>(h.shnum());
            byte[] b = table.data;
            boolean be = h.bigEndian();
            for (int i = 0; i < h.shnum(); i++) {
                long nameOffset = ElfBytes.u32(b, i * h.shentsize(), be);
                out.add(entry(i, nameBytes == null ? null : name(nameBytes, nameOffset)));
            }
            check(out, size);
            return new SectionTable(out, nameBytes != null);
        }

        /** Rejects sections beyond the file, overlapping each other or the section header table. */
        private void check(List<Section> sections, long size) throws ElfFormatException {
            List<Section> present = new ArrayList<>();
            for (Section s : sections) {
                if (!s.hasFileBytes()) continue;
                if (!ElfBytes.within(s.offset(), s.size(), size)) {
                    throw new ElfFormatException("section " + describe(s) + " claims bytes beyond the end of the file");
                }
                present.add(s);
            }
            long tableEnd = h.shoff() + (long) h.shnum() * h.shentsize();
            present.add(new Section(-1, "(section header table)", 1, 0, h.shoff(), tableEnd - h.shoff()));
            present.sort(Comparator.comparingLong(Section::offset));
            for (int i = 1; i < present.size(); i++) {
                Section a = present.get(i - 1), s = present.get(i);
                if (s.offset() < a.offset() + a.size()) {
                    throw new ElfFormatException("sections " + describe(a) + " and " + describe(s) + " overlap");
                }
            }
        }
    }

    private static String describe(Section s) {
        return s.index() < 0 ? s.name() : s.name() == null ? "#" + s.index() : s.name();
    }

    /** A NUL-terminated name, or null when the offset or the text is not a plausible section name. */
    private static String name(byte[] names, long offset) {
        if (offset < 0 || offset >= names.length) return null;
        int end = (int) offset;
        while (end < names.length && names[end] != 0 && end - offset < 256) end++;
        if (end >= names.length || names[end] != 0) return null;
        for (int i = (int) offset; i < end; i++) if (names[i] < 0x21 || names[i] > 0x7e) return null;
        return new String(names, (int) offset, end - (int) offset, StandardCharsets.US_ASCII);
    }
}
