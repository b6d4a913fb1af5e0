package org.frontline.alert.service;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.AlertLogEntry;
import org.frontline.alert.config.AlertsConfig;
import org.frontline.alert.signal.Signal;
import org.frontline.platform.db.DatabaseFailures;
import org.frontline.platform.problem.ProblemException;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Alerts: raised by hand, fired by detectors (README "Alerts": one open alert per area and signal, each
 * (detector, day) counted once, the level only rises, a cooldown after close), and moved through the lifecycle.
 * Every change goes through {@link AlertJournal} (event, notifications, log line) in the same transaction.
 */
@ApplicationScoped
public class AlertService {

    private static final Logger LOG = Logger.getLogger(AlertService.class);

    /** What a firing did. */
    public enum Outcome {
        RAISED, UPDATED, REPEATED, COOLDOWN,
        /** An alarm on a day at or before the last closed alert's observed day: that episode is over. */
        CLOSED_DAY
    }

    /** Attempts of a firing whose transaction failed on a transient database failure or a concurrent open. */
    static final int FIRE_ATTEMPTS = 4;
    /** The pause before retrying a transient database failure, doubled per attempt (50, 100, 200 ms). */
    static final long FIRE_PAUSE_MS = 50;

    /** The legal lifecycle steps (README "Alerts"); closing from OPEN or ACKNOWLEDGED needs a note. */
    static final Map<Alert.Status, Set<Alert.Status>> LEGAL = Map.of(
            Alert.Status.OPEN, Set.of(Alert.Status.ACKNOWLEDGED, Alert.Status.CLOSED),
            Alert.Status.ACKNOWLEDGED, Set.of(Alert.Status.RESPONDING, Alert.Status.CLOSED),
            Alert.Status.RESPONDING, Set.of(Alert.Status.RECOVERING),
            Alert.Status.RECOVERING, Set.of(Alert.Status.RESPONDING, Alert.Status.CLOSED),
            Alert.Status.CLOSED, Set.of());

    private final AlertJournal journal;
    private final EntityManager em;
    private final AlertsConfig.Lifecycle lifecycle;
    private final AlertsConfig.Escalation escalation;
    private final Clock clock;

    public AlertService(AlertJournal journal, EntityManager em, AlertsConfig.Lifecycle lifecycle,
            AlertsConfig.Escalation escalation, Clock clock) {
        this.journal = journal;
        this.em = em;
        this.lifecycle = lifecycle;
        this.escalation = escalation;
        this.clock = clock;
    }

    /**
     * 400 naming every field whose text holds a character XML 1.0 cannot carry (U+0000–U+001F but tab, LF and CR; a
     * lone surrogate; U+FFFE, U+FFFF): the CAP feed writes titles, descriptions and detector names into XML.
     * {@code fields} maps a field's name to its value (null values are skipped).
     */
    public static void requireXmlText(Map<String, String> fields) {
        List<org.frontline.platform.problem.Problem.FieldError> errors = new java.util.ArrayList<>();
        fields.forEach((field, value) -> {
            int at = xmlIllegalAt(value);
            if (at >= 0) {
                errors.add(new org.frontline.platform.problem.Problem.FieldError(field, String.format(
                        "must not contain control or non-characters (U+%04X at position %d)", (int) value.charAt(at),
                        at)));
            }
        });
        if (!errors.isEmpty()) {
            errors.sort(java.util.Comparator.comparing(org.frontline.platform.problem.Problem.FieldError::field));
            throw ProblemException.validation(errors);
        }
    }

