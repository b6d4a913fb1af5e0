package org.frontline.platform.events;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.frontline.platform.config.FrontlineConfig;
import org.frontline.platform.security.AreaCodes;

/**
 * The transactional outbox. A service records an event in the same database transaction as the state
 * change it describes; {@link OutboxRelay} publishes it to Kafka after commit. A rollback removes both,
 * a crash or a broker outage only delays the event.
 *
 * <pre>{@code
 * @Transactional
 * public Screening record(...) {
 *     screening.persist();
 *     outbox.record(ScreeningTopics.EVENTS, new ResidentScreened(...));
 * }
 * }</pre>
 */
@ApplicationScoped
public class Outbox {

    private static final String WAKE_REGISTERED = Outbox.class.getName() + ".wake";

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final FrontlineConfig config;
    private final TransactionSynchronizationRegistry transactions;
    private final OutboxRelay relay;

    public Outbox(EntityManager em, ObjectMapper mapper, FrontlineConfig config,
            TransactionSynchronizationRegistry transactions, OutboxRelay relay) {
        this.em = em;
        this.mapper = mapper;
        this.config = config;
        this.transactions = transactions;
        this.relay = relay;
    }

    /** Records the event now; returns its CloudEvents id. Must run inside the caller's transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(String topic, DomainEvent event) {
        return record(topic, event, OffsetDateTime.now(ZoneOffset.UTC));
    }

    /** Records the event with the time the fact happened; returns its CloudEvents id. */
    @Transactional(Transactional.TxType.MANDATORY)
    public UUID record(String topic, DomainEvent event, OffsetDateTime occurredAt) {
        EventType eventType = event.getClass().getAnnotation(EventType.class);
        if (eventType == null) {
            throw new IllegalArgumentException(event.getClass().getName() + " lacks @EventType");
        }
        String subject = event.communityCode();
        if (!AreaCodes.isCommunityCode(subject)) {
            throw new IllegalArgumentException("event subject is not a community code: " + subject);
        }
        String payload;
        try {
            payload = mapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot serialise " + event.getClass().getName(), e);
        }
        UUID id = UUID.randomUUID();
        em.createNativeQuery("""
                insert into outbox (event_id, topic, record_key, event_type, source, subject, occurred_at, payload)
                values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
                """)
                .setParameter(1, id)
                .setParameter(2, topic)
                .setParameter(3, subject)
                .setParameter(4, CloudEvents.type(config.service(), eventType))
                .setParameter(5, CloudEvents.source(config.service()))
                .setParameter(6, subject)
                .setParameter(7, occurredAt.truncatedTo(ChronoUnit.MICROS))
                .setParameter(8, payload)
                .executeUpdate();
        wakeRelayAfterCommit();
        return id;
    }

    private void wakeRelayAfterCommit() {
        if (transactions.getResource(WAKE_REGISTERED) != null) {
            return;
        }
        transactions.putResource(WAKE_REGISTERED, Boolean.TRUE);
        transactions.registerInterposedSynchronization(new Synchronization() {
            @Override
            public void beforeCompletion() {
            }

            @Override
            public void afterCompletion(int status) {
                if (status == Status.STATUS_COMMITTED) {
                    relay.wake();
                }
            }
        });
    }
}
