package dev.drydock.server.reconcile;

import dev.drydock.server.store.Stage;

import java.util.Map;
import java.util.Objects;

/**
 * Where an imported report goes.
 *
 * @param image   {@code --image}: a manifest digest ({@code sha256:…}) or a registry reference resolved through the
 *                inventory; null to take the image the report names. Only for a report about one image.
 * @param stage   the stage its scan is recorded at (default {@link Stage#MANUAL})
 * @param context where it came from (pipeline, actor …), as for uploads
 */
public record ImportRequest(String image, Stage stage, Map<String, String> context) {
    public ImportRequest {
        Objects.requireNonNull(stage, "stage");
        context = context == null ? Map.of() : Map.copyOf(context);
        if (image != null && image.isBlank()) image = null;
    }

    public static ImportRequest of(String image) {
        return new ImportRequest(image, Stage.MANUAL, Map.of());
    }
}
