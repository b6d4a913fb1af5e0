import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * alert-service on the local run (docs/benchmarks.md, "Alert-service on the local run"), through the public APIs
 * only, with real tokens:
 *
 * <ol>
 * <li><b>throughput</b>: bulk ingest of screenings into screening-service (1,000 a request, 4 % with fever) while
 * alert-service's signal consumer applies screening.events; the consumer has kept up when alert-service's
 * fever-screenings series of the bench street counts every fever uploaded. Rates from the first request: accepted
 * (screening-service's 2xx), applied (all fevers counted by alert-service).</li>
 * <li><b>event-to-alert latency</b>: a planted outbreak in fresh communities — a rule "3 fevers in a day → YELLOW" on
 * the bench district; two fevers in each community, then the third one by one; latency = from the third fever's
 * 2xx to its community's AlertRaised read from alert.events (same machine, same clock).</li>
 * </ol>
 *
 * Communities live in district 310198 (latency) and 310199 (throughput) of the demo city 3101, a fresh random street
 * each run; the city's own detectors are switched off there by same-named disabled detectors.
 *
 * <pre>deploy/local/frontline bench [RECORDS] [OUTBREAK_COMMUNITIES]</pre>
 */
public class AlertBench {

    static final ZoneOffset CITY = ZoneOffset.ofHours(8);
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final Random random = new Random();
    final String keycloak = "http://127.0.0.1:" + env("FRONTLINE_KEYCLOAK_PORT", "8180");
    final String kafka = "127.0.0.1:" + env("FRONTLINE_KAFKA_PORT", "19092");
    final String screening = "http://127.0.0.1:8081";
    final String alert = "http://127.0.0.1:8084";
    String token;

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int outbreak = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        AlertBench bench = new AlertBench();
        bench.login();
        System.out.printf("machine: %d cores, %s%n", Runtime.getRuntime().availableProcessors(), System.getProperty("os.arch"));
        bench.throughput(records);
        bench.latency(outbreak);
    }

    void throughput(int total) throws Exception {
        String street = "310199" + String.format("%03d", 1 + random.nextInt(999));
        switchOffCityDetectors("310199");
        List<String> residents = new ArrayList<>();
        for (int c = 1; c <= 20; c++) {
            residents.addAll(residents(street + String.format("%03d", c), 5));
        }
        List<String> bodies = new ArrayList<>();
        int fevers = 0;
        OffsetDateTime at = OffsetDateTime.now(CITY).minusMinutes(5);
        for (int r = 0; r < total; r += 1000) {
            StringBuilder body = new StringBuilder("{\"records\":[");
            for (int i = 0; i < 1000 && r + i < total; i++) {
                boolean fever = random.nextInt(25) == 0;
                fevers += fever ? 1 : 0;
                body.append(i == 0 ? "" : ",").append("{\"residentId\":\"").append(residents.get(random.nextInt(residents.size())))
                        .append("\",\"channel\":\"CHECKPOINT\",\"temperatureCelsius\":").append(fever ? "38.1" : "36.5")
                        .append(",\"screenedAt\":\"").append(at).append("\"}");
            }
            bodies.add(body.append("]}").toString());
        }
        String series = alert + "/api/v1/signals/fever-screenings?area=" + street + "&from=" + at.toLocalDate() + "&to="
                + at.toLocalDate();
        long t0 = System.nanoTime();
        for (String body : bodies) {
            HttpResponse<String> response = send("POST", screening + "/api/v1/screenings/bulk", body);
            if (response.statusCode() != 200) {
                throw new IllegalStateException("bulk answered " + response.statusCode() + ": " + response.body());
            }
        }
        long accepted = System.nanoTime();
        long applied;
        Pattern value = Pattern.compile("\"value\"\\s*:\\s*([0-9.]+)");
        while (true) {
            Matcher m = value.matcher(send("GET", series, null).body());
            double counted = 0;
            while (m.find()) {
                counted += Double.parseDouble(m.group(1));
            }
            if (counted >= fevers) {
                applied = System.nanoTime();
                break;
            }
            if ((System.nanoTime() - accepted) / 1e9 > 600) {
                throw new IllegalStateException("alert-service counted " + counted + " of " + fevers + " fevers after 10 min");
            }
            Thread.sleep(100);
        }
        int events = total + fevers;
        System.out.printf(Locale.ROOT, "throughput: %d screenings (%d with fever, %d events on screening.events) in %s%n",
                total, fevers, events, street);
        System.out.printf(Locale.ROOT, "  accepted by screening-service: %.0f records/s (%.1f s)%n",
                total / ((accepted - t0) / 1e9), (accepted - t0) / 1e9);
        System.out.printf(Locale.ROOT, "  applied by alert-service:      %.0f records/s = %.0f events/s (%.1f s; %.2f s after the last 2xx)%n",
                total / ((applied - t0) / 1e9), events / ((applied - t0) / 1e9), (applied - t0) / 1e9,
                (applied - accepted) / 1e9);
    }

    void latency(int communities) throws Exception {
        String street = "310198" + String.format("%03d", 1 + random.nextInt(999));
        switchOffCityDetectors("310198");
        send("POST", alert + "/api/v1/detectors", "{\"areaCode\":\"310198\",\"name\":\"bench-three-fevers\","
                + "\"signal\":\"fever-screenings\",\"method\":\"rule\",\"level\":\"YELLOW\","
                + "\"params\":{\"windowDays\":1,\"threshold\":3,\"comparison\":\"atLeast\"}}");
        List<String> codes = new ArrayList<>();
        Map<String, String> residentOf = new ConcurrentHashMap<>();
        for (int c = 1; c <= communities; c++) {
            String code = street + String.format("%03d", c);
            codes.add(code);
            residentOf.put(code, residents(code, 1).get(0));
        }
        Map<String, Long> raisedAt = new ConcurrentHashMap<>();
        Properties props = new Properties();
        props.put("bootstrap.servers", kafka);
        props.put("key.deserializer", StringDeserializer.class.getName());
        props.put("value.deserializer", StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = consumer.partitionsFor("alert.events").stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        Thread reader = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                org.apache.kafka.clients.consumer.ConsumerRecords<String, String> polled;
                try {
                    polled = consumer.poll(Duration.ofMillis(20));
                } catch (org.apache.kafka.common.errors.InterruptException stop) {
                    return; // the measurement is over
                }
                for (ConsumerRecord<String, String> r : polled) {
                    Header type = r.headers().lastHeader("ce_type");
                    if (type != null && new String(type.value(), StandardCharsets.UTF_8).contains("AlertRaised")
                            && r.key() != null && r.key().startsWith(street)) {
                        raisedAt.putIfAbsent(r.key(), System.nanoTime());
                    }
                }
            }
        });
        reader.start();
        OffsetDateTime at = OffsetDateTime.now(CITY).minusMinutes(2);
        for (String code : codes) {
            for (int i = 0; i < 2; i++) {
                fever(residentOf.get(code), at);
            }
        }
        Thread.sleep(5000); // two fevers: no alert; let the consumer and detection settle
        if (!raisedAt.isEmpty()) {
            throw new IllegalStateException("alerts after two fevers: " + raisedAt.keySet());
        }
        Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
        for (String code : codes) {
            fever(residentOf.get(code), at);
            acceptedAt.put(code, System.nanoTime());
            Thread.sleep(100); // a paced outbreak: ten communities a second cross the rule
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (raisedAt.size() < codes.size() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        reader.interrupt();
        reader.join();
        consumer.close();
        double[] ms = codes.stream().filter(raisedAt::containsKey)
                .mapToDouble(c -> (raisedAt.get(c) - acceptedAt.get(c)) / 1e6).sorted().toArray();
        System.out.printf(Locale.ROOT, "latency: %d of %d communities alerted; fever 2xx → AlertRaised on Kafka: "
                + "p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n", ms.length, codes.size(), pct(ms, 50),
                pct(ms, 90), pct(ms, 99), ms.length == 0 ? Double.NaN : ms[ms.length - 1]);
        if (ms.length < codes.size()) {
            System.exit(1);
        }
    }

    static double pct(double[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    /** Same-named disabled detectors for the bench district hide the city's (alert-service README, "Detectors"). */
    void switchOffCityDetectors(String district) throws Exception {
        String[][] city = {{"fever-c2", "ears-c2", "YELLOW"}, {"fever-c3", "ears-c3", "ORANGE"}};
        for (String[] d : city) {
            HttpResponse<String> r = send("POST", alert + "/api/v1/detectors", "{\"areaCode\":\"" + district
                    + "\",\"name\":\"" + d[0] + "\",\"signal\":\"fever-screenings\",\"method\":\"" + d[1]
                    + "\",\"level\":\"" + d[2] + "\",\"enabled\":false,\"params\":{}}");
            if (r.statusCode() != 201 && r.statusCode() != 409) {
                throw new IllegalStateException("detector " + d[0] + " answered " + r.statusCode() + ": " + r.body());
            }
        }
    }

    void fever(String resident, OffsetDateTime at) throws Exception {
        HttpResponse<String> r = send("POST", screening + "/api/v1/screenings", "{\"residentId\":\"" + resident
                + "\",\"channel\":\"DOOR_TO_DOOR\",\"temperatureCelsius\":38.2,\"screenedAt\":\"" + at + "\"}");
        if (r.statusCode() != 201) {
            throw new IllegalStateException("screening answered " + r.statusCode() + ": " + r.body());
        }
    }

    List<String> residents(String community, int count) throws Exception {
        String household = id(send("POST", screening + "/api/v1/households", "{\"communityCode\":\"" + community
                + "\",\"building\":\"1\",\"room\":\"101\"}"));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(id(send("POST", screening + "/api/v1/residents", "{\"householdId\":\"" + household
                    + "\",\"name\":\"Bench Resident\"}")));
        }
        return ids;
    }

    static String id(HttpResponse<String> r) {
        Matcher m = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"").matcher(r.body());
        if (r.statusCode() != 201 || !m.find()) {
            throw new IllegalStateException("answered " + r.statusCode() + ": " + r.body());
        }
        return m.group(1);
    }

    HttpResponse<String> send(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return http.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    void login() throws Exception {
        String form = "grant_type=password&client_id=frontline-web&username=seeder&password="
                + URLEncoder.encode("frontline", StandardCharsets.UTF_8);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(keycloak
                        + "/realms/frontline/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("login failed: " + r.statusCode() + " " + r.body());
        }
        token = m.group(1);
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
