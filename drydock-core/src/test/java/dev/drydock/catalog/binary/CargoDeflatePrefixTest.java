package dev.drydock.catalog.binary;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;

/** The allocation-free prefix decoder that picks zlib streams worth inflating, against the JDK's zlib. */
class CargoDeflatePrefixTest {
    private final DeflatePrefix prefix = new DeflatePrefix();

    private static byte[] zlib(byte[] data, int level, int strategy) {
        Deflater d = new Deflater(level);
        d.setStrategy(strategy);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 6, 9})
    void decodesTheFirstLiteralsOfRealZlibStreams(int level) {
        String json = "{\"packages\":[{\"name\":\"libc\",\"version\":\"0.2.155\",\"source\":\"crates.io\"}"
                + ",{\"name\":\"serde\",\"version\":\"1.0.204\",\"source\":\"crates.io\"}".repeat(50) + "]}";
        for (int strategy : new int[]{Deflater.DEFAULT_STRATEGY, Deflater.HUFFMAN_ONLY, Deflater.FILTERED}) {
            byte[] z = zlib(json.getBytes(StandardCharsets.US_ASCII), level, strategy);
            byte[] out = new byte[12];
            assertThat(prefix.literals(z, 0, z.length, out)).isEqualTo(12);
            assertThat(new String(out, StandardCharsets.US_ASCII)).isEqualTo("{\"packages\":");
            assertThat(CargoAuditScanner.opensAuditJson(out, 12)).isTrue();
        }
    }

    @Test
    void smallInputsUseFixedCodes() {
        byte[] z = zlib("{\"format\":1,\"packages\":[]}".getBytes(StandardCharsets.US_ASCII), 7, Deflater.DEFAULT_STRATEGY);
        byte[] out = new byte[10];
        assertThat(prefix.literals(z, 0, z.length, out)).isEqualTo(10);
        assertThat(CargoAuditScanner.opensAuditJson(out, 10)).isTrue();
    }

    @Test
    void stopsEarlyOnTruncatedInput() {
        byte[] z = zlib("{\"packages\":[]}".repeat(100).getBytes(StandardCharsets.US_ASCII), 9, Deflater.DEFAULT_STRATEGY);
        byte[] out = new byte[32];
        for (int cut = 0; cut < Math.min(z.length, 40); cut++) assertThat(prefix.literals(z, 0, cut, out)).isLessThanOrEqualTo(32);
    }

    @Test
    void randomBytesNeverThrowAndRarelyDecode() {
        Random r = new Random(42);
        byte[] data = new byte[1 << 20];
        r.nextBytes(data);
        byte[] out = new byte[12];
        int full = 0;
        for (int i = 0; i + 2 < data.length; i++) {
            data[i] = 0x78;
            data[i + 1] = (byte) 0x9c;
            if (prefix.literals(data, i, Math.min(data.length, i + 1024), out) == 12 && CargoAuditScanner.opensAuditJson(out, 12)) full++;
        }
        assertThat(full).isZero();
    }
}
