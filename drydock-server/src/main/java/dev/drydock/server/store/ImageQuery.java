package dev.drydock.server.store;

import dev.drydock.model.Severity;

/**
 * The image list's filters, sort and page. Null filters do not filter.
 *
 * @param repository  only images seen under this repository (exact, e.g. {@code shop/api})
 * @param minSeverity only images with an active finding at least this severe
 * @param kevOnly     only images with an active finding in CISA's KEV catalog
 * @param stageGap    only images missing this lifecycle step
 * @param sort        the order
 * @param limit       page size, clamped to 1..{@value #MAX_LIMIT}
 * @param offset      rows to skip, clamped to 0..{@value #MAX_OFFSET}
 */
public record ImageQuery(String repository, Severity minSeverity, boolean kevOnly, StageGap stageGap, ImageSort sort,
                         int limit, int offset) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    /** Deep offsets make the database walk every row before them; past this, use filters. */
    public static final int MAX_OFFSET = 100_000;

    public ImageQuery {
        if (sort == null) sort = ImageSort.RISK;
        limit = Math.max(1, Math.min(MAX_LIMIT, limit));
        offset = Math.max(0, Math.min(MAX_OFFSET, offset));
        if (repository != null && repository.isEmpty()) repository = null;
    }

    public static ImageQuery all() {
        return new ImageQuery(null, null, false, null, ImageSort.RISK, DEFAULT_LIMIT, 0);
    }

    public ImageQuery withRepository(String r) {
        return new ImageQuery(r, minSeverity, kevOnly, stageGap, sort, limit, offset);
    }

    public ImageQuery withMinSeverity(Severity s) {
        return new ImageQuery(repository, s, kevOnly, stageGap, sort, limit, offset);
    }

    public ImageQuery withKevOnly(boolean k) {
        return new ImageQuery(repository, minSeverity, k, stageGap, sort, limit, offset);
    }

    public ImageQuery withStageGap(StageGap g) {
        return new ImageQuery(repository, minSeverity, kevOnly, g, sort, limit, offset);
    }

    public ImageQuery withSort(ImageSort s) {
        return new ImageQuery(repository, minSeverity, kevOnly, stageGap, s, limit, offset);
    }

    public ImageQuery withPage(int l, int o) {
        return new ImageQuery(repository, minSeverity, kevOnly, stageGap, sort, l, o);
    }
}
