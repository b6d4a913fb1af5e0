package org.frontline.platform.events;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.frontline.platform.config.FrontlineConfig;

/**
 * Readiness of the event pipeline: how many events wait in the outbox and whether Kafka is taking them.
 *
 * <p>A broker outage alone does not take the service out of rotation: the outbox exists precisely so that
 * writes are accepted during one. Readiness turns DOWN only when the backlog passes
 * {@code frontline.outbox.max-backlog}. The database's readiness comes from the datasource check.
 */
@Readiness
@ApplicationScoped
public class OutboxHealthCheck implements HealthCheck {

    private final OutboxRelay relay;
    private final FrontlineConfig config;

    public OutboxHealthCheck(OutboxRelay relay, FrontlineConfig config) {
        this.relay = relay;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        long backlog = relay.refreshBacklog();
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("outbox")
                .status(backlog <= config.outbox().maxBacklog())
                .withData("pending", backlog)
                .withData("maxBacklog", config.outbox().maxBacklog())
                .withData("kafka", relay.lastError() == null ? "publishing" : "unreachable: " + relay.lastError());
        if (relay.lastPublishedAt() != null) {
            builder.withData("lastPublishedAt", relay.lastPublishedAt().toString());
        }
        return builder.build();
    }
}
