package org.frontline.supplies;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.supplies.service.Ledger;
import org.frontline.supplies.service.StockSiteService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Ledger postings per second with 8 concurrent writers, through the service's {@link Ledger} in real transactions
 * (one posting call a transaction: lock the stock row, FEFO over the lots, the posting row, stock_day, level,
 * StockChanged in the outbox; the relay publishes meanwhile), (a) all on one hot item at one site, (b) spread over
 * many items and sites — beside a plain JDBC insert of the same ledger rows (same columns, one row a transaction,
 * same number of writers) in the same run and database. Runs only on demand:
 *
 * <pre>
 * ./mvnw -B -T 1 -pl supplies-service -am verify -DskipITs -Dquarkus.package.skip=true \
 *     -Dtest=LedgerBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench=true \
 *     -Dtest.jvm.args="-Xmx1g -XX:+UseParallelGC -Dquarkus.datasource.jdbc.max-size=16"
 * </pre>
 *
 * Add {@code -Dfrontline.outbox.relay-enabled=false} to see the postings without the relay publishing meanwhile.
 * Knobs (-D, inside test.jvm.args): bench.writers (8), bench.postings (600 per writer and round), bench.rounds (3,
 * the first not counted), bench.sites (16; × the 12 seeded items = the spread). Writes target/benchmarks/ledger.txt;
 * results in docs/benchmarks.md, "Stock ledger postings".
 */
@QuarkusTest
@FrontlineTest
@EnabledIfSystemProperty(named = "bench", matches = "true")
class LedgerBenchmark {

    @Inject
    Ledger ledger;
    @Inject
    StockSiteService sites;
    @Inject
    AgroalDataSource dataSource;

    record Target(StockSite site, Item item) {
    }

    interface Work {
        void run(int writer, int n) throws Exception;
    }

