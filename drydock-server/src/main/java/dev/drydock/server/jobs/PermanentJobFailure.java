package dev.drydock.server.jobs;

/** A job that cannot succeed however often it is retried: it is failed at once. */
public final class PermanentJobFailure extends Exception {
    public PermanentJobFailure(String message) {
        super(message);
    }
}
