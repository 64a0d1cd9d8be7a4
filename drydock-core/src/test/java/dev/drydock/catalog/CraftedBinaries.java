package dev.drydock.catalog;

import dev.drydock.catalog.binary.TestElf;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.zip.Deflater;

/** Hand-made ELF programs with Go build info or cargo-auditable data, for layouts and lies no toolchain here makes. */
final class CraftedBinaries {
    static final byte[] MAGIC = "\u00ff Go buildinf:".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] START = HexFormat.of().parseHex("3077af0c9274080241e1c107e6d618e6");
    static final byte[] END = HexFormat.of().parseHex("f932433186182072008242104116d8f2");
    static final String MODINFO = "path\texample.com/tool\nmod\texample.com/tool\tv1.2.3\th1:abc=\n"
            + "dep\tgolang.org/x/net\tv0.0.1\th1:old=\n=>\tgolang.org/x/net\tv0.23.0\th1:new=\n"
            + "dep\tgithub.com/pkg/errors\tv0.9.1\th1:err=\n";

    static final long DATA = 0x2000;   // file offset of the writable segment
    static final long RODATA = 0x1000; // file offset of the read-only segment
    static final long BASE = 0x400000; // virtual address of file offset 0

    private CraftedBinaries() {
    }

    static byte[] framed(String modinfo) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(START);
        out.writeBytes(modinfo.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(END);
        return out.toByteArray();
    }

    static byte[] uvarint(long v) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (v >= 0x80) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
        return out.toByteArray();
    }

    /** The Go 1.18+ header with inline strings, followed by {@code tail} (varints and strings, possibly lying). */
    static byte[] inlineHeader(int ptrSize, byte[] tail) {
        byte[] out = new byte[32 + tail.length];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[14] = (byte) ptrSize;
        out[15] = 2;
        System.arraycopy(tail, 0, out, 32, tail.length);
        return out;
    }

    static byte[] inlineStrings(String version, byte[] modinfo) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] v = version.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(uvarint(v.length));
        out.writeBytes(v);
        out.writeBytes(uvarint(modinfo.length));
        out.writeBytes(modinfo);
        return out.toByteArray();
    }

    /**
     * A Go program whose writable segment holds {@code buildInfo} at its start and is
     * {@code dataSize} bytes long in the file, with a .go.buildinfo section over it.
     */
    static TestElf inlineGo(boolean is64, boolean be, byte[] buildInfo, long dataSize) {
        TestElf elf = new TestElf(is64, be);
        elf.put(DATA, buildInfo);
        elf.load(TestElf.PF_R | TestElf.PF_W, DATA, BASE + DATA, dataSize);
        elf.section(".go.buildinfo", TestElf.SHT_PROGBITS, TestElf.SHF_ALLOC | TestElf.SHF_WRITE, BASE + DATA, DATA, buildInfo.length);
        return elf;
    }

    /**
     * A Go 1.13–1.17 style program: the version and framed module text in read-only data, their
     * string headers in writable data after the build info header, which points at the headers.
     * {@code versionPointer} lets a test make the header point elsewhere.
     */
    static TestElf pointerGo(boolean is64, boolean be, String version, String modinfo, boolean goNote, Long versionPointer) {
        TestElf elf = new TestElf(is64, be);
        int ps = is64 ? 8 : 4;
        byte[] v = version.getBytes(StandardCharsets.US_ASCII);
        byte[] m = framed(modinfo);
        // Read-only data: unrelated bytes, the version, more bytes, the module text.
        byte[] ro = new byte[0x800];
        byte[] noise = "runtime error: go1 is not a version; devel notes".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(noise, 0, ro, 0x10, noise.length);
        System.arraycopy(v, 0, ro, 0x100, v.length);
        System.arraycopy(m, 0, ro, 0x200, m.length);
        elf.put(RODATA, ro);
        elf.load(TestElf.PF_R, RODATA, BASE + RODATA, ro.length);
        // Writable data: build info header (32 bytes), then the two string headers.
        byte[] rw = new byte[0x100];
        System.arraycopy(MAGIC, 0, rw, 0, MAGIC.length);
        rw[14] = (byte) ps;
        rw[15] = (byte) (be ? 1 : 0);
        long versionHeader = BASE + DATA + 0x40, modHeader = BASE + DATA + 0x40 + 2L * ps;
        System.arraycopy(elf.word(versionPointer != null ? versionPointer : versionHeader), 0, rw, 16, ps);
        System.arraycopy(elf.word(modHeader), 0, rw, 16 + ps, ps);
        System.arraycopy(elf.word(BASE + RODATA + 0x100), 0, rw, 0x40, ps);
        System.arraycopy(elf.word(v.length), 0, rw, 0x40 + ps, ps);
        System.arraycopy(elf.word(BASE + RODATA + 0x200), 0, rw, 0x40 + 2 * ps, ps);
        System.arraycopy(elf.word(m.length), 0, rw, 0x40 + 3 * ps, ps);
        elf.put(DATA, rw);
        elf.load(TestElf.PF_R | TestElf.PF_W, DATA, BASE + DATA, rw.length);
        if (goNote) elf.goNote(0x800);
        elf.section(".rodata", TestElf.SHT_PROGBITS, TestElf.SHF_ALLOC, BASE + RODATA, RODATA, ro.length);
        elf.section(".go.buildinfo", TestElf.SHT_PROGBITS, TestElf.SHF_ALLOC | TestElf.SHF_WRITE, BASE + DATA, DATA, 32);
        elf.section(".data", TestElf.SHT_PROGBITS, TestElf.SHF_ALLOC | TestElf.SHF_WRITE, BASE + DATA + 32, DATA + 32, rw.length - 32);
        return elf;
    }

    static byte[] zlib(byte[] data) {
        Deflater d = new Deflater(7);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    /** A program with a non-allocated .dep-v0 section holding {@code section} after a small code segment. */
    static TestElf rust(byte[] section) {
        TestElf elf = new TestElf(true, false);
        elf.put(0x1000, new byte[]{(byte) 0xc3});
        elf.load(TestElf.PF_R | TestElf.PF_X, 0x1000, BASE + 0x1000, 1);
        elf.put(0x1100, section);
        elf.section(".text", TestElf.SHT_PROGBITS, TestElf.SHF_ALLOC | TestElf.SHF_EXECINSTR, BASE + 0x1000, 0x1000, 1);
        elf.section(".dep-v0", TestElf.SHT_PROGBITS, 0, 0, 0x1100, section.length);
        return elf;
    }
}
