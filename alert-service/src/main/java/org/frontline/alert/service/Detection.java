package org.frontline.alert.service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.frontline.alert.Alert;
import org.frontline.alert.Detector;
import org.frontline.alert.config.AlertsConfig;
import org.frontline.alert.detect.Detectors;
import org.frontline.alert.detect.Evaluation;
import org.frontline.alert.detect.Method;
import org.frontline.alert.detect.Parameters;
import org.frontline.alert.service.rules.RuleEvaluator;
import org.frontline.alert.service.rules.RuleParams;
import org.frontline.alert.signal.Signal;
import org.frontline.alert.signal.SignalSeries;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The detection run (README "Alerts"): drains the series marked in {@code signal_dirty} page by page. A page claims up
 * to {@code size} series (one row per series, the oldest marks first) in a short transaction of its own (deleted with
 * {@code for update skip locked}, so two replicas never take the same series, and a consumer marking a series again
 * waits only for that short claim, never for the evaluation). It then evaluates every detector that applies to each
 * (signal, community) over its history, outside the claim, and fires for each alarm on a day at most
 * {@code alert.detection.lookback-days} back (each firing its own transaction). A series whose evaluation fails is
 * marked again (its earliest changed day), so the next run tries it again. Firing is idempotent (each (detector, day)
 * counted once), so evaluating a series again is harmless.
 */
@ApplicationScoped
public class Detection {

    private static final Logger LOG = Logger.getLogger(Detection.class);

    public record Series(Signal signal, String community) {
    }

    /** A claimed mark: the series and its earliest changed day. */
    record Claim(Series series, LocalDate day, java.time.OffsetDateTime changedAt) {
    }

    private final EntityManager em;
    private final DetectorService detectors;
    private final SignalSeries series;
    private final PopulationService populations;
    private final AlertService alerts;
    private final AlertsConfig.Detection config;
    private final Clock clock;
    /** Rate rules on a community without a population: logged once per replica and (detector, community). */
    private final Set<String> missingPopulation = ConcurrentHashMap.newKeySet();

    public Detection(EntityManager em, DetectorService detectors, SignalSeries series,
            PopulationService populations, AlertService alerts, AlertsConfig.Detection config, Clock clock) {
        this.em = em;
        this.detectors = detectors;
        this.series = series;
        this.populations = populations;
        this.alerts = alerts;
        this.config = config;
        this.clock = clock;
    }

    /**
     * One page: claims up to {@code size} series marked before {@code markedBefore} (the run's {@link #runStart}) and
     * evaluates them; returns how many it claimed. Runs in transactions of its own (a caller's transaction, such as
     * ClusterJob's, is suspended meanwhile).
     */
    public int page(int size, java.time.OffsetDateTime markedBefore) {
        List<Claim> claimed = QuarkusTransaction.requiringNew().call(() -> claim(size, markedBefore));
        // the detectors of each signal read once per page, selected per community in memory
        Map<Signal, List<Detector>> bySignal = new java.util.EnumMap<>(Signal.class);
        for (Claim c : claimed) {
            Series s = c.series();
            try {
                QuarkusTransaction.requiringNew().run(() -> {
                    List<Detector> onSignal = bySignal.computeIfAbsent(s.signal(), detectors::onSignal);
                    evaluate(s.signal(), s.community(), DetectorService.select(onSignal, s.community()));
                });
                QuarkusTransaction.requiringNew().run(() -> done(c));
            } catch (RuntimeException e) {
                // one series that cannot be evaluated or fire must not hold up the others; its mark goes back so the
                // next run tries it again
                LOG.errorf(e, "detection on %s %s failed; marked again for the next run", s.signal().path(),
                        s.community());
                remark(c);
            }
        }
        return claimed.size();
    }

