package org.frontline.platform.testapp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.platform.inbox.Inbox;
import org.frontline.platform.inbox.PoisonMessageException;

import io.smallrye.reactive.messaging.annotations.Blocking;

/** The consumer side of the test app: counts how often each note's event was applied. */
@ApplicationScoped
public class NoteCopier {

    /** Attempts per event id, for the transient-failure tests. */
    public static final java.util.Map<java.util.UUID, Integer> attempts = new java.util.concurrent.ConcurrentHashMap<>();

    @Inject
    Inbox inbox;
    @Inject
    EntityManager em;

    @Incoming("notes")
    @Blocking
    public void on(ConsumerRecord<String, String> record) {
        inbox.apply("note-copier", record, event -> {
            if (!event.data().hasNonNull("noteId")) {
                throw new PoisonMessageException("NoteWritten without noteId");
            }
            // tests ask for database failures: PostgreSQL itself raises them, by default a serialization
            // failure (40001, transient); failState names another SQLState (e.g. 22012, permanent)
            int failures = event.data().path("failTimes").asInt(0);
            String state = event.data().path("failState").asText("40001");
            if (!state.matches("[0-9A-Z]{5}")) {
                throw new PoisonMessageException("bad failState");
            }
            if (attempts.merge(event.id(), 1, Integer::sum) <= failures) {
                em.createNativeQuery("do $$ begin raise exception 'simulated failure " + state + "' "
                        + "using errcode = '" + state + "'; end $$").executeUpdate();
            }
            em.createNativeQuery("""
                    insert into note_copy (note_id, applied) values (cast(?1 as uuid), 1)
                    on conflict (note_id) do update set applied = note_copy.applied + 1
                    """)
                    .setParameter(1, event.data().get("noteId").asText())
                    .executeUpdate();
        });
    }
}
