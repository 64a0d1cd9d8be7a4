package dev.drydock.server.store;

import dev.drydock.model.Digest;
import dev.drydock.model.ImageMetadata;
import dev.drydock.model.Layer;
import dev.drydock.report.ScanReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@ParameterizedClass
@EnumSource(Backend.class)
class BaseImageTest {
    static final String DEBIAN = Reports.digest(0xd1);
    static final String PYTHON = Reports.digest(0xd2);
    static final String APP = Reports.digest(0xd3);
    static final String OTHER = Reports.digest(0xd4);

    @Parameter
    Backend backend;
    TestDatabase t;
    Store store;

    @BeforeEach
    void open() {
        t = TestDatabase.open(backend);
        store = new Store(t.db);
    }

    @AfterEach
    void close() {
        t.close();
    }

    /** An image of the given layers (diff ids by number), optionally declaring its base. */
    static ScanUpload image(String digest, String repository, String declaredBase, int... layers) {
        List<Layer> ls = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            ls.add(new Layer(i, Digest.parse("sha256:" + String.format("%064x", 0x10_000 + layers[i])),
                    Digest.parse("sha256:" + String.format("%064x", layers[i])), 1000, "application/vnd.oci.image.layer.v1.tar+gzip"));
        }
        ImageMetadata m = new ImageMetadata("registry.example.com/" + repository + ":1", Digest.parse(digest),
                "application/vnd.oci.image.manifest.v1+json", null, null, null, ls, List.of(), List.of(), Map.of(),
                declaredBase == null ? Map.of() : Map.of("org.opencontainers.image.base.digest", declaredBase));
        ScanReport base = Reports.report(digest, m.reference(), Reports.SCANNED, List.of());
        ScanReport r = new ScanReport(base.toolVersion(), base.createdAt(), m, base.os(), 0, base.db(), List.of(), List.of(), base.gate());
        return ScanUpload.drydock(r, List.of(), Stage.CI, Map.of(), List.of(new ImageName("registry.example.com", repository, "1")));
    }

    private List<Boolean> fromBase(String digest) {
        return store.image(digest).orElseThrow().layers().stream().map(LayerRow::fromBase).toList();
    }

    @Test
    void theLongestStoredLayerPrefixIsTheBaseWhicheverWasStoredFirst() {
        store.recordScan(image(APP, "shop/api", null, 1, 2, 3, 4));
        assertThat(store.image(APP).orElseThrow().baseDigest()).as("no base known yet").isNull();
        assertThat(fromBase(APP)).containsOnlyNulls();

        store.recordScan(image(DEBIAN, "library/debian", null, 1));
        assertThat(store.image(APP).orElseThrow().baseDigest()).as("a base stored after the image").isEqualTo(DEBIAN);
        assertThat(fromBase(APP)).containsExactly(true, false, false, false);

        store.recordScan(image(PYTHON, "library/python", null, 1, 2, 3));
        assertThat(store.image(APP).orElseThrow().baseDigest()).as("the closer base wins").isEqualTo(PYTHON);
        assertThat(fromBase(APP)).containsExactly(true, true, true, false);
        assertThat(store.image(PYTHON).orElseThrow().baseDigest()).isEqualTo(DEBIAN);
        assertThat(fromBase(PYTHON)).containsExactly(true, false, false);
        assertThat(store.image(DEBIAN).orElseThrow().baseDigest()).isNull();
    }

    @Test
    void sharedLayersThatAreNotAWholeImageMakeNoBase() {
        store.recordScan(image(APP, "shop/api", null, 1, 2, 3));
        store.recordScan(image(OTHER, "shop/web", null, 1, 2, 9));
        assertThat(store.image(APP).orElseThrow().baseDigest()).isNull();
        assertThat(store.image(OTHER).orElseThrow().baseDigest()).isNull();
        store.recordScan(image(PYTHON, "library/python", null, 1, 2, 3));
        assertThat(store.image(APP).orElseThrow().baseDigest()).as("the same layers are the same image, not a base").isNull();
    }

    @Test
    void aDeclaredBaseIsKeptAndMarksLayersWhenItIsAPrefix() {
        store.recordScan(image(DEBIAN, "library/debian", null, 1));
        store.recordScan(image(PYTHON, "library/python", null, 1, 2));
        // The image says it is built on debian: the closer python prefix does not override what it declares.
        store.recordScan(image(APP, "shop/api", DEBIAN, 1, 2, 3));
        assertThat(store.image(APP).orElseThrow().baseDigest()).isEqualTo(DEBIAN);
        assertThat(fromBase(APP)).containsExactly(true, false, false);
        // A declaration naming an image that is not a prefix marks nothing.
        store.recordScan(image(OTHER, "shop/web", PYTHON, 7, 8));
        assertThat(store.image(OTHER).orElseThrow().baseDigest()).isEqualTo(PYTHON);
        assertThat(fromBase(OTHER)).containsOnlyNulls();
    }
}
