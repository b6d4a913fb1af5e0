package org.frontline.roster.service;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.PoisonMessageException;
import org.frontline.platform.security.AreaCodes;
import org.frontline.roster.Person;
import org.frontline.roster.QualificationType;
import org.frontline.roster.Training;
import org.frontline.roster.messaging.PlanEventsReceived.DrillCompleted;
import org.jboss.logging.Logger;

/**
 * Drills alert-service ran (README "Drills from alert-service"): a DrillCompleted becomes a training of kind DRILL in
 * the drill's area, held on the city date it ended, with the attendance of its attendees — through
 * {@link TrainingService#hold} and {@link TrainingService#attend}, the path of the API, so a granted qualification is
 * renewed and PersonDutiesChanged and ShiftStaffingChanged follow as they do there. Once per drill: the drill id is
 * the training's natural key, so a re-sent copy with a new event id records nothing more.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class DrillService {

    private static final Logger LOG = Logger.getLogger(DrillService.class);
    static final String DRILL_COMPLETED = "DrillCompleted";
    static final String UNTITLED = "Drill";

    private final TrainingService trainings;
    private final ObjectMapper mapper;
    private final Clock clock;

    public DrillService(TrainingService trainings, ObjectMapper mapper, Clock clock) {
        this.trainings = trainings;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** Applies one alert-service event (called by the inbox, inside its transaction); only DrillCompleted counts. */
    public void onAlertEvent(InboundEvent event) {
        if (!DRILL_COMPLETED.equals(event.name())) {
            return;
        }
        DrillCompleted drill;
        try {
            drill = mapper.treeToValue(event.data(), DrillCompleted.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException("DrillCompleted " + event.id() + " is unreadable: " + e.getMessage());
        }
        if (drill.drillId() == null || drill.completedAt() == null || drill.communityCode() == null
                || !AreaCodes.isAreaPrefix(drill.communityCode())) {
            throw new PoisonMessageException("DrillCompleted " + event.id()
                    + " lacks a drillId, a completedAt or a valid communityCode");
        }
        record(drill);
    }

    /** Records the drill as a training with its attendance, unless it was recorded before. */
    void record(DrillCompleted drill) {
        // two copies of one drill at once (a re-sent copy, two replicas): the second waits, then finds the first
        Training.getEntityManager().createNativeQuery("select pg_advisory_xact_lock(hashtext('training-drill:' || ?1))")
                .setParameter(1, drill.drillId().toString()).getSingleResult();
        if (Training.count("drillId", drill.drillId()) > 0) {
            LOG.infof("drill %s is recorded as a training already; nothing more", drill.drillId());
            return;
        }
        String grants = drill.grantsQualification();
        if (grants != null && (grants.isBlank() || QualificationType.findById(grants) == null)) {
            LOG.warnf("drill %s grants the unknown qualification %s; recorded without a grant", drill.drillId(), grants);
            grants = null;
        }
        String title = drill.title() == null || drill.title().isBlank() ? UNTITLED : drill.title().strip();
        title = title.length() > 200 ? title.substring(0, 200) : title;
        LocalDate heldOn = drill.completedAt().atZoneSameInstant(clock.getZone()).toLocalDate();
        String by = "alert-service drill " + drill.drillId();
        Training t = trainings.hold(new TrainingService.NewTraining(Training.Kind.DRILL, title, drill.communityCode(),
                heldOn, grants, null), by);
        t.drillId = drill.drillId();

        // only active people inside the drill's area attend; anyone else is skipped (logged), never the whole event
        List<UUID> ids = drill.attendeeIds() == null ? List.of()
                : new ArrayList<>(new LinkedHashSet<>(drill.attendeeIds().stream().filter(id -> id != null).toList()));
        Map<UUID, Person> found = new HashMap<>();
        if (!ids.isEmpty()) {
            Person.<Person>list("id in ?1", ids).forEach(p -> found.put(p.id, p));
        }
        List<Person> attendees = new ArrayList<>();
        for (UUID id : ids) {
            Person p = found.get(id);
            if (p == null || !p.active || !p.communityCode.startsWith(t.areaCode)) {
                LOG.warnf("drill %s: attendee %s skipped (%s)", drill.drillId(), id, p == null ? "unknown"
                        : !p.active ? "not active" : "outside the area " + t.areaCode);
                continue;
            }
            attendees.add(p);
        }
        var attendance = trainings.attend(t, attendees, by);
        LOG.infof("drill %s recorded as training %s (%s, %s): %d attended", drill.drillId(), t.id, t.areaCode, heldOn,
                attendance.recorded().size());
    }
}
