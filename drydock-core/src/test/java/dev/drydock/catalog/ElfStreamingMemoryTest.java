package dev.drydock.catalog;

import dev.drydock.catalog.binary.TestElf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A 512 MiB Go program streamed through both scanners: the build info sits after half a gigabyte of
 * read-only data, as in large real binaries, and is found while the analyzer allocates a small
 * amount: a fixed window, plus a little per position that looks like the start of something
 * (a zlib header, a version string) and is examined and dropped; nothing is kept in proportion to
 * the file. Random bytes (like embedded compressed assets) have the most such positions.
 */
class ElfStreamingMemoryTest {
    private static final long BULK = 512L << 20;
    private static final long DATA = 0x1000 + BULK;
    private static final long BASE = 0x400000;

    @ParameterizedTest
    @CsvSource({"text,8", "random,8"})
    void findsBuildInfoAfterHalfAGigabyteWithoutHoldingIt(String bulk, int maxMiB) {
        byte[] info = CraftedBinaries.inlineHeader(8, CraftedBinaries.inlineStrings("go1.22.3", CraftedBinaries.framed(CraftedBinaries.MODINFO)));
        Virtual file = new Virtual(info, bulk.equals("random"));
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        long started = System.nanoTime();
        BinaryFixtures.Run run = BinaryFixtures.run(new ElfBinaryAnalyzer(), "usr/bin/big", file, file.size);
        long seconds = System.nanoTime() - started;
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(run.warnings()).isEmpty();
        assertThat(run.coordinates()).contains("stdlib@1.22.3", "golang.org/x/net@v0.23.0");
        assertThat(run.bytesRead()).isEqualTo(file.size);
        assertThat(allocated).as("bytes allocated while streaming %d bytes", file.size).isLessThan((long) maxMiB << 20);
        System.out.printf("%s: streamed %d MiB in %.2f s, %d KiB allocated%n", bulk, file.size >> 20, seconds / 1e9, allocated >> 10);
    }

    /** Header, a Go build ID note, one huge read-only segment of pseudo-random bytes, then writable data with build info. */
    private static final class Virtual extends InputStream {
        final long size;
        private final byte[] head = new byte[0x1000];
        private final byte[] pattern = new byte[1 << 16];
        private final byte[] tail;
        private long pos;

        Virtual(byte[] buildInfo, boolean random) {
            if (random) {
                new Random(7).nextBytes(pattern);
            } else {
                // Read-only data as a Go linker writes it: symbol and type names, messages, paths.
                byte[] text = ("runtime.gopanic\0net/http.(*Server).Serve\0devel\0go1 is old\0x^2\0"
                        + "github.com/example/dep/v2.(*Client).Do\0invalid argument 0x78\0/usr/local/go/src/fmt/print.go\0")
                        .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                for (int i = 0; i < pattern.length; i++) pattern[i] = text[i % text.length];
            }
            tail = java.util.Arrays.copyOf(buildInfo, 0x400);
            size = DATA + tail.length;
            TestElf le = new TestElf(true, false);
            head[0] = 0x7f;
            head[1] = 'E';
            head[2] = 'L';
            head[3] = 'F';
            head[4] = 2;
            head[5] = 1;
            head[6] = 1;
            le.u16(head, 16, 2);
            le.u16(head, 18, 62);
            le.u64(head, 32, 64);
            le.u16(head, 52, 64);
            le.u16(head, 54, 56);
            le.u16(head, 56, 3);
            le.u16(head, 58, 64);
            phdr(le, 0, 4, 4, 0x800, 0x20);
            phdr(le, 1, 1, 4, 0x1000, BULK);
            phdr(le, 2, 1, 6, DATA, tail.length);
            // Go build ID note at 0x800: namesz 4, descsz 4, type 4, "Go\0\0", "abcd".
            le.u32(head, 0x800, 4);
            le.u32(head, 0x804, 4);
            le.u32(head, 0x808, 4);
            head[0x80c] = 'G';
            head[0x80d] = 'o';
        }

        private void phdr(TestElf le, int i, int type, int flags, long offset, long filesz) {
            int p = 64 + 56 * i;
            le.u32(head, p, type);
            le.u32(head, p + 4, flags);
            le.u64(head, p + 8, offset);
            le.u64(head, p + 16, BASE + offset);
            le.u64(head, p + 32, filesz);
            le.u64(head, p + 40, filesz);
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) return -1;
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; ) {
                long p = pos + i;
                int chunk;
                if (p < head.length) {
                    chunk = (int) Math.min(n - i, head.length - p);
                    System.arraycopy(head, (int) p, b, off + i, chunk);
                } else if (p < DATA) {
                    int at = (int) ((p - head.length) & (pattern.length - 1));
                    chunk = (int) Math.min(Math.min(n - i, pattern.length - at), DATA - p);
                    System.arraycopy(pattern, at, b, off + i, chunk);
                } else {
                    chunk = (int) Math.min(n - i, size - p);
                    System.arraycopy(tail, (int) (p - DATA), b, off + i, chunk);
                }
                i += chunk;
            }
            pos += n;
            return n;
        }
    }
}