    /** The index of the first character XML 1.0 forbids, or -1 (null: -1). */
    static int xmlIllegalAt(String value) {
        if (value == null) {
            return -1;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return i;
            }
            if (c == 0xFFFE || c == 0xFFFF) {
                return i;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return i;
            }
            if (Character.isLowSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** An alert raised by hand opens in the warning phase; it has no signal, so it never merges with a firing. */
    @Transactional
    public Alert raise(String areaCode, Alert.Level level, String title, String description, String raisedBy) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Alert alert = newAlert(areaCode, level, now, raisedBy);
        alert.title = title.strip();
        alert.description = description;
        alert.persist();
        journal.log(alert, AlertLogEntry.Kind.RAISED, raisedBy, null, alert.status, "raised by hand", now);
        journal.publish(alert, AlertJournal.raised(alert), now);
        return alert;
    }

    /**
     * A detector's alarm, in its own transaction with the open alert locked. Two replicas opening the same alert at
     * once: the unique partial index refuses the second insert, and the retry finds the first one's alert and
     * updates it. A transient database failure (deadlock, serialization failure, lost connection) is tried again
     * after a short pause; {@value #FIRE_ATTEMPTS} attempts in all.
     */
    public Outcome fire(Firing firing) {
        for (int attempt = 1;; attempt++) {
            try {
                return QuarkusTransaction.requiringNew().call(() -> fireOnce(firing));
            } catch (RuntimeException e) {
                if (attempt < FIRE_ATTEMPTS && DatabaseFailures.isUniqueViolation(e)) {
                    LOG.debugf("alert on %s %s opened meanwhile; firing again as an update", firing.community(),
                            firing.signal().path());
                    continue;
                }
                if (attempt < FIRE_ATTEMPTS && DatabaseFailures.isTransient(e)) {
                    LOG.infof("firing on %s %s failed (%s); attempt %d of %d", firing.community(),
                            firing.signal().path(), DatabaseFailures.describe(e), attempt + 1, FIRE_ATTEMPTS);
                    pause(FIRE_PAUSE_MS << (attempt - 1));
                    continue;
                }
                throw e;
            }
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a firing", e);
        }
    }

    private Outcome fireOnce(Firing f) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Alert open = openAlert(f.community(), f.signal());
        if (open == null) {
            Optional<Alert> recent = Alert.find("areaCode = ?1 and signal = ?2 and status = ?3 and closedAt > ?4",
                    f.community(), f.signal(), Alert.Status.CLOSED, now.minus(lifecycle.cooldown())).firstResultOptional();
            if (recent.isPresent()) {
                LOG.infof("detector %s fired on %s %s for %s within the cooldown after alert %s closed; no new alert",
                        f.detectorName(), f.community(), f.signal().path(), f.day(), recent.get().id);
                return Outcome.COOLDOWN;
            }
            // after the cooldown, an alarm on a day the last closed alert already covered (a late recount of that
            // episode) does not open a new one: only a day after it does
            Optional<Alert> lastClosed = Alert.find("areaCode = ?1 and signal = ?2 and status = ?3 order by closedAt desc",
                    f.community(), f.signal(), Alert.Status.CLOSED).firstResultOptional();
            if (lastClosed.isPresent() && lastClosed.get().observedDay != null
                    && !f.day().isAfter(lastClosed.get().observedDay)) {
                LOG.infof("detector %s fired on %s %s for %s, at or before alert %s's observed day %s (closed); "
                        + "no new alert", f.detectorName(), f.community(), f.signal().path(), f.day(),
                        lastClosed.get().id, lastClosed.get().observedDay);
                return Outcome.CLOSED_DAY;
            }
            Alert alert = newAlert(f.community(), f.level(), now, AlertJournal.SYSTEM);
            alert.signal = f.signal();
            alert.title = title(f);
            apply(alert, f, now);
            alert.persist();
            em.flush(); // the unique partial index answers here, before anything else is written
            recordFiring(alert, f, now);
            journal.log(alert, AlertLogEntry.Kind.RAISED, AlertJournal.SYSTEM, null, alert.status, describe(f), now);
            journal.publish(alert, AlertJournal.raised(alert), now);
            return Outcome.RAISED;
        }
        boolean newFiring = recordFiring(open, f, now);
        boolean rises = f.level().compareTo(open.level) > 0;
        if (!newFiring && !rises) {
            return Outcome.REPEATED;
        }
        Alert.Level previous = open.level;
        if (newFiring) {
            open.firings++;
        }
        apply(open, f, now);
        journal.log(open, AlertLogEntry.Kind.FIRED, AlertJournal.SYSTEM, null, null, describe(f), now);
        if (rises) {
            open.level = f.level();
            if (open.status == Alert.Status.OPEN) {
                deadline(open.level).map(now::plus).filter(due -> open.ackDueAt == null || due.isBefore(open.ackDueAt))
                        .ifPresent(due -> open.ackDueAt = due);
            }
            journal.log(open, AlertLogEntry.Kind.LEVEL, AlertJournal.SYSTEM, null, null,
                    "level " + previous + " → " + open.level + " (" + f.detectorName() + ")", now);
        }
        open.updatedAt = now;
        journal.publish(open, AlertJournal.updated(open, previous, now), now);
        return Outcome.UPDATED;
    }

