package org.frontline.drill.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Event-to-dashboard lag by counting: each sample community gets its screenings from one poster, one at a time, so its
 * k-th accepted screening is in the picture exactly when the community's {@code figures.screened} for the day reaches
 * {@code base + k} ({@code base}: what it showed before the samples). The lag of the k-th sample is from its 2xx
 * ({@link #accepted}) to the first {@code kpi} event whose figure counts it ({@link #seen}). An event can arrive before
 * the poster has read its 2xx (same process, other thread): that lag is 0 and counted as {@link #early()}. After the
 * gateway's {@code resync} (it could not replay what the stream missed) the reader reloads the figure and calls
 * {@link #resynced}: the samples it counts that no event had counted yet are marked resynced — their lag is unknown,
 * neither measured nor "never seen". Thread-safe.
 */
public final class LagMatcher {

    /**
     * The k-th sample of a community: when its 2xx was read, when the stream first counted it (0: not yet), and
     * whether it was only counted by the reload after a resync (its lag unknown).
     */
    public record Sample(String community, int k, long acceptedNanos, long seenNanos, boolean resynced) {

        public Sample(String community, int k, long acceptedNanos, long seenNanos) {
            this(community, k, acceptedNanos, seenNanos, false);
        }

        public boolean seen() {
            return seenNanos != 0 && acceptedNanos != 0;
        }

        /** The lag in µs (0 when the event came before the 2xx was read); -1 when not seen. */
        public long lagMicros() {
            return seen() ? Math.max(0, (seenNanos - acceptedNanos) / 1000) : -1;
        }
    }

    private final Map<String, Long> base;
    private final Map<String, List<long[]>> samples = new HashMap<>(); // per community, index k-1: {accepted, seen, resynced}
    private final Map<String, Long> shown = new HashMap<>();            // highest k the stream counted
    private long early;

    /** {@code base}: per sample community, the day's screened figure before the first sample. */
    public LagMatcher(Map<String, Long> base) {
        this.base = Map.copyOf(base);
        base.keySet().forEach(c -> samples.put(c, new ArrayList<>()));
    }

    public boolean tracks(String community) {
        return base.containsKey(community);
    }

    /** The community's {@code k}-th sample (1-based, in the order accepted) answered 2xx at {@code nanos}. */
    public synchronized void accepted(String community, int k, long nanos) {
        long[] s = slot(community, k);
        s[0] = nanos;
        if (s[1] != 0 && s[1] < nanos) {
            early++;
        }
    }

    /** A {@code kpi} event of {@code community} for the samples' day showing {@code figure} screened arrived at {@code nanos}. */
    public synchronized void seen(String community, long figure, long nanos) {
        Long b = base.get(community);
        if (b == null) {
            return;
        }
        long k = figure - b;
        long before = shown.getOrDefault(community, 0L);
        for (long i = before + 1; i <= k; i++) {
            long[] s = slot(community, (int) i);
            s[1] = nanos;
            if (s[0] != 0 && nanos < s[0]) {
                early++;
            }
        }
        if (k > before) {
            shown.put(community, k);
        }
    }

    private long[] slot(String community, int k) {
        List<long[]> list = samples.get(community);
        if (list == null) {
            throw new IllegalArgumentException("not a sample community: " + community);
        }
        while (list.size() < k) {
            list.add(new long[3]);
        }
        return list.get(k - 1);
    }

    /** Every accepted sample so far, seen or not (a figure counted past the accepted ones is ignored). */
    public synchronized List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        samples.forEach((community, list) -> {
            for (int i = 0; i < list.size(); i++) {
                long[] s = list.get(i);
                if (s[0] != 0) {
                    out.add(new Sample(community, i + 1, s[0], s[1], s[1] == 0 && s[2] != 0));
                }
            }
        });
        out.sort((a, b) -> Long.compare(a.acceptedNanos(), b.acceptedNanos()));
        return out;
    }

    /**
     * After a resync: the community's figure reloaded from the overview is {@code figure}; the samples it counts that
     * the stream had not counted are marked resynced, and later events go on from there. Returns how many were marked.
     */
    public synchronized long resynced(String community, long figure) {
        Long b = base.get(community);
        if (b == null) {
            return 0;
        }
        long k = figure - b;
        long before = shown.getOrDefault(community, 0L);
        long marked = 0;
        for (long i = before + 1; i <= k; i++) {
            long[] s = slot(community, (int) i);
            if (s[1] == 0) {
                s[2] = 1;
                marked++;
            }
        }
        if (k > before) {
            shown.put(community, k);
        }
        return marked;
    }

    /** Accepted samples the stream has not counted yet (nor a resync's reload). */
    public synchronized long pending() {
        return samples().stream().filter(s -> !s.seen() && !s.resynced()).count();
    }

    /** Events that arrived before their sample's 2xx was read (their lag counts as 0). */
    public synchronized long early() {
        return early;
    }
}
