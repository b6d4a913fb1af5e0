package org.frontline.drill.verify;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.frontline.drill.api.SuiteException;
import org.frontline.drill.city.City;

/**
 * The personal-data scan of a drill ({@code drill run --scan-pii}): the drill knows every ID number and phone it gave
 * the city's residents, staff and volunteers, and looks for each of them, unmasked, in every response body it received
 * (through the gateway), in every line of the run's log files and in every record (key, value, headers) of the four
 * {@code .events} topics and their dead-letter topics sent since the run started. A masked form ({@code 138****5678},
 * {@code 110105********1234}) is not a hit: a hit is a run of digits (an ID number's final {@code X} included) that
 * is, or holds, one of the injected values. Each source is one row of section {@code pii}: what was scanned and how
 * many hits (must be 0); a hit is shown with the value masked and where it was — the scan itself never prints one.
 * <p>
 * One documented exception: the services show a full phone to a community worker — screening-service a resident's
 * (ResidentResource: "the phone is masked unless you are a community worker": the worker on the doorstep calls the
 * household), roster-service a staff member's or volunteer's (PersonResource / PersonAccess.fullPhone: "community
 * workers call their people") — and the drill's login is a community worker. A phone in an answer of
 * {@code /api/v1/screening/residents…} or {@code /api/v1/roster/people…} is therefore counted on a row of its own, not
 * compared ({@code n/c}), when the scan is told the login has that role ({@link #residentPhonesShownToWorkers}); an ID
 * number there, or a phone anywhere else, is a hit.
 */
public final class PiiScan {

    /** The topics scanned: the four event topics and their dead-letter topics. */
    public static final List<String> TOPICS = List.of("screening.events", "roster.events", "supplies.events",
            "alert.events", "screening.events.dlq", "roster.events.dlq", "supplies.events.dlq", "alert.events.dlq");
    static final int SHOWN = 5;

    private final Set<String> secrets;
    private final Set<String> residentPhones;
    private volatile boolean residentPhonesShownToWorkers;
    private final AtomicLong shownToWorker = new AtomicLong();
    private final Source responses = new Source("responses", "response bodies");
    private final Source logs = new Source("logs", "log lines");
    private final Source topics = new Source("events", "records on " + String.join(", ", TOPICS));
    private boolean logsScanned;
    private boolean topicsScanned;

    /** What was scanned in one kind of source and where the hits were (masked). */
    static final class Source {
        final String name;
        final String unit;
        final AtomicLong scanned = new AtomicLong();
        final AtomicLong hits = new AtomicLong();
        final List<String> where = new ArrayList<>();

        Source(String name, String unit) {
            this.name = name;
            this.unit = unit;
        }

        synchronized void hit(String place, String value) {
            hits.incrementAndGet();
            if (where.size() < SHOWN) {
                where.add(mask(value) + " in " + place);
            }
        }
    }

    /** @param values the ID numbers and phones to look for (blank ones ignored; ID numbers compared upper-case) */
    public PiiScan(Collection<String> values) {
        this(values, List.of());
    }

    /** @param residentPhones the phones among {@code values} (see {@link #residentPhonesShownToWorkers}) */
    public PiiScan(Collection<String> values, Collection<String> residentPhones) {
        this.residentPhones = Set.copyOf(new HashSet<>(residentPhones));
        Set<String> s = new HashSet<>();
        for (String v : values) {
            if (v != null && v.length() >= 7) {
                s.add(v.toUpperCase(Locale.ROOT));
            }
        }
        this.secrets = Set.copyOf(s);
    }

    /** Every ID number and phone of the city: residents, staff and volunteers. */
    public static PiiScan of(City city) {
        List<String> values = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        city.communities().forEach(c -> {
            c.residents().forEach(r -> {
                values.add(r.idNumber());
                values.add(r.phone());
                if (r.phone() != null) {
                    phones.add(r.phone());
                }
            });
            c.workers().forEach(w -> {
                values.add(w.phone());
                if (w.phone() != null) {
                    phones.add(w.phone());
                }
            });
        });
        return new PiiScan(values, phones);
    }

    /**
     * The login is a community worker: a resident's full phone in a screening-service resident answer is the documented
     * view of that role — counted apart (n/c), not a hit.
     */
    public PiiScan residentPhonesShownToWorkers(boolean shown) {
        this.residentPhonesShownToWorkers = shown;
        return this;
    }

    /** How many values are looked for. */
    public int values() {
        return secrets.size();
    }