    /**
     * The database's time now, a run's bound: a run claims only marks made before it started, so a series marked again
     * during the run (a failed one, or a new change) waits for the next run instead of keeping this one going.
     */
    public java.time.OffsetDateTime runStart() {
        Object now = QuarkusTransaction.requiringNew()
                .call(() -> em.createNativeQuery("select statement_timestamp()").getSingleResult());
        if (now instanceof java.time.OffsetDateTime t) {
            return t;
        }
        if (now instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) now).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }

    /**
     * Takes up to {@code size} series marked before {@code markedBefore} off {@code signal_dirty}, oldest marks first;
     * the caller's transaction.
     */
    List<Claim> claim(int size, java.time.OffsetDateTime markedBefore) {
        // a lease, not a delete: the mark goes only when its evaluation succeeded (done), so a replica that stops
        // mid-evaluation leaves the series to another once the lease has passed
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                update signal_dirty set claimed_until = now() + make_interval(secs => ?3)
                where (signal, area_code) in (
                    select signal, area_code from signal_dirty
                    where marked_at < ?2 and (claimed_until is null or claimed_until < now())
                    order by marked_at limit ?1 for update skip locked)
                returning signal, area_code, day, changed_at
                """).setParameter(1, size).setParameter(2, markedBefore)
                .setParameter(3, (double) config.claimLease().toSeconds()).getResultList();
        List<Claim> claimed = new java.util.ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Object day = row[2];
            claimed.add(new Claim(new Series(Signal.valueOf((String) row[0]), (String) row[1]),
                    SignalSeries.date(day), SignalSeries.time(row[3])));
        }
        return claimed;
    }

    /** The series was evaluated: its mark goes, unless a consumer marked it again meanwhile (then it stays, free). */
    private void done(Claim c) {
        em.createNativeQuery("""
                delete from signal_dirty where signal = ?1 and area_code = ?2 and changed_at = ?3
                """).setParameter(1, c.series().signal().name()).setParameter(2, c.series().community())
                .setParameter(3, c.changedAt()).executeUpdate();
    }


    /**
     * The evaluation failed: the claim ends and the mark goes to the back of the queue ({@code marked_at} now), so this
     * run does not take it again (it takes only marks made before it started) and the next run does.
     */
    private void remark(Claim c) {
        try {
            QuarkusTransaction.requiringNew().run(() -> em.createNativeQuery("""
                    update signal_dirty set claimed_until = null, marked_at = now()
                    where signal = ?1 and area_code = ?2
                    """).setParameter(1, c.series().signal().name()).setParameter(2, c.series().community())
                    .executeUpdate());
        } catch (RuntimeException e) {
            LOG.errorf(e, "could not free the claim on %s %s; another run takes it once the lease has passed",
                    c.series().signal().path(), c.series().community());
        }
    }

    /** Evaluates every detector that applies to one community's series; returns the firings it made. */
    public int evaluate(Signal signal, String community) {
        return evaluate(signal, community, detectors.applicable(signal, community));
    }

    private int evaluate(Signal signal, String community, List<Detector> applicable) {
        if (applicable.isEmpty()) {
            return 0;
        }
        int lookback = Math.max(1, config.lookbackDays());
        int days = config.historyDays();
        for (Detector d : applicable) {
            days = Math.max(days, historyNeeded(d, detectors.params(d), lookback));
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate from = today.minusDays(days - 1L);
        double[] values = series.daily(signal, community, from, today);
        int fired = 0;
        Counted counted = null;
        for (Detector d : applicable) {
            Map<String, Object> params = detectors.params(d);
            Double[] observed;
            Double[] threshold;
            Boolean[] alarm;
            if (d.method == Detector.Method.RULE) {
                RuleParams rule = DetectorParams.rule(params);
                Integer residents = rule.per10000() ? populations.residents(community) : null;
                if (rule.per10000() && residents == null) {
                    if (missingPopulation.add(d.id + "/" + community)) {
                        LOG.warnf("rate rule %s (%s) cannot be evaluated for %s: no population; set it with PUT "
                                + "/api/v1/populations/%s", d.name, d.id, community, community);
                    }
                    continue;
                }
                RuleEvaluator.Result r = RuleEvaluator.evaluate(rule, values, residents);
                observed = r.value();
                threshold = new Double[values.length];
                java.util.Arrays.fill(threshold, rule.threshold());
                alarm = r.alarm();
            } else {
                Evaluation e;
                try {
                    e = Detectors.evaluate(Method.valueOf(d.method.name()), boxed(values),
                            DetectorParams.statistical(params));
                } catch (UnsupportedOperationException notYet) {
                    LOG.debugf("detector %s: %s", d.name, notYet.getMessage());
                    continue;
                }
                observed = boxed(values);
                threshold = e.upperbound();
                alarm = e.alarm();
            }
            for (int t = values.length - lookback; t < values.length; t++) {
                if (Boolean.TRUE.equals(alarm[t])) {
                    if (counted == null) {
                        counted = counted(signal, community);
                    }
                    // a (detector, day) the open alert has counted, at a level it holds: nothing to do, no transaction
                    // (fire would find the same and answer REPEATED); anything else goes through fire, which decides
                    if (counted.has(d, from.plusDays(t))) {
                        continue;
                    }
                    alerts.fire(Firing.of(d, community, from.plusDays(t), observed[t], threshold[t]));
                    fired++;
                }
            }
        }
        return fired;
    }

    /** The (detector, day) firings the open alert of a series has counted, and its level. */
    private record Counted(Alert.Level level, Set<String> firings) {
        boolean has(Detector d, LocalDate day) {
            return level != null && d.level.compareTo(level) <= 0 && firings.contains(d.id + "/" + day);
        }
    }

    private Counted counted(Signal signal, String community) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select a.level, f.detector_id, f.day from alert a
                left join alert_firing f on f.alert_id = a.id
                where a.area_code = ?1 and a.signal = ?2 and a.status <> 'CLOSED'
                """).setParameter(1, community).setParameter(2, signal.name()).getResultList();
        Alert.Level level = null;
        Set<String> firings = new java.util.HashSet<>();
        for (Object[] row : rows) {
            level = Alert.Level.valueOf((String) row[0]);
            if (row[1] != null) {
                Object day = row[2];
                firings.add(row[1] + "/" + SignalSeries.date(day));
            }
        }
        return new Counted(level, firings);
    }

    /** Days of history a detector needs to judge the last {@code lookback} days. */
    static int historyNeeded(Detector d, Map<String, Object> params, int lookback) {
        if (d.method == Detector.Method.RULE) {
            RuleParams rule = DetectorParams.rule(params);
            return rule.windowDays() + rule.consecutiveDays() - 1 + lookback;
        }
        Parameters p = DetectorParams.statistical(params);
        int baseline = p.baseline() != null ? p.baseline() : Detectors.DEFAULT_BASELINE;
        return switch (d.method) {
            case EARS_C1 -> baseline + lookback;
            case EARS_C2 -> baseline + 2 + lookback;
            case EARS_C3 -> baseline + 4 + lookback;
            default -> (p.referenceDays() != null ? p.referenceDays() : Detectors.DEFAULT_REFERENCE_DAYS) + lookback;
        };
    }

    private static Double[] boxed(double[] values) {
        Double[] boxed = new Double[values.length];
        for (int i = 0; i < values.length; i++) {
            boxed[i] = values[i];
        }
        return boxed;
    }
}
