package dev.drydock.server.ingest;

import dev.drydock.image.BadInputException;

/**
 * The report is over one of {@link ImportLimits}. It is refused whole: importing part of a report would make
 * the findings left out look fixed. A {@link BadInputException}, so the CLI exits 2 and the API answers 413/400.
 */
public class ImportTooLargeException extends BadInputException {
    public ImportTooLargeException(String message) {
        super(message);
    }
}
