package org.frontline.alert.plan;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.transaction.Transactional;

import org.frontline.alert.Alert;
import org.frontline.alert.events.PlanEvents;
import org.frontline.alert.notify.Notifications;
import org.frontline.alert.service.AlertService;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;

/**
 * Notices to residents (README "Drills and notices"): what happened, what to do and where to get help, in Chinese and
 * English, for an area; published once (NoticePublished through {@link PlanJournal}, with its notifications) and never
 * edited. A notice naming an alert is that alert's public CAP instruction: publishing one is a new CAP message of the
 * alert (an Update), numbered under the alert's row lock like every other change of it.
 */
@ApplicationScoped
public class NoticeService {

    public static final int MAX_HEADLINE = 200;
    public static final int MAX_TEXT = 2000;
    public static final int MAX_HELP = 1000;
    public static final Duration MAX_EXPIRY = Duration.ofDays(90);

    /** The texts of a notice in both languages (trimmed by {@link #publish}). */
    public record Texts(String headlineZh, String headlineEn, String whatHappenedZh, String whatHappenedEn,
            String whatToDoZh, String whatToDoEn, String whereToGetHelpZh, String whereToGetHelpEn) {
    }

    private final EntityManager em;
    private final PlanJournal journal;
    private final Clock clock;
    private final Notifications notifications;

    public NoticeService(EntityManager em, PlanJournal journal, Clock clock, Notifications notifications) {
        this.notifications = notifications;
        this.em = em;
        this.journal = journal;
        this.clock = clock;
    }

    /**
     * Validates and publishes a notice for {@code area} (already checked against the caller's scope). Every text is
     * required, trimmed, within its length and free of characters XML forbids (400 naming each field, e.g.
     * {@code headline.zh}); {@code expiresAt} in the future and at most 90 days ahead. {@code alertId}: an alert the
     * caller can see ({@code visible}) whose area covers or lies inside {@code area}; anything else — also a missing or
     * hidden alert — is the same 422 naming alertId.
     */
    @Transactional
    public Notice publish(String area, UUID alertId, Texts raw, OffsetDateTime expiresAt, Predicate<String> visible,
            String actor) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Texts t = validate(raw);
        if (expiresAt != null && (!expiresAt.isAfter(now) || expiresAt.isAfter(now.plus(MAX_EXPIRY)))) {
            throw ProblemException.validation(List.of(new Problem.FieldError("expiresAt",
                    "must lie in the future and at most " + MAX_EXPIRY.toDays() + " days ahead")));
        }
        Alert alert = null;
        if (alertId != null) {
            Alert found = Alert.findById(alertId);
            if (found == null || !visible.test(found.areaCode)
                    || !(found.areaCode.startsWith(area) || area.startsWith(found.areaCode))) {
                throw DrillService.unprocessable("alertId",
                        "must name an alert you can see whose area covers or lies inside areaCode " + area);
            }
            // the alert's row lock numbers its CAP messages (Notifications.recordCapMessage)
            alert = em.find(Alert.class, alertId, LockModeType.PESSIMISTIC_WRITE);
        }
        Notice n = new Notice();
        n.id = UUID.randomUUID();
        n.areaCode = area;
        n.alertId = alertId;
        n.headlineZh = t.headlineZh();
        n.headlineEn = t.headlineEn();
        n.whatHappenedZh = t.whatHappenedZh();
        n.whatHappenedEn = t.whatHappenedEn();
        n.whatToDoZh = t.whatToDoZh();
        n.whatToDoEn = t.whatToDoEn();
        n.whereToGetHelpZh = t.whereToGetHelpZh();
        n.whereToGetHelpEn = t.whereToGetHelpEn();
        n.publishedBy = actor;
        n.publishedAt = now;
        n.expiresAt = expiresAt;
        n.persist();
        PlanEvents.NoticePublished event = new PlanEvents.NoticePublished(n.id, n.areaCode, n.alertId, n.headlineZh,
                n.headlineEn, n.whatHappenedZh, n.whatHappenedEn, n.whatToDoZh, n.whatToDoEn, n.whereToGetHelpZh,
                n.whereToGetHelpEn, n.publishedAt, n.expiresAt);
        journal.publish(n.areaCode, null, null, event, now);
        if (alert != null) {
            notifications.recordCapMessage(alert.id, "NoticePublished", now);
        }
        return n;
    }

    /**
     * An alert's public CAP instruction: the latest notice linked to it that has not expired and whose area covers the
     * alert's (equal to it or a prefix of it). A narrower notice linked to it (a community's notice on a district
     * alert) is listed with the alert, but speaks for its community only, not for the alert's whole area.
     */
    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<Notice> latestFor(UUID alertId) {
        Alert alert = Alert.findById(alertId);
        if (alert == null) {
            return Optional.empty();
        }
        return Notice.<Notice>find("""
                alertId = ?1 and (expiresAt is null or expiresAt > ?2) and ?3 like concat(areaCode, '%')
                order by publishedAt desc, id desc
                """, alertId, OffsetDateTime.now(clock), alert.areaCode).firstResultOptional();
    }

    static Texts validate(Texts raw) {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put("headline.zh", trim(raw == null ? null : raw.headlineZh()));
        texts.put("headline.en", trim(raw == null ? null : raw.headlineEn()));
        texts.put("whatHappened.zh", trim(raw == null ? null : raw.whatHappenedZh()));
        texts.put("whatHappened.en", trim(raw == null ? null : raw.whatHappenedEn()));
        texts.put("whatToDo.zh", trim(raw == null ? null : raw.whatToDoZh()));
        texts.put("whatToDo.en", trim(raw == null ? null : raw.whatToDoEn()));
        texts.put("whereToGetHelp.zh", trim(raw == null ? null : raw.whereToGetHelpZh()));
        texts.put("whereToGetHelp.en", trim(raw == null ? null : raw.whereToGetHelpEn()));
        List<Problem.FieldError> errors = new ArrayList<>();
        texts.forEach((field, value) -> {
            int max = field.startsWith("headline") ? MAX_HEADLINE
                    : field.startsWith("whereToGetHelp") ? MAX_HELP : MAX_TEXT;
            if (value == null || value.isEmpty()) {
                errors.add(new Problem.FieldError(field, "must not be blank"));
            } else if (value.length() > max) {
                errors.add(new Problem.FieldError(field, "must be at most " + max + " characters"));
            }
        });
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        // the CAP message quotes these texts: the same rule as an alert's title (no control or non-characters)
        AlertService.requireXmlText(texts);
        return new Texts(texts.get("headline.zh"), texts.get("headline.en"), texts.get("whatHappened.zh"),
                texts.get("whatHappened.en"), texts.get("whatToDo.zh"), texts.get("whatToDo.en"),
                texts.get("whereToGetHelp.zh"), texts.get("whereToGetHelp.en"));
    }

    private static String trim(String value) {
        return value == null ? null : value.strip();
    }
}
