package org.frontline.roster.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;

import org.frontline.platform.events.Outbox;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.roster.Person;
import org.frontline.roster.Team;
import org.frontline.roster.events.TeamMembersChanged;

/** Emergency teams (应急队伍): a community's people to call out, and consenting people lent from its district. */
@ApplicationScoped
@Transactional
public class TeamService {

    private final Clock clock;
    private final Outbox outbox;

    public TeamService(Clock clock, Outbox outbox) {
        this.clock = clock;
        this.outbox = outbox;
    }

    public Team form(String communityCode, String name, String purpose, String by) {
        Team t = new Team();
        t.id = UUID.randomUUID();
        t.communityCode = communityCode;
        t.name = name.strip();
        t.purpose = purpose == null || purpose.isBlank() ? null : purpose.strip();
        t.createdBy = by;
        t.createdAt = OffsetDateTime.now(clock);
        t.persist();
        announce(t);
        return t;
    }

    /**
     * Replaces the members (the caller has checked they may see each person); emits TeamMembersChanged (also when
     * forming a team, with no members). Each must be active and of the team's
     * community, or consent to be lent and belong to the same district; else 422 naming them, nothing written.
     */
    public Team members(UUID teamId, Long version, List<Person> people) {
        Team t = Team.findById(teamId);
        if (version != null && version != t.version) {
            throw stale(t);
        }
        String district = t.communityCode.substring(0, 6);
        List<Problem.FieldError> refused = new ArrayList<>();
        for (Person p : people) {
            String why = !p.active ? "is not active"
                    : p.communityCode.equals(t.communityCode) ? null
                    : !p.communityCode.startsWith(district) ? "belongs to another district"
                    : !p.lendConsent ? "has not consented to be lent to other communities" : null;
            if (why != null) {
                refused.add(new Problem.FieldError("personIds", "person " + p.id + " " + why));
            }
        }
        if (!refused.isEmpty()) {
            throw new ProblemException(422, "not-eligible-for-team", "Not eligible for this team",
                    refused.size() == 1 ? refused.get(0).message() : refused.size() + " people cannot join this team",
                    refused);
        }
        t.members.clear();
        t.members.addAll(new LinkedHashSet<>(people.stream().map(p -> p.id).toList()));
        try {
            Team.flush(); // a change of members raises the team's version: a concurrent replacement loses here
        } catch (OptimisticLockException e) {
            throw stale(t);
        }
        announce(t);
        return t;
    }

    /** TeamMembersChanged: the team's whole member list as it stands now (person ids, sorted). */
    private void announce(Team t) {
        outbox.record(TeamMembersChanged.TOPIC, new TeamMembersChanged(t.id, t.communityCode, t.name, t.purpose,
                t.members.stream().sorted().toList(), OffsetDateTime.now(clock)));
    }

    private static ProblemException stale(Team t) {
        return ProblemException.conflict("Team changed", "Team " + t.id + " was changed meanwhile; reload and retry");
    }
}
