package org.frontline.alert.plan;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.platform.inbox.InboundEvent;
import org.frontline.platform.inbox.PoisonMessageException;
import org.frontline.platform.security.AreaCodes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * roster-service's emergency teams and duty holders as alert-service knows them (README "Owners"), from
 * TeamMembersChanged and PersonDutiesChanged: one row per team and per person, the fact with the newest
 * {@code changedAt} wins (an older one arriving late, or a re-sent copy, changes nothing). {@link Owners} reads them.
 */
@ApplicationScoped
public class RosterDirectory {

    public static final String TEAM_MEMBERS_CHANGED = "frontline.roster.TeamMembersChanged.v1";
    public static final String PERSON_DUTIES_CHANGED = "frontline.roster.PersonDutiesChanged.v1";
    public static final Set<String> TYPES = Set.of(TEAM_MEMBERS_CHANGED, PERSON_DUTIES_CHANGED);

    private final EntityManager em;
    private final ObjectMapper mapper;

    public RosterDirectory(EntityManager em, ObjectMapper mapper) {
        this.em = em;
        this.mapper = mapper;
    }

    /** Applies one roster event inside the inbox's transaction; other types change nothing. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void onRosterEvent(InboundEvent event) {
        if (TEAM_MEMBERS_CHANGED.equals(event.type())) {
            team(event);
        } else if (PERSON_DUTIES_CHANGED.equals(event.type())) {
            person(event);
        }
    }

    private void team(InboundEvent e) {
        JsonNode d = e.data();
        UUID teamId = PlanActivations.uuid(d.path("teamId"), "teamId");
        String community = community(d);
        String title = d.path("title").asText("").strip();
        if (title.isEmpty() || title.length() > 200) {
            throw new PoisonMessageException("TeamMembersChanged " + e.id() + ": title must be 1 to 200 characters");
        }
        String purpose = d.path("purpose").isTextual() ? d.path("purpose").asText().strip() : null;
        if (purpose != null && purpose.length() > 500) {
            purpose = purpose.substring(0, 500);
        }
        JsonNode members = d.path("memberIds");
        if (!members.isArray()) {
            throw new PoisonMessageException("TeamMembersChanged " + e.id() + ": memberIds must be an array");
        }
        List<String> ids = new ArrayList<>();
        members.forEach(m -> ids.add(PlanActivations.uuid(m, "memberIds[]").toString()));
        OffsetDateTime changedAt = changedAt(e);
        em.createNativeQuery("""
                insert into roster_team (team_id, community_code, team_name, purpose, member_ids, changed_at)
                values (?1, ?2, ?3, ?4, cast(?5 as uuid[]), ?6)
                on conflict (team_id) do update set community_code = excluded.community_code,
                    team_name = excluded.team_name, purpose = excluded.purpose, member_ids = excluded.member_ids,
                    changed_at = excluded.changed_at
                where roster_team.changed_at < excluded.changed_at
                """).setParameter(1, teamId).setParameter(2, community).setParameter(3, title)
                .setParameter(4, purpose).setParameter(5, "{" + String.join(",", ids) + "}")
                .setParameter(6, changedAt).executeUpdate();
    }

    private void person(InboundEvent e) {
        JsonNode d = e.data();
        UUID personId = PlanActivations.uuid(d.path("personId"), "personId");
        String community = community(d);
        if (!d.path("active").isBoolean()) {
            throw new PoisonMessageException("PersonDutiesChanged " + e.id() + ": active must be true or false");
        }
        JsonNode duties = d.path("duties");
        if (!duties.isArray()) {
            throw new PoisonMessageException("PersonDutiesChanged " + e.id() + ": duties must be an array");
        }
        ArrayNode clean = mapper.createArrayNode();
        for (JsonNode duty : duties) {
            String code = duty.path("dutyCode").asText("");
            if (code.isBlank()) {
                throw new PoisonMessageException("PersonDutiesChanged " + e.id() + ": a duty without dutyCode");
            }
            var item = clean.addObject().put("dutyCode", code);
            JsonNode until = duty.path("validUntil");
            if (until.isTextual()) {
                try {
                    item.put("validUntil", LocalDate.parse(until.asText()).toString());
                } catch (DateTimeParseException ex) {
                    throw new PoisonMessageException("PersonDutiesChanged " + e.id() + ": validUntil is not a date");
                }
            } else {
                item.putNull("validUntil");
            }
        }
        em.createNativeQuery("""
                insert into roster_person (person_id, community_code, active, duties, changed_at)
                values (?1, ?2, ?3, cast(?4 as jsonb), ?5)
                on conflict (person_id) do update set community_code = excluded.community_code,
                    active = excluded.active, duties = excluded.duties, changed_at = excluded.changed_at
                where roster_person.changed_at < excluded.changed_at
                """).setParameter(1, personId).setParameter(2, community).setParameter(3, d.path("active").booleanValue())
                .setParameter(4, clean.toString()).setParameter(5, changedAt(e)).executeUpdate();
    }

    private static String community(JsonNode d) {
        String code = d.path("communityCode").asText("");
        if (!AreaCodes.isCommunityCode(code)) {
            throw new PoisonMessageException("communityCode is not a community code: " + code);
        }
        return code;
    }

    private static OffsetDateTime changedAt(InboundEvent e) {
        OffsetDateTime at = PlanActivations.time(e.data().path("changedAt"), e.time());
        if (at == null) {
            throw new PoisonMessageException(e.type() + " " + e.id() + ": neither changedAt nor ce_time");
        }
        return at;
    }
}
