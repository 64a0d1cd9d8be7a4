package dev.drydock.catalog.binary;

/**
 * The fields of an ELF file header that locate everything else.
 *
 * @param is64      ELFCLASS64 (else ELFCLASS32): decides field widths and the pointer size
 * @param bigEndian ELFDATA2MSB
 * @param type      e_type (2 executable, 3 shared object / position-independent executable)
 */
public record ElfHeader(boolean is64, boolean bigEndian, int type, int machine,
                        long phoff, int phentsize, int phnum,
                        long shoff, int shentsize, int shnum, int shstrndx) {

    /** Bytes an ELF file starts with. */
    static final byte[] MAGIC = {0x7f, 'E', 'L', 'F'};
    static final int ET_EXEC = 2;
    static final int ET_DYN = 3;
    /** e_phnum value meaning "the real count is elsewhere"; no executable needs it. */
    private static final int PN_XNUM = 0xffff;

    static boolean hasMagic(byte[] b, int length) {
        return length >= 4 && b[0] == MAGIC[0] && b[1] == MAGIC[1] && b[2] == MAGIC[2] && b[3] == MAGIC[3];
    }

    int headerSize() {
        return is64 ? 64 : 52;
    }

    int pointerSize() {
        return is64 ? 8 : 4;
    }

    /** Whether this is a program (not an object file or core dump): only programs carry build metadata. */
    boolean isProgram() {
        return type == ET_EXEC || type == ET_DYN;
    }

    /** Parses the header from the first {@code length} bytes of a file that starts with the ELF magic. */
    static ElfHeader parse(byte[] b, int length) throws ElfFormatException {
        if (length < 52) throw new ElfFormatException("ELF header is truncated");
        int cls = ElfBytes.u8(b, 4), data = ElfBytes.u8(b, 5);
        if (cls != 1 && cls != 2) throw new ElfFormatException("unknown ELF class " + cls);
        if (data != 1 && data != 2) throw new ElfFormatException("unknown ELF byte order " + data);
        boolean is64 = cls == 2, be = data == 2;
        if (is64 && length < 64) throw new ElfFormatException("ELF header is truncated");
        int type = ElfBytes.u16(b, 16, be);
        int machine = ElfBytes.u16(b, 18, be);
        long phoff, shoff;
        int at;
        if (is64) {
            phoff = ElfBytes.u64(b, 32, be);
            shoff = ElfBytes.u64(b, 40, be);
            at = 52;
        } else {
            phoff = ElfBytes.u32(b, 28, be);
            shoff = ElfBytes.u32(b, 32, be);
            at = 40;
        }
        int phentsize = ElfBytes.u16(b, at + 2, be);
        int phnum = ElfBytes.u16(b, at + 4, be);
        int shentsize = ElfBytes.u16(b, at + 6, be);
        int shnum = ElfBytes.u16(b, at + 8, be);
        int shstrndx = ElfBytes.u16(b, at + 10, be);
        if (phnum == PN_XNUM) throw new ElfFormatException("extended program header numbering is not supported");
        return new ElfHeader(is64, be, type, machine, phoff, phentsize, phnum, shoff, shentsize, shnum, shstrndx);
    }
}
