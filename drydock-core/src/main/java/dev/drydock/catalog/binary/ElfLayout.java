package dev.drydock.catalog.binary;

import java.util.ArrayList;
import java.util.List;

/**
 * What the start of an ELF file says about the rest: the header, the loadable segments, which file
 * ranges hold code, writable data, read-only data or nothing the loader maps, and how virtual
 * addresses map to file offsets. Everything here comes from the first bytes, so it is known before
 * the body streams past.
 */
public final class ElfLayout {
    /** File range kinds, combinable as a mask. */
    public static final int CODE = 1, WRITABLE = 2, READ_ONLY = 4, UNMAPPED = 8, ANY = 15;

    private final ElfHeader header;
    private final long size;
    private final List<Segment> loads;
    private final boolean goNote;
    private final long[] starts;
    private final int[] kinds;

    ElfLayout(ElfHeader header, long size, List<Segment> loads, boolean goNote) {
        this.header = header;
        this.size = size;
        this.loads = List.copyOf(loads);
        this.goNote = goNote;
        // Elementary intervals between every segment boundary, each with the strongest kind covering it.
        List<Long> cuts = new ArrayList<>();
        cuts.add(0L);
        cuts.add(size);
        for (Segment s : loads) {
            cuts.add(s.offset());
            cuts.add(s.fileEnd());
        }
        long[] sorted = cuts.stream().mapToLong(Long::longValue).sorted().distinct().filter(c -> c <= size).toArray();
        List<Long> st = new ArrayList<>();
        List<Integer> kd = new ArrayList<>();
        for (int i = 0; i + 1 < sorted.length; i++) {
            int k = kindOf(sorted[i]);
            if (!kd.isEmpty() && kd.get(kd.size() - 1) == k) continue;
            st.add(sorted[i]);
            kd.add(k);
        }
        this.starts = st.stream().mapToLong(Long::longValue).toArray();
        this.kinds = kd.stream().mapToInt(Integer::intValue).toArray();
    }

    private int kindOf(long offset) {
        int k = UNMAPPED;
        for (Segment s : loads) {
            if (offset < s.offset() || offset >= s.fileEnd()) continue;
            int sk = s.executable() ? CODE : s.writable() ? WRITABLE : READ_ONLY;
            if (k == UNMAPPED || sk < k) k = sk;
        }
        return k;
    }

    public ElfHeader header() {
        return header;
    }

    public long size() {
        return size;
    }

    public boolean bigEndian() {
        return header.bigEndian();
    }

    public int pointerSize() {
        return header.pointerSize();
    }

    /** Whether a Go build ID note was seen at the start: the binary was linked by the Go toolchain. */
    public boolean hasGoNote() {
        return goNote;
    }

    public List<Segment> loads() {
        return loads;
    }

    /** Receives one file range {@code [from, to)}. */
    public interface RangeConsumer {
        void range(long from, long to);
    }

    /** Calls {@code c} for each part of {@code [from, to)} whose kind is in {@code mask}, in file order. */
    public void forEachRange(long from, long to, int mask, RangeConsumer c) {
        if (from >= to) return;
        int lo = 0, hi = starts.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= from) lo = mid;
            else hi = mid - 1;
        }
        for (int i = lo; i < starts.length && starts[i] < to; i++) {
            long end = i + 1 < starts.length ? starts[i + 1] : size;
            long a = Math.max(from, starts[i]), b = Math.min(to, end);
            if (a < b && (kinds[i] & mask) != 0) c.range(a, b);
        }
    }

    /** File offset of virtual address {@code vaddr} when {@code length} bytes from it are in the file, else -1. */
    public long offsetOf(long vaddr, long length) {
        for (Segment s : loads) {
            if (Long.compareUnsigned(vaddr, s.vaddr()) < 0) continue;
            long delta = vaddr - s.vaddr();
            if (delta >= 0 && delta < s.filesz() && length <= s.filesz() - delta) return s.offset() + delta;
        }
        return -1;
    }

    /** Virtual address of file offset {@code offset}, or -1 when no loadable segment maps it. */
    public long vaddrOf(long offset) {
        for (Segment s : loads) {
            if (offset >= s.offset() && offset < s.fileEnd()) return s.vaddr() + (offset - s.offset());
        }
        return -1;
    }

    /** End of the loadable segment holding {@code offset} in the file, or the file size when none does. */
    public long segmentEnd(long offset) {
        for (Segment s : loads) {
            if (offset >= s.offset() && offset < s.fileEnd()) return s.fileEnd();
        }
        return size;
    }
}
