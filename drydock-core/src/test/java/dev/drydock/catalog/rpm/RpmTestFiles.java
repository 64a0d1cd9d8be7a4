package dev.drydock.catalog.rpm;

import dev.drydock.catalog.FileResult;
import dev.drydock.catalog.RpmAnalyzer;
import dev.drydock.catalog.Warnings;
import dev.drydock.model.Package;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Adler32;

/** Fixtures, the expectations rpm itself produced for them, and builders for hand-made databases. */
final class RpmTestFiles {

    static final String LIBUUID = "bdb/libuuid/var/lib/rpm/Packages";
    static final String SYFT_DIVE = "bdb/syft-dive/var/lib/rpm/Packages";
    static final String SLE15 = "ndb/sle15-bci/usr/lib/sysimage/rpm/Packages.db";
    static final String MARINER = "sqlite/cbl-mariner-2.0/var/lib/rpm/rpmdb.sqlite";

    private RpmTestFiles() {
    }

    static byte[] fixture(String path) {
        try (InputStream in = RpmTestFiles.class.getResourceAsStream("/fixtures/rpm/" + path)) {
            if (in == null) throw new IllegalArgumentException("no fixture " + path);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String path) {
        return new String(fixture(path), StandardCharsets.UTF_8);
    }

    /** One row of {@code expected/NAME.packages.tsv}, as {@code rpm -qa} printed it. */
    record ExpectedPackage(long number, String name, String epoch, String version, String release, String arch,
                           String sourceRpm, String license) {
    }

    static List<ExpectedPackage> expectedPackages(String name) {
        List<ExpectedPackage> out = new ArrayList<>();
        for (String line : text("expected/" + name + ".packages.tsv").split("\n")) {
            if (line.startsWith("#") || line.isEmpty()) continue;
            String[] f = line.split("\t", -1);
            out.add(new ExpectedPackage(Long.parseLong(f[0]), f[1], f[2], f[3], f[4], f[5], f[6], f[7]));
        }
        return out;
    }

    /** {@code expected/NAME.files.tsv}: record number → paths in header order. */
    static Map<Long, List<String>> expectedFiles(String name) {
        Map<Long, List<String>> out = new LinkedHashMap<>();
        for (String line : text("expected/" + name + ".files.tsv").split("\n")) {
            if (line.startsWith("#") || line.isEmpty()) continue;
            String[] f = line.split("\t", 2);
            out.computeIfAbsent(Long.parseLong(f[0]), k -> new ArrayList<>()).add(f[1]);
        }
        return out;
    }

    /** What the analyzer gave for one file, and the warnings it raised. */
    record Outcome(List<FileResult> results, List<String> warnings) {
        List<Package> packages() {
            if (results.isEmpty()) return List.of();
            return ((FileResult.Packages) results.get(0)).packages();
        }

        List<String> names() {
            return packages().stream().map(Package::name).toList();
        }
    }

    static Outcome analyze(String path, byte[] content) {
        Warnings warnings = new Warnings();
        List<FileResult> results = new RpmAnalyzer().analyze(path, content, warnings);
        return new Outcome(results, warnings.list());
    }

    static void putU32(byte[] b, int off, long v, boolean littleEndian) {
        for (int i = 0; i < 4; i++) {
            int shift = littleEndian ? 8 * i : 8 * (3 - i);
            b[off + i] = (byte) (v >>> shift);
        }
    }

    static void putU16(byte[] b, int off, int v, boolean littleEndian) {
        b[off + (littleEndian ? 0 : 1)] = (byte) v;
        b[off + (littleEndian ? 1 : 0)] = (byte) (v >>> 8);
    }

    static long u32(byte[] b, int off, boolean littleEndian) {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            int shift = littleEndian ? 8 * i : 8 * (3 - i);
            v |= (long) (b[off + i] & 0xff) << shift;
        }
        return v;
    }

