package org.frontline.platform.events;

/**
 * A fact a service publishes. The record's fields become the CloudEvents {@code data}; the area the fact is about
 * becomes the {@code subject} and the Kafka record key, so all facts about one area stay in order on one
 * partition. Annotate the record with {@link EventType}.
 *
 * <p>Most facts are about one community: a record with a {@code communityCode} field needs nothing more. A fact
 * about a wider area (a district depot, a district-wide alert) overrides {@link #subject()} with that area's
 * code prefix (2, 4, 6 or 9 digits); consumers treat a prefix as covering all its communities.
 */
public interface DomainEvent {

    /** The 12-digit community code the fact belongs to, if it is about one community. */
    default String communityCode() {
        return null;
    }

    /** The area the fact is about: a community code or a shorter area prefix. Defaults to the community. */
    default String subject() {
        return communityCode();
    }
}
