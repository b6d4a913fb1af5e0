package org.frontline.platform.events;

/**
 * A fact a service publishes. The record's fields become the CloudEvents {@code data}; the community
 * code becomes the {@code subject} and the Kafka record key, so all facts of one community stay in order
 * on one partition. Annotate the record with {@link EventType}.
 */
public interface DomainEvent {

    /** The 12-digit community code the fact belongs to. */
    String communityCode();
}
