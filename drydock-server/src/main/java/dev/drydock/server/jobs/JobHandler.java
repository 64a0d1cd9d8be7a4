package dev.drydock.server.jobs;

import dev.drydock.server.store.Job;

/**
 * Does one kind of job. A handler is called again for the same job after a worker died or an attempt
 * failed, so it must be idempotent: doing the work twice leaves the same state as doing it once.
 */
@FunctionalInterface
public interface JobHandler {
    /**
     * @return the outcome as a JSON object kept on the job, or null
     * @throws PermanentJobFailure when retrying cannot help (a malformed payload); any other exception
     *                             is retried after a back-off
     */
    String run(Job job) throws Exception;
}