    /** The lifecycle step {@code to}, against the version the caller read (README "Alerts", transitions table). */
    @Transactional
    public Alert transition(UUID id, Alert.Status to, long expectedVersion, String note, String actor) {
        Alert a = locked(id);
        if (a.version != expectedVersion) {
            throw stale(a, expectedVersion);
        }
        Alert.Status from = a.status;
        if (!LEGAL.get(from).contains(to)) {
            throw ProblemException.conflict("Illegal transition", "An alert cannot go from " + from + " to " + to)
                    .with("from", from.name()).with("to", to.name());
        }
        boolean hasNote = note != null && !note.isBlank();
        if (to == Alert.Status.CLOSED && (from == Alert.Status.OPEN || from == Alert.Status.ACKNOWLEDGED) && !hasNote) {
            throw ProblemException.badRequest("Note required",
                    "closing from " + from + " (a false alarm) needs a note saying why", "note");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        a.status = to;
        a.stage = to.stage;
        a.updatedAt = now;
        journal.log(a, AlertLogEntry.Kind.TRANSITION, actor, from, to, hasNote ? note.strip() : null, now);
        switch (to) {
            case ACKNOWLEDGED -> {
                a.acknowledgedBy = actor;
                a.acknowledgedAt = now;
                journal.publish(a, AlertJournal.acknowledged(a), now);
            }
            case CLOSED -> {
                a.closedBy = actor;
                a.closedAt = now;
                journal.publish(a, AlertJournal.closed(a, from), now);
            }
            default -> journal.publish(a, AlertJournal.phaseChanged(a, from, now), now);
        }
        em.flush(); // the version the answer shows
        return a;
    }

    @Transactional
    public AlertLogEntry note(UUID id, String text, String actor) {
        Alert a = Alert.findById(id);
        return journal.log(a, AlertLogEntry.Kind.NOTE, actor, null, null, text.strip(), OffsetDateTime.now(clock));
    }

    /** The deadline to acknowledge an alert of this level; empty: it never escalates. */
    public Optional<Duration> deadline(Alert.Level level) {
        var d = escalation.deadline();
        return switch (level) {
            case BLUE -> d.blue();
            case YELLOW -> d.yellow();
            case ORANGE -> d.orange();
            case RED -> d.red();
        };
    }

    private Alert openAlert(String area, Signal signal) {
        return em.createQuery("from Alert where areaCode = :area and signal = :signal and status <> :closed",
                Alert.class).setParameter("area", area).setParameter("signal", signal)
                .setParameter("closed", Alert.Status.CLOSED).setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultStream().findFirst().orElse(null);
    }

    private Alert locked(UUID id) {
        Alert a = em.find(Alert.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (a == null) {
            throw ProblemException.notFound("Alert", id);
        }
        return a;
    }

    static ProblemException stale(Alert a, long expected) {
        return ProblemException.conflict("Stale alert version", "Alert " + a.id + " is at version " + a.version
                + ", not " + expected + "; read it again").with("version", a.version);
    }

    /** Counts (detector, day) once: false when this detector already fired for this day on the alert. */
    private boolean recordFiring(Alert alert, Firing f, OffsetDateTime now) {
        return em.createNativeQuery("""
                insert into alert_firing (alert_id, detector_id, day, detector_version, observed, threshold, fired_at)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7) on conflict do nothing
                """).setParameter(1, alert.id).setParameter(2, f.detectorId()).setParameter(3, f.day())
                .setParameter(4, f.detectorVersion()).setParameter(5, f.observed()).setParameter(6, f.threshold())
                .setParameter(7, now).executeUpdate() == 1;
    }

    private void apply(Alert a, Firing f, OffsetDateTime now) {
        a.detectorId = f.detectorId();
        a.detectorVersion = f.detectorVersion();
        a.method = DetectorParams.path(f.method());
        a.observed = f.observed();
        a.threshold = f.threshold();
        a.observedDay = f.day();
        a.lastSeen = now;
    }

    private Alert newAlert(String areaCode, Alert.Level level, OffsetDateTime now, String by) {
        Alert alert = new Alert();
        alert.id = UUID.randomUUID();
        alert.areaCode = areaCode;
        alert.level = level;
        alert.status = Alert.Status.OPEN;
        alert.stage = alert.status.stage;
        alert.firings = 1;
        alert.firstSeen = now;
        alert.lastSeen = now;
        alert.raisedBy = by;
        alert.raisedAt = now;
        alert.updatedAt = now;
        alert.escalationTier = startingTier(areaCode);
        alert.ackDueAt = deadline(level).map(now::plus).orElse(null);
        return alert;
    }

    /**
     * The tier an alert starts at follows its area: a community (12 digits) or street (9) at COMMUNITY, a district
     * (6) at DISTRICT, the city (4) at CITY. Escalation only goes above it.
     */
    static Alert.Tier startingTier(String areaCode) {
        return switch (areaCode.length()) {
            case 4 -> Alert.Tier.CITY;
            case 6 -> Alert.Tier.DISTRICT;
            default -> Alert.Tier.COMMUNITY;
        };
    }

    private static String title(Firing f) {
        // no level in the title: a later firing may raise the level, and the title stays
        String t = f.signal().path() + " above expected in " + f.community() + " (" + f.detectorName() + ")";
        return t.length() > 200 ? t.substring(0, 200) : t;
    }

    private static String describe(Firing f) {
        return f.detectorName() + " v" + f.detectorVersion() + " (" + DetectorParams.path(f.method()) + ") on "
                + f.day() + ": observed " + f.observed() + ", threshold " + f.threshold();
    }
}
