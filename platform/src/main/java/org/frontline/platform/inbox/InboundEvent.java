package org.frontline.platform.inbox;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.frontline.platform.events.CloudEvents;

/**
 * A CloudEvent read from Kafka (binary mode). Consumers read the few fields they need from {@link #data()}
 * (tolerant reader) instead of sharing the publisher's classes.
 */
public record InboundEvent(UUID id, String type, String source, String subject, OffsetDateTime time,
        JsonNode data, String topic) {

    /** Parses the envelope; a record that is not a valid CloudEvent is a {@link PoisonMessageException}. */
    public static InboundEvent from(ConsumerRecord<String, String> record, ObjectMapper mapper) {
        String id = header(record, CloudEvents.H_ID);
        String type = header(record, CloudEvents.H_TYPE);
        String source = header(record, CloudEvents.H_SOURCE);
        if (id == null || type == null || source == null) {
            throw new PoisonMessageException("not a CloudEvent: ce_id, ce_type and ce_source are required");
        }
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new PoisonMessageException("ce_id is not a UUID: " + id);
        }
        OffsetDateTime time = null;
        String timeHeader = header(record, CloudEvents.H_TIME);
        if (timeHeader != null) {
            try {
                time = OffsetDateTime.parse(timeHeader);
            } catch (RuntimeException e) {
                throw new PoisonMessageException("ce_time is not an RFC 3339 time: " + timeHeader);
            }
        }
        JsonNode data;
        try {
            data = record.value() == null ? mapper.nullNode() : mapper.readTree(record.value());
        } catch (Exception e) {
            throw new PoisonMessageException("event data is not JSON: " + e.getMessage());
        }
        String subject = header(record, CloudEvents.H_SUBJECT);
        return new InboundEvent(uuid, type, source, subject != null ? subject : record.key(), time, data,
                record.topic());
    }

    /** The event name without prefix and version: {@code frontline.screening.FeverDetected.v1} → {@code FeverDetected}. */
    public String name() {
        String[] parts = type.split("\\.");
        return parts.length >= 4 ? parts[parts.length - 2] : type;
    }

    /** The version number of the type, 0 if it has none. */
    public int version() {
        String last = type.substring(type.lastIndexOf('.') + 1);
        return last.matches("v\\d+") ? Integer.parseInt(last.substring(1)) : 0;
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
