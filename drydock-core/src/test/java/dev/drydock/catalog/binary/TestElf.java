package dev.drydock.catalog.binary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds small ELF files by hand for the cases real toolchains do not produce (lying headers,
 * truncated or hostile build info) and for layouts no toolchain here can make. Contents are placed
 * at chosen file offsets; the section name table and section header table go after them, as
 * linkers put them.
 */
public final class TestElf {
    public static final int PF_X = 1, PF_W = 2, PF_R = 4;
    public static final int SHT_PROGBITS = 1, SHT_NOBITS = 8;
    public static final long SHF_WRITE = 1, SHF_ALLOC = 2, SHF_EXECINSTR = 4;

    private record Seg(int type, int flags, long offset, long vaddr, long filesz, long memsz) {
    }

    private record Sec(String name, int type, long flags, long addr, long offset, long size) {
    }

    private final boolean is64;
    private final boolean be;
    private final List<Seg> segs = new ArrayList<>();
    private final List<Sec> secs = new ArrayList<>();
    private byte[] body = new byte[0];
    private boolean sectionHeaders = true;

    public TestElf(boolean is64, boolean bigEndian) {
        this.is64 = is64;
        this.be = bigEndian;
    }

    public boolean is64() {
        return is64;
    }

    public boolean bigEndian() {
        return be;
    }

    /** Places bytes at a file offset (past the headers, which take the first 0x400 bytes). */
    public TestElf put(long offset, byte[] data) {
        int end = (int) offset + data.length;
        if (end > body.length) body = Arrays.copyOf(body, end);
        System.arraycopy(data, 0, body, (int) offset, data.length);
        return this;
    }

    public TestElf load(int flags, long offset, long vaddr, long filesz) {
        segs.add(new Seg(1, flags, offset, vaddr, filesz, filesz));
        if (offset + filesz > body.length) body = Arrays.copyOf(body, (int) (offset + filesz));
        return this;
    }

    /** A PT_NOTE segment at {@code offset} holding the Go toolchain's build ID note. */
    public TestElf goNote(long offset) {
        byte[] id = "fake-build-id".getBytes(StandardCharsets.US_ASCII);
        byte[] note = new byte[12 + 4 + ((id.length + 3) & ~3)];
        u32(note, 0, 4);
        u32(note, 4, id.length);
        u32(note, 8, 4);
        note[12] = 'G';
        note[13] = 'o';
        System.arraycopy(id, 0, note, 16, id.length);
        put(offset, note);
        segs.add(new Seg(4, PF_R, offset, 0x400000 + offset, note.length, note.length));
        return this;
    }

    public TestElf section(String name, int type, long flags, long addr, long offset, long size) {
        secs.add(new Sec(name, type, flags, addr, offset, size));
        return this;
    }

    public TestElf withoutSectionHeaders() {
        sectionHeaders = false;
        return this;
    }