    /** The injected values in {@code text}, unmasked (for the counts; never printed). */
    List<String> find(String text) {
        List<String> found = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return found;
        }
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!digit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && (digit(text.charAt(i)) || text.charAt(i) == 'X' || text.charAt(i) == 'x')) {
                i++;
            }
            String run = text.substring(start, i).toUpperCase(Locale.ROOT);
            if (run.length() < 11) {
                continue;
            }
            if (secrets.contains(run)) {
                found.add(run);
                continue;
            }
            for (int len : new int[] {18, 11}) {
                for (int k = 0; k + len <= run.length(); k++) {
                    String w = run.substring(k, k + len);
                    if (secrets.contains(w)) {
                        found.add(w);
                    }
                }
            }
        }
        return found;
    }

    private static boolean digit(char c) {
        return c >= '0' && c <= '9';
    }

    /** One response body the drill received for {@code request} (thread-safe: the players call it). */
    public void response(String request, String body) {
        responses.scanned.incrementAndGet();
        boolean residentAnswer = request.matches(
                "(GET|POST|PUT|PATCH) /api/v1/(screening/residents|roster/people)([/?].*)?");
        for (String v : find(body)) {
            if (residentAnswer && residentPhonesShownToWorkers && residentPhones.contains(v)) {
                shownToWorker.incrementAndGet();
            } else {
                responses.hit(request, v);
            }
        }
    }

    /** Every line of every {@code *.log} file in {@code dir} (and below); a missing folder is an IOException. */
    public void scanLogs(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("no folder " + dir);
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().contains(".log")).sorted()
                    .toList();
        }
        for (Path f : files) {
            long lineNo = 0;
            try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.ISO_8859_1)) {
                String line;
                while ((line = r.readLine()) != null) {
                    lineNo++;
                    logs.scanned.incrementAndGet();
                    for (String v : find(line)) {
                        logs.hit(dir.relativize(f) + ":" + lineNo, v);
                    }
                }
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        logsScanned = true;
    }

    /** One record of a topic: its key, value and headers. */
    public void record(String place, byte[] key, byte[] value, Map<String, byte[]> headers) {
        topics.scanned.incrementAndGet();
        List<String> found = new ArrayList<>();
        found.addAll(find(text(key)));
        found.addAll(find(text(value)));
        headers.forEach((k, v) -> found.addAll(find(text(v))));
        for (String v : found) {
            topics.hit(place, v);
        }
    }

    private static String text(byte[] b) {
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads every record of {@link #TOPICS} sent since {@code since} (minus ten minutes of clock skew; all of them when
     * null) up to the end offsets taken when it starts: a plain consumer, no group, nothing committed.
     */
    public void scanTopics(String bootstrap, Instant since) {
        TopicCounter.quietKafkaLogs();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(TopicCounter.readerSettings(bootstrap, "drill-pii-scan"))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : TOPICS) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(20));
                if (infos != null) {
                    infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
                }
            }
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(20));
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions, Duration.ofSeconds(20));
            Map<TopicPartition, Long> byTime = null;
            if (since != null) {
                Map<TopicPartition, Long> query = new LinkedHashMap<>();
                long from = since.minus(TopicCounter.BEFORE_START).toEpochMilli();
                partitions.forEach(tp -> query.put(tp, from));
                byTime = new LinkedHashMap<>();
                for (var e : consumer.offsetsForTimes(query, Duration.ofSeconds(20)).entrySet()) {
                    byTime.put(e.getKey(), e.getValue() == null ? null : e.getValue().offset());
                }
            }
            Map<TopicPartition, Long> start = TopicCounter.startOffsets(partitions, byTime, begin, end);
            start.forEach(consumer::seek);
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            while (!done(consumer, partitions, end)) {
                if (Instant.now().isAfter(deadline)) {
                    throw new SuiteException("scanning the topics at " + bootstrap + " took too long", null);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.offset() >= end.get(new TopicPartition(r.topic(), r.partition()))) {
                        continue;
                    }
                    Map<String, byte[]> headers = new LinkedHashMap<>();
                    for (Header h : r.headers()) {
                        headers.put(h.key(), h.value());
                    }
                    record(r.topic() + "-" + r.partition() + "@" + r.offset(), r.key(), r.value(), headers);
                }
            }
        } catch (KafkaException e) {
            throw new SuiteException("cannot read the topics at " + bootstrap + ": " + e.getMessage(), e);
        }
        topicsScanned = true;
    }

    private static boolean done(KafkaConsumer<?, ?> consumer, List<TopicPartition> partitions,
            Map<TopicPartition, Long> end) {
        for (TopicPartition tp : partitions) {
            if (consumer.position(tp) < end.get(tp)) {
                return false;
            }
        }
        return true;
    }

    /** Section {@code pii} of the verdict: per source what was scanned and its hits (0 expected). */
    public List<Verdict.Check> checks() {
        List<Verdict.Check> checks = new ArrayList<>();
        checks.add(check(responses, true));
        if (residentPhonesShownToWorkers) {
            checks.add(Verdict.Check.notCompared("pii", "phones in full in the resident and person answers of screening"
                    + " and roster to the drill's community-worker login (that role's documented view)", "allowed",
                    String.format(Locale.ROOT, "%,d", shownToWorker.get())));
        }
        checks.add(check(logs, logsScanned));
        checks.add(check(topics, topicsScanned));
        return checks;
    }

    private Verdict.Check check(Source s, boolean scanned) {
        String what = "unmasked ID numbers and phones (" + secrets.size() + " injected) in " + s.name;
        if (!scanned) {
            return Verdict.Check.notCompared("pii", what, "not scanned", "-");
        }
        long hits = s.hits.get();
        String actual = String.format(Locale.ROOT, "%,d hits in %,d %s", hits, s.scanned.get(), s.unit)
                + (s.where.isEmpty() ? "" : ": " + String.join("; ", s.where));
        return new Verdict.Check("pii", what, "0 hits", actual, hits == 0 && s.scanned.get() > 0);
    }

    /** Hits so far in every source. */
    public long hits() {
        return responses.hits.get() + logs.hits.get() + topics.hits.get();
    }

    /** A value as the report shows it: its first three and last four characters. */
    static String mask(String v) {
        return v.length() <= 7 ? "*".repeat(v.length()) : v.substring(0, 3) + "*".repeat(v.length() - 7)
                + v.substring(v.length() - 4);
    }
}
