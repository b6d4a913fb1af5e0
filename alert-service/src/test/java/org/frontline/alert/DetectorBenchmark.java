package org.frontline.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.frontline.alert.detect.Detectors;
import org.frontline.alert.detect.Evaluation;
import org.frontline.alert.detect.Method;
import org.frontline.alert.detect.Parameters;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * All four detectors over 6,000 communities × 365 days of Poisson counts: in-process (the pure functions) and
 * through {@code POST /api/v1/detectors/{method}/evaluate} (one request a series). See docs/benchmarks.md
 * ("Alert detectors").
 *
 * <p>Not part of the test suite (no *Tests suffix). Run:
 * {@code ./mvnw -B -o -T 1 -pl alert-service -am verify -DskipITs -Dtest=DetectorBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false} ({@code -Dbench.communities=N}, {@code -Dbench.requests=N} series per
 * method through the API, default all 6,000; {@code -Dbench.clients=N} concurrent callers, default 4).
 */
@QuarkusTest
@FrontlineTest
class DetectorBenchmark {

    static final int DAYS = 365;

    @TestHTTPResource("/")
    URL url;

    @Test
    void allFourDetectorsOver6000CommunitiesAYear() throws Exception {
        int communities = Integer.getInteger("bench.communities", 6000);
        int requests = Math.min(communities, Integer.getInteger("bench.requests", communities));
        int clients = Integer.getInteger("bench.clients", 4);
        Double[][] series = series(communities);
        StringBuilder report = new StringBuilder();

        // --- in-process: the pure functions, one thread --------------------------------------------------
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            for (Method method : Method.values()) {
                long alarms = 0;
                long start = System.nanoTime();
                for (Double[] y : series) {
                    Evaluation e = Detectors.evaluate(method, y, Parameters.DEFAULTS);
                    alarms += Arrays.stream(e.alarm()).filter(Boolean.TRUE::equals).count();
                }
                long nanos = System.nanoTime() - start;
                if (round == 1) {
                    report.append(String.format("in-process %-8s %d series × %d days: %.0f ms total, %.1f µs/series,"
                            + " %d alarm days%n", method.path(), communities, DAYS, nanos / 1e6,
                            nanos / 1e3 / communities, alarms));
                }
            }
        }

        // --- through the API: one request a series, `clients` callers at once -----------------------------
        String token = TestTokens.token("bench", "integration", "3101");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<byte[]> bodies = new ArrayList<>(requests);
        for (int i = 0; i < requests; i++) {
            bodies.add(json(series[i]));
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (Method method : Method.values()) {
                URI uri = URI.create(url + "api/v1/detectors/" + method.path() + "/evaluate");
                // warm-up: 200 requests, not measured
                run(http, pool, uri, token, bodies.subList(0, Math.min(200, requests)), clients);
                long start = System.nanoTime();
                long[] latencies = run(http, pool, uri, token, bodies, clients);
                double seconds = (System.nanoTime() - start) / 1e9;
                Arrays.sort(latencies);
                double p50 = latencies[(int) Math.ceil(0.50 * (requests - 1))] / 1e6;
                double p99 = latencies[(int) Math.ceil(0.99 * (requests - 1))] / 1e6;
                report.append(String.format("api        %-8s %d requests (%d days each), %d clients: %.1f s, %.0f"
                        + " requests/s, p50=%.1f ms p99=%.1f ms%n", method.path(), requests, DAYS, clients, seconds,
                        requests / seconds, p50, p99));
            }
        } finally {
            pool.shutdown();
        }
        System.out.println("[bench]\n" + report);
    }

    /** Poisson counts, each community its own mean between 0.2 and 12, a fixed seed; a planted outbreak in 1 of 50. */
    static Double[][] series(int communities) {
        Random random = new Random(11);
        Double[][] series = new Double[communities][DAYS];
        for (int c = 0; c < communities; c++) {
            double mean = 0.2 + random.nextDouble() * 11.8;
            for (int d = 0; d < DAYS; d++) {
                double lambda = c % 50 == 0 && d >= 300 && d < 310 ? mean * 3 + 2 : mean;
                series[c][d] = (double) poisson(random, lambda);
            }
        }
        return series;
    }

    static int poisson(Random random, double lambda) {
        double limit = Math.exp(-lambda);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    static byte[] json(Double[] y) {
        StringBuilder s = new StringBuilder("{\"observed\":[");
        for (int i = 0; i < y.length; i++) {
            s.append(i == 0 ? "" : ",").append(y[i].intValue());
        }
        return s.append("]}").toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    static long[] run(HttpClient http, ExecutorService pool, URI uri, String token, List<byte[]> bodies,
            int clients) throws Exception {
        long[] latencies = new long[bodies.size()];
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < clients; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < bodies.size(); i = next.getAndIncrement()) {
                    HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(bodies.get(i))).build();
                    long start = System.nanoTime();
                    HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                    latencies[i] = System.nanoTime() - start;
                    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        return latencies;
    }
}
