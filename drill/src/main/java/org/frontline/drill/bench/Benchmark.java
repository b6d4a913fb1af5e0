package org.frontline.drill.bench;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * What the benchmark measured, as the run's result keeps it ({@code RunResult.benchmark}) and {@code drill report}
 * reads it back: the plan, each phase's figures, the targets with PASS/MISS, memory per component, one row per second
 * and the machine. Times in ms, rates in records/s; a figure that could not be measured is null.
 */
public record Benchmark(
        String scenario,
        String runId,
        String cityCode,
        OffsetDateTime startedAt,
        OffsetDateTime finishedAt,
        Plan plan,
        List<Step> steps,
        Totals totals,
        List<Target> targets,
        Memory memory,
        List<Second> series,
        Machine machine,
        /** what went wrong or was left out while measuring (a stream that did not open, batches in doubt …) */
        List<String> notes,
        /** the chart drawn next to the result ({@code <result>.png}); null when none was drawn */
        String chart) {

    /** The plan: rates, lengths, batching, senders, lag sampling, and where it went. */
    public record Plan(List<Integer> rates, int stepSeconds, int sustainSeconds, int batchSize, int concurrency,
            int lagSamplesPerSecond, int bulkCommunities, int bulkResidents, List<String> sampleCommunities,
            List<String> streams) {
    }

    /**
     * One phase ("step 1" …, "sustain"): target and achieved records/s (bulk records accepted by answers that came in
     * the phase's seconds, divided by its length), requests and errors (failed attempts) answered in its seconds; the
     * bulk {@code latency} (the headline: from when each batch due in the phase was due to its outcome, retries,
     * timeouts and never-sent batches included — what a client on the schedule waits) and {@code service} time (each
     * attempt of those batches from sending to its answer, failure or timeout); the latest a batch left after it was
     * due ({@code maxLateMs}: the senders could not keep the schedule), the seconds below target, the worst of the
     * phase's consecutive {@value Tally#WINDOW_SECONDS}-second blocks ({@code worstWindowAchieved} records/s on average
     * over the block from {@code worstWindowFrom}; the whole phase when it is shorter; null without seconds) and the
     * worst sliding window of that length ({@code worstSlidingWindow*}: shows a one-second stall even when the next
     * second caught up), and the
     * event-to-dashboard lag of the samples accepted in the phase ({@code lagUnseen}: never counted by the stream;
     * {@code lagResynced}: counted only by the overview reloaded after the gateway's {@code resync}, lag unknown).
     */
    public record Step(String name, int target, int seconds, double achieved, long accepted, long requests,
            long errors, Latency latency, Latency service, double maxLateMs, int secondsBelowTarget,
            Double worstWindowAchieved, int worstWindowFrom, Double worstSlidingWindowAchieved, int worstSlidingWindowFrom,
            Double lagP50Ms, Double lagP99Ms, Double lagMaxMs, long lagSamples, long lagUnseen, long lagResynced) {
    }

    /** A latency distribution in ms: how many values, p50, p99, max (null when there is none). */
    public record Latency(long count, Double p50Ms, Double p99Ms, Double maxMs) {
    }

    /**
     * The whole run. {@code inDoubt}: records of writes that never got a definite answer (may or may not be stored);
     * {@code recordsLost}: records of writes refused with a 4xx (not stored); {@code failedWrites}: batches and
     * samples that ended without a 2xx after their retries (what the run's {@code requests.errors} counts);
     * {@code failedAttempts}: every attempt that was not a 2xx, retried or not ({@code errorsByKind} by kind).
     * {@code latency}/{@code service}: the bulk batches' latency from due and service time per attempt (as in
     * {@link Step}); {@code sampleLatency}/{@code sampleService}: the same for the lag samples' single posts;
     * {@code allRequests}: every request the benchmark sent (each attempt, bulk and samples), service time — the
     * requests the run's {@code requests.requests} counts but whose {@code p50Ms}/{@code p99Ms} leave out (those cover
     * set-up and play only). {@code streamResyncs}: the gateway's {@code resync} events (the stream reopened from
     * their latestId, the samples they hid counted in {@code lagResynced}).
     */
    public record Totals(long bulkRequests, long recordsSent, long recordsAccepted, long unexpectedDuplicates,
            long unsentBatches, long inDoubt, long recordsLost, long failedWrites, long failedAttempts,
            Map<String, Long> errorsByKind, Latency latency, Latency service, long samplePosts, Latency sampleLatency,
            Latency sampleService, Latency allRequests, long lagSamples, long lagUnseen, long lagResynced,
            long lagEarly, Double lagP50Ms, Double lagP99Ms, Double lagMaxMs, long streamReconnects, long streamResyncs,
            double seconds) {
    }

    /** One of the targets, never adjusted: what, the goal, what was measured, PASS or MISS. */
    public record Target(String what, String goal, String measured, boolean pass) {
    }

    /** Memory per component (max over the run of the per-second samples, MiB); {@code note} says why not measured. */
    public record Memory(boolean measured, String note, Map<String, Component> components) {
    }

    public record Component(double rssMaxMb, Double pssMaxMb, int processes, int samples) {
    }

    /**
     * One second: target and achieved records/s, the bulk p99 latency from due of the batches that ended then and the
     * p99 service time of the attempts that ended then, lag p99 of the samples accepted then, failed attempts,
     * lateness, RSS.
     */
    public record Second(int t, String phase, int target, long achieved, Double latencyP99Ms, Double serviceP99Ms,
            Double lagP99Ms, long errors, double lateMs, Double rssMb) {
    }

    /** Where it ran: cores, nproc, CPU, total memory, Java, OS, the date and the command. */
    public record Machine(int cores, String nproc, String cpu, long memTotalMb, String java, String os, String date,
            String command) {
    }
}
