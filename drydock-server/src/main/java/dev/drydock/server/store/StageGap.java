package dev.drydock.server.store;

/** An image list filter on the lifecycle: images missing a step. */
public enum StageGap {
    /** Never scanned at the CI stage. */
    NEVER_SCANNED_IN_CI(Stage.CI),
    /** Never scanned at the registry stage. */
    NEVER_SCANNED_IN_REGISTRY(Stage.REGISTRY),
    /** Never scanned at runtime. */
    NEVER_SCANNED_AT_RUNTIME(Stage.RUNTIME);

    private final Stage stage;

    StageGap(Stage stage) {
        this.stage = stage;
    }

    public Stage stage() {
        return stage;
    }

    /** {@code never-scanned-in-ci}, … (or with underscores); IllegalArgumentException otherwise. */
    public static StageGap parse(String s) {
        if (s != null) {
            String w = s.toUpperCase(java.util.Locale.ROOT).replace('-', '_');
            for (StageGap g : values()) if (g.name().equals(w)) return g;
        }
        throw new IllegalArgumentException("stage gap must be one of never-scanned-in-ci, never-scanned-in-registry, never-scanned-at-runtime");
    }
}
