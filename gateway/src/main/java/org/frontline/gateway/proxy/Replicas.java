package org.frontline.gateway.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.frontline.gateway.proxy.ServiceProxy.Upstream;

/**
 * The replicas of one service: {@code frontline.gateway.services.<name>.url} holds one base URL or several, comma
 * separated ({@code http://10.0.0.5:8081,http://10.0.0.6:8081}). {@link #order()} gives the order in which one request
 * tries them: round robin over the replicas, except that a replica which refused a connection in the last
 * {@value #SET_ASIDE_MILLIS} ms comes last (it is still tried, so a request never fails while any replica is up).
 */
final class Replicas {

    static final long SET_ASIDE_MILLIS = 5_000;

    private final String name;
    private final List<Upstream> all;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<Upstream, Long> downSince = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    Replicas(String name, List<Upstream> all, LongSupplier clock) {
        if (all.isEmpty()) {
            throw new IllegalArgumentException("frontline.gateway.services." + name + ".url names no URL");
        }
        this.name = name;
        this.all = List.copyOf(all);
        this.clock = clock;
    }

    /** The service {@code name} at {@code urls}: one base URL or a comma-separated list (blanks around commas ignored). */
    static Replicas of(String name, String urls) {
        List<Upstream> list = new ArrayList<>();
        for (String url : urls.split(",")) {
            if (!url.isBlank()) {
                list.add(Upstream.of(name, url.trim()));
            }
        }
        return new Replicas(name, list, System::currentTimeMillis);
    }

    String name() {
        return name;
    }

    List<Upstream> all() {
        return all;
    }

    /** The configured URLs, for messages. */
    String urls() {
        return all.stream().map(Upstream::url).collect(Collectors.joining(","));
    }

    /** The order one request tries the replicas in: the next in turn first, the ones set aside last. */
    List<Upstream> order() {
        int n = all.size();
        if (n == 1) {
            return all;
        }
        int start = Math.floorMod(next.getAndIncrement(), n);
        long now = clock.getAsLong();
        List<Upstream> up = new ArrayList<>(n);
        List<Upstream> aside = new ArrayList<>(1);
        for (int i = 0; i < n; i++) {
            Upstream u = all.get((start + i) % n);
            Long since = downSince.get(u);
            if (since != null && now - since < SET_ASIDE_MILLIS) {
                aside.add(u);
            } else {
                up.add(u);
            }
        }
        up.addAll(aside);
        return up;
    }

    /** {@code u} refused a connection: set it aside for a while. */
    void down(Upstream u) {
        if (all.size() > 1) {
            downSince.put(u, clock.getAsLong());
        }
    }

    /** {@code u} accepted a connection. */
    void up(Upstream u) {
        if (!downSince.isEmpty()) {
            downSince.remove(u);
        }
    }
}
