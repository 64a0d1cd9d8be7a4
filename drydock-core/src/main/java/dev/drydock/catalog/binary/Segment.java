package dev.drydock.catalog.binary;

/**
 * One program header (what the loader maps): where its bytes are in the file and in memory.
 *
 * @param flags PF_X 1, PF_W 2, PF_R 4
 */
public record Segment(int type, int flags, long offset, long vaddr, long filesz, long memsz) {
    static final int PT_LOAD = 1;
    static final int PT_NOTE = 4;
    static final int PF_X = 1;
    static final int PF_W = 2;

    boolean isLoad() {
        return type == PT_LOAD;
    }

    boolean executable() {
        return (flags & PF_X) != 0;
    }

    boolean writable() {
        return (flags & PF_W) != 0;
    }

    long fileEnd() {
        return offset + filesz;
    }

    static Segment parse(byte[] b, int at, boolean is64, boolean be) {
        if (is64) {
            return new Segment((int) ElfBytes.u32(b, at, be), (int) ElfBytes.u32(b, at + 4, be),
                    ElfBytes.u64(b, at + 8, be), ElfBytes.u64(b, at + 16, be), ElfBytes.u64(b, at + 32, be), ElfBytes.u64(b, at + 40, be));
        }
        return new Segment((int) ElfBytes.u32(b, at, be), (int) ElfBytes.u32(b, at + 24, be),
                ElfBytes.u32(b, at + 4, be), ElfBytes.u32(b, at + 8, be), ElfBytes.u32(b, at + 16, be), ElfBytes.u32(b, at + 20, be));
    }
}
