package dev.drydock.catalog.java;

import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The streaming zip reader on archives as different writers lay them out, and on broken ones. */
class JavaZipStreamReaderTest {
    static final byte[] TEXT = "hello, zip\n".repeat(200).getBytes(StandardCharsets.UTF_8);

    /** Every entry's name and content, read front to back. */
    static Map<String, String> readAll(byte[] zip) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (ZipStreamReader r = new ZipStreamReader(new ByteArrayInputStream(zip), new InflationBudget(1 << 30))) {
            ZipStreamReader.Entry e;
            while ((e = r.next()) != null) out.put(e.name(), new String(r.content().readAllBytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** Every entry's name, content left unread. */
    static List<String> names(byte[] zip) throws IOException {
        List<String> out = new ArrayList<>();
        try (ZipStreamReader r = new ZipStreamReader(new ByteArrayInputStream(zip), new InflationBudget(1 << 30))) {
            ZipStreamReader.Entry e;
            while ((e = r.next()) != null) out.add(e.name());
        }
        return out;
    }

    static byte[] commonsZip(boolean seekable, Zip64Mode zip64) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SeekableInMemoryByteChannel channel = new SeekableInMemoryByteChannel();
        try (ZipArchiveOutputStream z = seekable ? new ZipArchiveOutputStream(channel) : new ZipArchiveOutputStream(bytes)) {
            z.setUseZip64(zip64);
            for (String name : List.of("a.txt", "dir/", "b.txt")) {
                ZipArchiveEntry e = new ZipArchiveEntry(name);
                z.putArchiveEntry(e);
                if (!name.endsWith("/")) z.write(TEXT);
                z.closeArchiveEntry();
            }
        }
        return seekable ? Arrays.copyOf(channel.array(), (int) channel.size()) : bytes.toByteArray();
    }

    @Test
    void readsEntriesWithSizesInTheLocalHeaderAndWithDataDescriptors() throws IOException {
        byte[] jdk = new ZipBuilder().deflated("a.txt", TEXT).stored("b.txt", TEXT).deflated("c.txt", new byte[0]).build();
        assertThat(readAll(jdk)).containsExactly(Map.entry("a.txt", new String(TEXT, StandardCharsets.UTF_8)),
                Map.entry("b.txt", new String(TEXT, StandardCharsets.UTF_8)), Map.entry("c.txt", ""));
        assertThat(names(jdk)).containsExactly("a.txt", "b.txt", "c.txt");
        // commons-compress: sizes in the header when it can seek back, descriptors without a signature-less form
        for (boolean seekable : List.of(true, false)) {
            byte[] zip = commonsZip(seekable, Zip64Mode.AsNeeded);
            assertThat(readAll(zip)).as("seekable %s", seekable).containsOnlyKeys("a.txt", "dir/", "b.txt").containsEntry("b.txt", new String(TEXT, StandardCharsets.UTF_8));
            assertThat(names(zip)).containsExactly("a.txt", "dir/", "b.txt");
        }
    }

    @Test
    void readsZip64LocalHeadersAndDescriptors() throws IOException {
        for (boolean seekable : List.of(true, false)) {
            byte[] zip = commonsZip(seekable, Zip64Mode.Always);
            assertThat(readAll(zip)).as("seekable %s", seekable).containsEntry("a.txt", new String(TEXT, StandardCharsets.UTF_8))
                    .containsEntry("b.txt", new String(TEXT, StandardCharsets.UTF_8));
            assertThat(names(zip)).containsExactly("a.txt", "dir/", "b.txt");
        }
    }

    @Test
    void aDataDescriptorWithoutItsOptionalSignatureIsPassedToo() throws IOException {
        byte[] zip = new ZipBuilder().deflated("a.txt", TEXT).deflated("b.txt", "second").build();
        // the JDK writes PK\7\8 before each descriptor; drop them as older writers do, fixing up nothing else
        ByteArrayOutputStream stripped = new ByteArrayOutputStream();
        for (int i = 0; i < zip.length; i++) {
            if (i + 4 <= zip.length && zip[i] == 'P' && zip[i + 1] == 'K' && zip[i + 2] == 7 && zip[i + 3] == 8) {
                i += 3;
                continue;
            }
            stripped.write(zip[i]);
        }
        assertThat(readAll(stripped.toByteArray())).containsEntry("b.txt", "second");
    }

    @Test
    void aLaunchScriptBeforeTheZipIsSkippedButNotMoreThanTheLimit() throws IOException {
        byte[] zip = new ZipBuilder().deflated("a.txt", "x").build();
        assertThat(names(concat(new byte[10_000], zip))).containsExactly("a.txt");
        assertThatThrownBy(() -> names(concat(new byte[ZipStreamReader.MAX_PREAMBLE], zip)))
                .isInstanceOf(ZipStreamReader.NotAZipException.class).hasMessageContaining("no zip header in the first");
    }

    @Test
    void anEmptyZipHasNoEntries() throws IOException {
        assertThat(names(new ZipBuilder().build())).isEmpty();
    }

    @Test
    void encryptedAndUnknownMethodEntriesOfKnownSizeAreSteppedOver() throws IOException {
        byte[] zip = new ZipBuilder().stored("secret.bin", TEXT).stored("b.txt", "after".getBytes()).build();
        byte[] encrypted = zip.clone();
        encrypted[6] |= 1;             // general purpose flag: encrypted
        byte[] bzip2 = zip.clone();
        bzip2[8] = 12;                 // compression method: bzip2
        for (byte[] z : List.of(encrypted, bzip2)) {
            try (ZipStreamReader r = new ZipStreamReader(new ByteArrayInputStream(z), new InflationBudget(1 << 30))) {
                ZipStreamReader.Entry e = r.next();
                assertThat(e.readable()).isFalse();
                assertThatThrownBy(() -> r.content().read()).isInstanceOf(ZipException.class);
                assertThat(r.next().name()).isEqualTo("b.txt");
                assertThat(new String(r.content().readAllBytes())).isEqualTo("after");
            }
        }
    }

    @Test
    void aStoredEntryWithADataDescriptorEndsTheArchive() throws IOException {
        byte[] zip = new ZipBuilder().stored("a.bin", TEXT).stored("b.txt", "after".getBytes()).build();
        zip[6] |= 8;
        try (ZipStreamReader r = new ZipStreamReader(new ByteArrayInputStream(zip), new InflationBudget(1 << 30))) {
            assertThat(r.next().readable()).isFalse();
            assertThatThrownBy(r::next).isInstanceOf(ZipException.class).hasMessageContaining("stored entry written with a data descriptor");
        }
    }

    @Test
    void brokenArchivesFailWithAnIOExceptionNotAnythingElse() {
        byte[] zip = new ZipBuilder().deflated("a.txt", TEXT).deflated("b.txt", TEXT).build();
        int directory = indexOf(zip, new byte[]{'P', 'K', 1, 2});
        for (int cut = 1; cut < zip.length; cut++) {
            byte[] part = Arrays.copyOf(zip, cut);
            try {
                readAll(part);
            } catch (IOException expected) {
                continue;
            }
            // only a cut past the start of the central directory may read every entry
            assertThat(cut).as("cut at %d", cut).isGreaterThanOrEqualTo(directory + 4);
        }
        byte[] garbled = zip.clone();
        for (int i = 40; i < 80; i++) garbled[i] ^= 0x5a;
        assertThatThrownBy(() -> readAll(garbled)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> names(Arrays.copyOf(zip, 20))).isInstanceOf(EOFException.class);
    }

    @Test
    void everyInflatedByteIsChargedToTheBudget() throws IOException {
        byte[] zip = new ZipBuilder().deflated("zeros.bin", new byte[5 << 20]).build();
        InflationBudget budget = new InflationBudget(1 << 20);
        try (ZipStreamReader r = new ZipStreamReader(new ByteArrayInputStream(zip), budget)) {
            r.next();
            // not read here, but passing it needs inflating it (its size is in a data descriptor)
            assertThatThrownBy(r::next).isInstanceOf(InflationBudget.InflationLimitException.class);
        }
        assertThat(budget.exceeded()).isTrue();
        // with its size in the header, the same entry is stepped over without inflating a byte
        byte[] sized = new ZipBuilder().stored("zeros.bin", new byte[5 << 20]).build();
        InflationBudget untouched = new InflationBudget(1);
        assertThat(names(sized)).containsExactly("zeros.bin");
        try (ZipStreamReader r = new ZipStreamReader(new ByteArrayInputStream(sized), untouched)) {
            r.next();
            assertThat(r.next()).isNull();
        }
        assertThat(untouched.exceeded()).isFalse();
    }

    static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) if (data[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
