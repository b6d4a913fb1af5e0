package org.frontline.alert.messaging;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.alert.plan.PlanProgress;
import org.frontline.platform.inbox.Inbox;
import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.PoisonMessageException;
import org.frontline.platform.security.AreaCodes;

import com.fasterxml.jackson.databind.JsonNode;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Recovery follow-up (README "Tasks, escalation, phases and recovery", "Follow-ups"): reads QuarantineEnded from
 * {@code screening.events} (tolerant reader: quarantineId, residentId, communityCode, reason, endedOn), keeps the
 * release, and creates the follow-ups of every real activation in recovery that covers the community. Whole polled
 * batches, other types skipped unparsed: the topic is the busiest of the city.
 */
@ApplicationScoped
public class FollowUpConsumer {

    /** Channel name; its block in application.properties names the topic screening.events. */
    public static final String CHANNEL = "plan-followups";
    public static final String CONSUMER = "alert-plan-followups";
    static final String ENDED = "frontline.screening.QuarantineEnded.v";

    private final Inbox inbox;
    private final PlanProgress progress;
    private final java.time.Clock clock;

    public FollowUpConsumer(Inbox inbox, PlanProgress progress, java.time.Clock clock) {
        this.inbox = inbox;
        this.progress = progress;
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void on(ConsumerRecords<String, String> records) {
        inbox.applyBatch(CONSUMER, records, type -> type.startsWith(ENDED), this::apply);
    }

    void apply(InboundEvent event) {
        JsonNode d = event.data();
        UUID quarantineId = uuid(event, d, "quarantineId");
        UUID residentId = uuid(event, d, "residentId");
        String community = d.hasNonNull("communityCode") ? d.get("communityCode").asText() : event.subject();
        if (community == null || !AreaCodes.isCommunityCode(community)) {
            throw new PoisonMessageException("QuarantineEnded " + event.id() + " names no community: " + community);
        }
        LocalDate endedOn;
        try {
            endedOn = LocalDate.parse(d.path("endedOn").asText());
        } catch (DateTimeParseException e) {
            throw new PoisonMessageException("QuarantineEnded " + event.id() + " has no endedOn date");
        }
        String reason = d.hasNonNull("reason") ? d.get("reason").asText() : "UNKNOWN";
        progress.onQuarantineEnded(quarantineId, residentId, community, reason, endedOn, OffsetDateTime.now(clock));
    }

    private static UUID uuid(InboundEvent event, JsonNode d, String field) {
        try {
            return UUID.fromString(d.path(field).asText());
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException(event.name() + " " + event.id() + " has no " + field + " that is a UUID");
        }
    }
}
