package org.frontline.roster.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.roster.Person;
import org.frontline.roster.events.StaffRegistered;

@ApplicationScoped
public class RosterService {

    private final Outbox outbox;

    public RosterService(Outbox outbox) {
        this.outbox = outbox;
    }

    @Transactional
    public Person register(String communityCode, Person.Kind kind, String displayName, String registeredBy) {
        Person member = new Person();
        member.id = UUID.randomUUID();
        member.communityCode = communityCode;
        member.kind = kind;
        member.displayName = displayName.strip();
        member.recordedBy = registeredBy;
        member.registeredAt = OffsetDateTime.now(ZoneOffset.UTC);
        member.persist();
        outbox.record(StaffRegistered.TOPIC,
                new StaffRegistered(member.id, member.communityCode, member.kind.name(), member.registeredAt));
        return member;
    }
}
