package dev.drydock.server.jobs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs periodic tasks of a worker process, e.g. "queue a discovery of every registry" or "has the
 * vulnerability database changed?". Tasks only queue jobs (with a dedupe key), so several worker
 * processes scheduling the same task still give one job; the work itself runs in the {@link Worker}.
 */
public final class Scheduler implements AutoCloseable {
    /** A task run every {@code every}, first after {@code initialDelay}. */
    public record Task(String name, Duration initialDelay, Duration every, Runnable body) {
    }

    private final ScheduledExecutorService executor;
    private final Log log;
    private final List<Task> tasks = new ArrayList<>();

    public Scheduler(Log log) {
        this.log = log;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "drydock-scheduler");
            t.setDaemon(true);
            return t;
        });
    }

    public Scheduler add(Task task) {
        if (task.every().isNegative() || task.every().isZero()) throw new IllegalArgumentException(task.name() + ": interval must be positive");
        tasks.add(task);
        // A task that throws would be cancelled by the executor: catch, log, and keep the schedule.
        executor.scheduleWithFixedDelay(() -> {
            try {
                task.body().run();
            } catch (RuntimeException e) {
                log.warn("schedule.task_failed", "task", task.name(), "error", e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }, task.initialDelay().toMillis(), task.every().toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public List<String> taskNames() {
        return tasks.stream().map(Task::name).toList();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
