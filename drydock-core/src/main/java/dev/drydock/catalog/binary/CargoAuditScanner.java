package dev.drydock.catalog.binary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Finds the dependency list that cargo-auditable embeds in Rust binaries: zlib-compressed JSON in a
 * section named {@code .dep-v0}.
 *
 * <p>Section names are only known once the section headers pass, at the end of the file, while
 * recent cargo-auditable versions put the section outside every loadable segment, before those
 * headers, and older ones inside read-only data. So the data is recognised by content as it streams
 * past (a zlib header whose first decoded bytes open a JSON object with {@code "packages"} or
 * {@code "format"}, outside code segments), inflated as it passes, and checked at the end against
 * the section table: it must start a section, named {@code .dep-v0} when names could be read, and
 * lie within that section.
 *
 * <p>Inflated output is bounded ({@link #MAX_JSON}, the format's own recommendation); a stream that
 * inflates past it is reported as a decompression bomb and dropped.
 */
public final class CargoAuditScanner implements ElfStream.Scanner {
    public static final String SECTION = ".dep-v0";
    /** cargo-auditable's documentation: 8 MiB is more than any real dependency list needs. */
    public static final int MAX_JSON = 8 << 20;
    /** Bytes of inflated output that identify the data. */
    private static final int PROBE = 32;
    private static final int MAX_STREAMS = 4;

    private ElfLayout layout;
    private ElfStream stream;
    private final DeflatePrefix prefix = new DeflatePrefix();
    private final byte[] probeOut = new byte[PROBE];
    private final List<Stream> streams = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private byte[] result;

    /** The inflated JSON, if found and intact; call after the stream was read. */
    public Optional<byte[]> result() {
        return Optional.ofNullable(result);
    }

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
        layout.forEachRange(w.base(), w.base() + w.scanEnd(), ElfLayout.READ_ONLY | ElfLayout.WRITABLE | ElfLayout.UNMAPPED, (a, b) -> {
            byte[] buf = w.buf();
            int end = (int) (b - w.base());
            for (int i = (int) (a - w.base()); i < end; i++) {
                // zlib header: deflate with a 32 KiB window, no preset dictionary, check bits valid.
                if (buf[i] != 0x78 || i + 3 > w.limit()) continue;
                int flg = buf[i + 1] & 0xff;
                if ((0x7800 | flg) % 31 != 0 || (flg & 0x20) != 0) continue;
                // First deflate block: compressed JSON is never stored (00), and 11 is invalid.
                int btype = (buf[i + 2] >> 1) & 3;
                if (btype != 1 && btype != 2) continue;
                if (looksLikeAuditData(buf, i, Math.min(w.limit(), i + ElfStream.LOOKAHEAD))) start(w.offset(i));
            }
        });
    }

    /** Decodes the first bytes: cheap, allocation-free, and decides before anything is kept. */
    private boolean looksLikeAuditData(byte[] b, int from, int to) {
        return opensAuditJson(probeOut, prefix.literals(b, from, to, probeOut));
    }

    /** {@code {"packages":} or {@code {"format":}, with any whitespace a JSON writer might put. */
    static boolean opensAuditJson(byte[] b, int n) {
        return opens(b, n, PACKAGES) || opens(b, n, FORMAT);
    }

    private static final byte[] PACKAGES = "{\"packages\":".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] FORMAT = "{\"format\":".getBytes(StandardCharsets.US_ASCII);

    /** Whether the first {@code n} bytes spell {@code expected}, skipping JSON whitespace. */
    private static boolean opens(byte[] b, int n, byte[] expected) {
        int k = 0;
        for (int i = 0; i < n && k < expected.length; i++) {
            byte c = b[i];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
            if (c != expected[k++]) return false;
        }
        return k == expected.length;
    }

    private void start(long offset) {
        if (streams.size() >= MAX_STREAMS) {
            if (streams.size() == MAX_STREAMS) problems.add("more than " + MAX_STREAMS + " candidate audit data streams; ignoring the rest");
            return;
        }
        Stream s = new Stream(offset);
        streams.add(s);
        stream.follow(offset, s);
    }

    @Override
    public void end(ElfLayout layout, SectionTable sections) {
        Stream chosen = null;
        if (sections == null) {
            chosen = streams.isEmpty() ? null : streams.get(0);
        } else {
            Section section = sections.named() ? sections.named(SECTION).orElse(null) : null;
            if (sections.named() && section == null) return;
            for (Stream s : streams) {
                Section at = sections.startingAt(s.start).orElse(null);
                if (at != null && (section == null || at.index() == section.index())) {
                    chosen = s;
                    section = at;
                    break;
                }
            }
            if (chosen == null) {
                if (section != null) problems.add("section " + SECTION + " does not hold zlib-compressed audit data");
                return;
            }
            if (chosen.done && chosen.consumed > section.size()) {
                problems.add("audit data runs past the end of section " + SECTION);
                return;
            }
        }
        if (chosen == null) return;
        if (chosen.problem != null) {
            problems.add(chosen.problem);
            return;
        }
        if (!chosen.done) {
            problems.add("audit data is cut off by the end of the file");
            return;
        }
        result = Arrays.copyOf(chosen.out, chosen.n);
    }

    @Override
    public void close() {
        for (Stream s : streams) s.release();
    }

    /** One zlib stream inflated as the file passes, into at most {@link #MAX_JSON} bytes. */
    private static final class Stream implements ElfStream.Capture {
        final long start;
        Inflater inflater = new Inflater();
        byte[] out = new byte[4096];
        int n;
        long consumed;
        boolean done;
        String problem;

        Stream(long start) {
            this.start = start;
        }

        @Override
        public boolean accept(long offset, byte[] b, int off, int len) {
            inflater.setInput(b, off, len);
            try {
                while (!inflater.finished()) {
                    if (n == out.length) {
                        if (out.length >= MAX_JSON) {
                            fail("audit data inflates to more than " + MAX_JSON + " bytes (a decompression bomb?)");
                            return false;
                        }
                        out = Arrays.copyOf(out, Math.min(MAX_JSON, out.length * 2));
                    }
                    int got = inflater.inflate(out, n, out.length - n);
                    n += got;
                    if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) break;
                }
            } catch (DataFormatException e) {
                fail("audit data is not a valid zlib stream");
                return false;
            }
            if (inflater.finished()) {
                consumed = inflater.getBytesRead();
                done = true;
                release();
                return false;
            }
            return true;
        }

        @Override
        public void incomplete() {
            release();
        }

        private void fail(String why) {
            problem = why;
            out = null;
            release();
        }

        void release() {
            if (inflater != null) {
                inflater.end();
                inflater = null;
            }
        }
    }
}