    public byte[] build() {
        int ehsize = is64 ? 64 : 52, phentsize = is64 ? 56 : 32, shentsize = is64 ? 64 : 40;
        if (ehsize + segs.size() * phentsize > 0x400) throw new IllegalStateException("too many segments");
        ByteArrayOutputStream names = new ByteArrayOutputStream();
        names.write(0);
        List<Integer> nameOffsets = new ArrayList<>();
        List<Sec> all = new ArrayList<>();
        all.add(new Sec("", 0, 0, 0, 0, 0));
        all.addAll(secs);
        int shstrndx = all.size();
        for (Sec s : all) {
            if (s.name().isEmpty()) {
                nameOffsets.add(0);
                continue;
            }
            nameOffsets.add(names.size());
            names.writeBytes(s.name().getBytes(StandardCharsets.US_ASCII));
            names.write(0);
        }
        nameOffsets.add(names.size());
        names.writeBytes(".shstrtab\0".getBytes(StandardCharsets.US_ASCII));
        int bodyEnd = Math.max(0x400, body.length);
        int namesOffset = bodyEnd;
        int shoff = (namesOffset + names.size() + 7) & ~7;
        int shnum = all.size() + 1;
        int total = sectionHeaders ? shoff + shnum * shentsize : bodyEnd;
        byte[] out = new byte[total];
        System.arraycopy(body, 0, out, 0, body.length);
        // ELF header
        out[0] = 0x7f;
        out[1] = 'E';
        out[2] = 'L';
        out[3] = 'F';
        out[4] = (byte) (is64 ? 2 : 1);
        out[5] = (byte) (be ? 2 : 1);
        out[6] = 1;
        u16(out, 16, 2);
        u16(out, 18, is64 ? 62 : 8);
        u32(out, 20, 1);
        int at = is64 ? 32 : 28;
        word(out, at, ehsize);                     // e_phoff
        word(out, at + (is64 ? 8 : 4), sectionHeaders ? shoff : 0); // e_shoff
        int rest = is64 ? 52 : 40;
        u16(out, rest, ehsize);
        u16(out, rest + 2, phentsize);
        u16(out, rest + 4, segs.size());
        u16(out, rest + 6, shentsize);
        u16(out, rest + 8, sectionHeaders ? shnum : 0);
        u16(out, rest + 10, sectionHeaders ? shstrndx : 0);
        for (int i = 0; i < segs.size(); i++) {
            Seg s = segs.get(i);
            int p = ehsize + i * phentsize;
            u32(out, p, s.type());
            if (is64) {
                u32(out, p + 4, s.flags());
                u64(out, p + 8, s.offset());
                u64(out, p + 16, s.vaddr());
                u64(out, p + 24, s.vaddr());
                u64(out, p + 32, s.filesz());
                u64(out, p + 40, s.memsz());
                u64(out, p + 48, 0x1000);
            } else {
                u32(out, p + 4, s.offset());
                u32(out, p + 8, s.vaddr());
                u32(out, p + 12, s.vaddr());
                u32(out, p + 16, s.filesz());
                u32(out, p + 20, s.memsz());
                u32(out, p + 24, s.flags());
                u32(out, p + 28, 0x1000);
            }
        }
        if (!sectionHeaders) return out;
        System.arraycopy(names.toByteArray(), 0, out, namesOffset, names.size());
        all.add(new Sec(".shstrtab", 3, 0, 0, namesOffset, names.size()));
        for (int i = 0; i < all.size(); i++) {
            Sec s = all.get(i);
            int p = shoff + i * shentsize;
            u32(out, p, nameOffsets.get(i));
            u32(out, p + 4, s.type());
            if (is64) {
                u64(out, p + 8, s.flags());
                u64(out, p + 16, s.addr());
                u64(out, p + 24, s.offset());
                u64(out, p + 32, s.size());
            } else {
                u32(out, p + 8, s.flags());
                u32(out, p + 12, s.addr());
                u32(out, p + 16, s.offset());
                u32(out, p + 20, s.size());
            }
        }
        return out;
    }

    /** A pointer-sized word in this file's byte order. */
    public byte[] word(long value) {
        byte[] b = new byte[is64 ? 8 : 4];
        word(b, 0, value);
        return b;
    }

    private void word(byte[] b, int at, long v) {
        if (is64) u64(b, at, v);
        else u32(b, at, v);
    }

    public void u16(byte[] b, int at, long v) {
        put(b, at, v, 2);
    }

    public void u32(byte[] b, int at, long v) {
        put(b, at, v, 4);
    }

    public void u64(byte[] b, int at, long v) {
        put(b, at, v, 8);
    }

    private void put(byte[] b, int at, long v, int n) {
        for (int i = 0; i < n; i++) {
            int shift = 8 * (be ? n - 1 - i : i);
            b[at + i] = (byte) (v >>> shift);
        }
    }

    /** Offsets of ELF header fields, for tests that make a header lie. */
    public static int shoffField(boolean is64) {
        return is64 ? 40 : 32;
    }

    public static int shnumField(boolean is64) {
        return is64 ? 60 : 48;
    }

    public static int phnumField(boolean is64) {
        return is64 ? 56 : 44;
    }
}
