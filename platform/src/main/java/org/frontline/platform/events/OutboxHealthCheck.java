package org.frontline.platform.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * What the event pipeline is doing: events waiting in the outbox, events parked, whether this instance is the
 * relay leader and whether Kafka is taking events.
 *
 * <p>Always UP. Neither a broker outage nor a backlog is a reason to take an instance out of rotation: the
 * outbox exists so that writes are accepted meanwhile, and another instance would have the same backlog. Alert
 * on the {@code frontline_outbox_pending} and {@code frontline_outbox_parked} gauges instead (platform/README.md).
 * The database's readiness comes from the datasource check. The counts are the relay's last ones (see
 * {@code frontline.outbox.count-interval}), so a probe costs no query.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private final OutboxRelay relay;

    public OutboxHealthCheck(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        // the relay's last count (every count-interval on the leader): a probe never scans the outbox itself
        String kafka = !relay.leading() ? "standby: another instance relays"
                : relay.lastError() == null ? "publishing" : "unreachable: " + relay.lastError();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("outbox").up()
                .withData("pending", relay.pending())
                .withData("parked", relay.parked())
                .withData("leader", relay.leading())
                .withData("kafka", kafka);
        if (relay.countedAt() != null) {
            builder.withData("countedAt", relay.countedAt().toString());
        }
        if (relay.lastPublishedAt() != null) {
            builder.withData("lastPublishedAt", relay.lastPublishedAt().toString());
        }
        return builder.build();
    }
}
