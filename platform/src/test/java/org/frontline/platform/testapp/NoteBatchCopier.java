package org.frontline.platform.testapp;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.Inbox;
import org.frontline.platform.inbox.PoisonMessageException;

import io.smallrye.reactive.messaging.annotations.Blocking;

/** The batch consumer of the test app ({@code batch=true}): reads NoteWritten only, skips every other type unparsed. */
@ApplicationScoped
public class NoteBatchCopier {

    public static final String CONSUMER = "note-batch-copier";
    public static final String NOTE_WRITTEN = "frontline.testapp.NoteWritten.v1";

    @Inject
    Inbox inbox;
    @Inject
    EntityManager em;

    @Incoming("note-batches")
    @Blocking(ordered = true)
    public void on(ConsumerRecords<String, String> records) {
        inbox.applyBatch(CONSUMER, records, NOTE_WRITTEN::equals, this::copy);
    }

    public void copy(InboundEvent event) {
        if (!event.data().hasNonNull("noteId")) {
            throw new PoisonMessageException("NoteWritten without noteId");
        }
        em.createNativeQuery("""
                insert into note_copy (note_id, applied) values (cast(?1 as uuid), 1)
                on conflict (note_id) do update set applied = note_copy.applied + 1
                """)
                .setParameter(1, event.data().get("noteId").asText())
                .executeUpdate();
    }
}
