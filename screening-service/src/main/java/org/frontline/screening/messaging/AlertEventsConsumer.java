package org.frontline.screening.messaging;

import java.nio.charset.StandardCharsets;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.platform.events.CloudEvents;
import org.frontline.platform.inbox.Inbox;
import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.PoisonMessageException;
import org.frontline.screening.service.PlanRequestService;
import org.jboss.logging.Logger;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Reads alert-service's events for what response plans ask of screening-service (README "Requests from response
 * plans", "Notices to residents"): CampaignRequested opens a campaign, NoticePublished stores a notice. Each event
 * once (inbox); every other type on the topic is skipped unparsed and leaves no inbox row.
 */
@ApplicationScoped
public class AlertEventsConsumer {

    private static final Logger LOG = Logger.getLogger(AlertEventsConsumer.class);

    /** Channel name = the topic's name in the channel block of application.properties. */
    public static final String CHANNEL = "alert-events";
    public static final String CONSUMER = "screening-plan-requests";
    static final Set<String> READ = Set.of("frontline.alert.CampaignRequested.v1", "frontline.alert.NoticePublished.v1");

    private final Inbox inbox;
    private final PlanRequestService requests;
    private final ObjectMapper mapper;

    public AlertEventsConsumer(Inbox inbox, PlanRequestService requests, ObjectMapper mapper) {
        this.inbox = inbox;
        this.requests = requests;
        this.mapper = mapper;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void onAlertEvent(ConsumerRecord<String, String> record) {
        Header type = record.headers().lastHeader(CloudEvents.H_TYPE);
        if (type != null && type.value() != null
                && !READ.contains(new String(type.value(), StandardCharsets.UTF_8))) {
            return; // alerts, tasks, other services' requests: not ours
        }
        inbox.apply(CONSUMER, record, this::apply);
    }

    private void apply(InboundEvent event) {
        switch (event.name()) {
            case "CampaignRequested" -> requests.campaignRequested(read(event, PlanRequests.CampaignRequested.class));
            case "NoticePublished" -> requests.noticePublished(read(event, PlanRequests.NoticePublished.class));
            default -> LOG.debugf("%s is not read by %s", event.type(), CONSUMER);
        }
    }

    private <T> T read(InboundEvent event, Class<T> type) {
        try {
            T value = mapper.treeToValue(event.data(), type);
            if (value == null) {
                throw new PoisonMessageException(event.type() + " " + event.id() + " has no data");
            }
            return value;
        } catch (com.fasterxml.jackson.core.JsonProcessingException | IllegalArgumentException e) {
            throw new PoisonMessageException(event.type() + " " + event.id() + " cannot be read: " + e.getMessage());
        }
    }
}
