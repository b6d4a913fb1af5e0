package org.frontline.drill.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The drill's fan-out: tasks on a few threads, the first failure thrown once none of them runs any more. */
public final class Parallel {

    private Parallel() {
    }

    /**
     * Runs the tasks on up to {@code threads} threads and returns when all have ended. The first failure (in the
     * tasks' order) cancels the tasks not yet started and interrupts the running ones; it is thrown once they have
     * stopped, or {@code await} has passed ({@code late} then runs). A failure that is not a {@link RuntimeException}
     * (an {@link Error}) is thrown as {@code wrap} makes it; an interrupted wait as a {@link SuiteException} with
     * {@code interrupted} as its message.
     */
    public static void run(Collection<? extends Runnable> tasks, int threads, Duration await, Runnable late,
            String interrupted, Function<Throwable, RuntimeException> wrap) {
        if (tasks.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, tasks.size())));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Runnable t : tasks) {
                futures.add(pool.submit(t));
            }
            RuntimeException failure = null;
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof RuntimeException re ? re : wrap.apply(e.getCause());
                        futures.forEach(x -> x.cancel(false));
                    }
                } catch (CancellationException e) {
                    // after a failure
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SuiteException(interrupted, e);
                }
            }
            if (failure != null) {
                throw failure;
            }
        } finally {
            // tasks still running write to the suite or the truth: none may run once this returns
            pool.shutdownNow();
            try {
                if (!pool.awaitTermination(await.toMillis(), TimeUnit.MILLISECONDS)) {
                    late.run();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Sleeps; an interrupt ends the sleep early and is kept on the thread. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