    static int u16(byte[] b, int off, boolean littleEndian) {
        return littleEndian ? (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 : (b[off] & 0xff) << 8 | (b[off + 1] & 0xff);
    }

    /** Builds header blobs entry by entry, laid out as rpm lays them out (aligned, big-endian). */
    static final class HeaderBuilder {
        private record Entry(int tag, int type, byte[] data, int count) {
        }

        private final List<Entry> entries = new ArrayList<>();

        HeaderBuilder string(int tag, String value) {
            entries.add(new Entry(tag, 6, (value + "\0").getBytes(StandardCharsets.UTF_8), 1));
            return this;
        }

        HeaderBuilder strings(int tag, String... values) {
            StringBuilder sb = new StringBuilder();
            for (String v : values) sb.append(v).append('\0');
            entries.add(new Entry(tag, 8, sb.toString().getBytes(StandardCharsets.UTF_8), values.length));
            return this;
        }

        HeaderBuilder int32(int tag, long... values) {
            byte[] d = new byte[4 * values.length];
            for (int i = 0; i < values.length; i++) putU32(d, 4 * i, values[i], false);
            entries.add(new Entry(tag, 4, d, values.length));
            return this;
        }

        /** An entry whose stored fields are given as they are, for forging impossible ones. */
        HeaderBuilder raw(int tag, int type, byte[] data, int count) {
            entries.add(new Entry(tag, type, data, count));
            return this;
        }

        HeaderBuilder pkg(String name, String version, String release) {
            return string(RpmHeader.NAME, name).string(RpmHeader.VERSION, version).string(RpmHeader.RELEASE, release)
                    .string(RpmHeader.ARCH, "x86_64");
        }

        byte[] build() {
            byte[] data = new byte[0];
            int[] offsets = new int[entries.size()];
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                int align = e.type() == 4 ? 4 : 1;
                int start = (data.length + align - 1) / align * align;
                offsets[i] = start;
                data = Arrays.copyOf(data, start + e.data().length);
                System.arraycopy(e.data(), 0, data, start, e.data().length);
            }
            byte[] out = new byte[8 + 16 * entries.size() + data.length];
            putU32(out, 0, entries.size(), false);
            putU32(out, 4, data.length, false);
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                int at = 8 + 16 * i;
                putU32(out, at, e.tag(), false);
                putU32(out, at + 4, e.type(), false);
                putU32(out, at + 8, offsets[i], false);
                putU32(out, at + 12, e.count(), false);
            }
            System.arraycopy(data, 0, out, 8 + 16 * entries.size(), data.length);
            return out;
        }
    }

    /** An ndb Packages.db holding {@code blobs} as packages 1, 2, …, framed as rpm frames them. */
    static byte[] ndb(List<byte[]> blobs) {
        int size = 4096;
        for (byte[] blob : blobs) size += blocks(blob) * 16;
        byte[] db = new byte[size];
        db[0] = 'R';
        db[1] = 'p';
        db[2] = 'm';
        db[3] = 'P';
        putU32(db, 12, 1, true);
        putU32(db, 16, blobs.size() + 1, true);
        for (int slot = 2; slot < 256; slot++) System.arraycopy("Slot".getBytes(StandardCharsets.US_ASCII), 0, db, slot * 16, 4);
        int block = 256;
        for (int i = 0; i < blobs.size(); i++) {
            byte[] blob = blobs.get(i);
            int slot = (2 + i) * 16;
            putU32(db, slot + 4, i + 1, true);
            putU32(db, slot + 8, block, true);
            putU32(db, slot + 12, blocks(blob), true);
            writeBlob(db, block * 16, i + 1, blob, blocks(blob));
            block += blocks(blob);
        }
        return db;
    }

    private static int blocks(byte[] blob) {
        return (16 + blob.length + 12 + 15) / 16;
    }

    private static void writeBlob(byte[] db, int start, int index, byte[] blob, int blocks) {
        System.arraycopy("BlbS".getBytes(StandardCharsets.US_ASCII), 0, db, start, 4);
        putU32(db, start + 4, index, true);
        putU32(db, start + 12, blob.length, true);
        System.arraycopy(blob, 0, db, start + 16, blob.length);
        int tail = start + blocks * 16 - 12;
        putU32(db, tail + 4, blob.length, true);
        System.arraycopy("BlbE".getBytes(StandardCharsets.US_ASCII), 0, db, tail + 8, 4);
        fixNdbChecksum(db, start, tail);
    }

    /** Recomputes a blob's Adler-32 after a test edits it, so the edit reaches the header parser. */
    static void fixNdbChecksum(byte[] db, int start, int tail) {
        Adler32 adler = new Adler32();
        adler.update(db, start, tail - start);
        putU32(db, tail, adler.getValue(), true);
    }
}