    @Test
    void ledgerPostingsAgainstPlainInserts() throws Exception {
        int writers = Integer.getInteger("bench.writers", 8);
        int perWriter = Integer.getInteger("bench.postings", 600);
        int rounds = Integer.getInteger("bench.rounds", 3);
        int siteCount = Integer.getInteger("bench.sites", 16);
        String street = "310199" + (100 + ThreadLocalRandom.current().nextInt(800));
        List<Item> items = QuarkusTransaction.requiringNew().call(() -> Item.<Item>listAll());
        List<StockSite> stores = new ArrayList<>();
        for (int i = 0; i < siteCount; i++) {
            stores.add(sites.register(street + String.format("%03d", i + 1), StockSite.Kind.COMMUNITY_STORE,
                    "Bench store " + i, "bench"));
        }
        StockSite depot = sites.register("310199", StockSite.Kind.DISTRICT_DEPOT, "Bench depot " + street, "bench");
        Item hotItem = items.stream().filter(i -> i.code.equals("surgical-mask")).findFirst().orElseThrow();
        Target hot = new Target(depot, hotItem);
        List<Target> spread = new ArrayList<>();
        for (StockSite s : stores) {
            for (Item i : items) {
                spread.add(new Target(s, i));
            }
        }
        // enough stock for every round, in three lots each (FEFO picks the first until it is empty)
        long need = (long) writers * perWriter * rounds * 2;
        stock(hot, need);
        for (Target t : spread) {
            stock(t, need / spread.size() + perWriter * 4L);
        }
        Ledger.Context context = Ledger.Context.by("bench").duty("screener");
        TestDatabase db = new TestDatabase(dataSource);

        Work hotLedger = (w, n) -> QuarkusTransaction.requiringNew().run(() -> ledger.issue(hot.site(), hot.item(),
                1, LedgerPosting.Kind.ISSUE, context));
        Work spreadLedger = (w, n) -> {
            // each writer walks its own share of the targets, so writers rarely wait on one another's stock row
            Target t = spread.get((w + n * writers) % spread.size());
            QuarkusTransaction.requiringNew().run(() -> ledger.issue(t.site(), t.item(), 1, LedgerPosting.Kind.ISSUE,
                    context));
        };
        UUID plainHotSite = UUID.randomUUID();
        List<UUID> plainSites = new ArrayList<>();
        for (int i = 0; i < siteCount; i++) {
            plainSites.add(UUID.randomUUID());
        }
        Work hotJdbc = (w, n) -> insert(plainHotSite, hotItem.code, "310199");
        Work spreadJdbc = (w, n) -> {
            int k = (w + n * writers) % (siteCount * items.size());
            insert(plainSites.get(k / items.size()), items.get(k % items.size()).code, street);
        };

        String[] names = {"ledger, one hot item at one site", "plain JDBC insert, same rows (hot)",
                "ledger, spread over " + spread.size() + " item×site stocks", "plain JDBC insert, same rows (spread)"};
        Work[] works = {hotLedger, hotJdbc, spreadLedger, spreadJdbc};
        double[][] rates = new double[works.length][rounds];
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        boolean relay = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getOptionalValue("frontline.outbox.relay-enabled", Boolean.class).orElse(true);
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < works.length; k++) {
                // the relay drains the previous scenario's events first, so each one runs on a quiet outbox
                while (relay && db.count("select count(*) from outbox where status = 'PENDING'") > 0) {
                    Thread.sleep(50);
                }
                rates[k][r] = perSecond(writers, perWriter, works[k]);
            }
        }
        double loadAfter = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%d writers × %d postings a round, %d rounds (first not counted); "
                + "load average %.2f before, %.2f after; %d cores; outbox relay %s%n", writers, perWriter, rounds,
                loadBefore, loadAfter, Runtime.getRuntime().availableProcessors(), relay ? "on" : "off"));
        out.append(String.format(Locale.ROOT, "%-44s | %12s | %s%n", "scenario", "postings/s", "rounds"));
        double[] median = new double[works.length];
        for (int k = 0; k < works.length; k++) {
            median[k] = median(Arrays.copyOfRange(rates[k], rounds > 1 ? 1 : 0, rounds));
            out.append(String.format(Locale.ROOT, "%-44s | %12.0f | %s%n", names[k], median[k],
                    Arrays.toString(Arrays.stream(rates[k]).mapToLong(Math::round).toArray())));
        }
        out.append(String.format(Locale.ROOT, "ratio ledger/plain: hot %.2f, spread %.2f; ledger hot/spread %.2f%n",
                median[0] / median[1], median[2] / median[3], median[0] / median[2]));
        System.out.println("[bench]\n" + out);
        Path file = Path.of("target", "benchmarks", "ledger.txt");
        Files.createDirectories(file.getParent());
        Files.writeString(file, out.toString());

        // the ledger still sums to the stock after all of it, and nothing oversold
        assertThat(db.count("select coalesce(sum(quantity), 0) from ledger_posting where site_id = ? and item_code = ?",
                depot.id, hotItem.code)).isEqualTo(db.count("select on_hand from stock where site_id = ? and item_code = ?",
                depot.id, hotItem.code));
        assertThat(db.count("select count(*) from ledger_posting where site_id = ? and kind = 'ISSUE'", depot.id))
                .isGreaterThanOrEqualTo((long) writers * perWriter * rounds);
    }

    private void stock(Target t, long quantity) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        QuarkusTransaction.requiringNew().run(() -> {
            for (int lot = 1; lot <= 3; lot++) {
                ledger.receive(t.site(), t.item(), "BENCH-" + lot, today.plusDays(100L * lot), quantity / 3 + 1,
                        LedgerPosting.Kind.RECEIPT, Ledger.Context.by("bench"));
            }
        });
    }

    /** One ledger row as the Ledger writes it, with plain JDBC: one statement, one transaction (autocommit). */
    private void insert(UUID siteId, String itemCode, String area) throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("""
                insert into ledger_posting (id, posted_at, site_id, item_code, lot_code, area_code, kind, quantity,
                    lot_balance, stock_balance, city_date, reason, note, reference_id, duty_code, posted_by)
                values (?, ?, ?, ?, ?, ?, 'ISSUE', -1, 1000, 1000, ?, null, null, null, 'screener', 'bench')""")) {
            st.setObject(1, UUID.randomUUID());
            st.setObject(2, now);
            st.setObject(3, siteId);
            st.setString(4, itemCode);
            st.setString(5, "BENCH-1");
            st.setString(6, area);
            st.setObject(7, now.toLocalDate());
            st.executeUpdate();
        }
    }

    /** Postings a second with {@code writers} threads each doing {@code perWriter} of {@code work}. */
    private static double perSecond(int writers, int perWriter, Work work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        AtomicInteger done = new AtomicInteger();
        try {
            long t0 = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                int writer = w;
                running.add(pool.submit(() -> {
                    for (int n = 0; n < perWriter; n++) {
                        work.run(writer, n);
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
            return done.get() / ((System.nanoTime() - t0) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
