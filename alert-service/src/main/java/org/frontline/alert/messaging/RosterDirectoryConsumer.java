package org.frontline.alert.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.alert.plan.RosterDirectory;
import org.frontline.platform.inbox.Inbox;

import io.smallrye.reactive.messaging.annotations.Blocking;

/**
 * Keeps the directory of roster-service's emergency teams and duty holders that task owners are resolved from
 * (TeamMembersChanged, PersonDutiesChanged on {@code roster.events}); other types are skipped before the inbox.
 */
@ApplicationScoped
public class RosterDirectoryConsumer {

    /** The channel block in application.properties. */
    public static final String CHANNEL = "roster-directory";
    public static final String CONSUMER = "alert-plan-directory";

    private final Inbox inbox;
    private final RosterDirectory directory;

    public RosterDirectoryConsumer(Inbox inbox, RosterDirectory directory) {
        this.inbox = inbox;
        this.directory = directory;
    }

    @Incoming(CHANNEL)
    @Blocking(ordered = true)
    public void onRosterEvent(ConsumerRecord<String, String> record) {
        inbox.apply(CONSUMER, record, RosterDirectory.TYPES::contains, directory::onRosterEvent);
    }
}
