package org.frontline.alert.plan;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceException;
import jakarta.transaction.Transactional;

import org.frontline.alert.signal.SignalSeries;
import org.frontline.platform.db.DatabaseFailures;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Response plans as data (README "Response plans"): create, change (a new plan version, kept with who and when),
 * adapt a wider area's plan for a narrower one, and read the history. Scope and roles are the resource's; the rules
 * of the plan itself (names, areas, the definition, one plan of a name per area, the optimistic lock) are here.
 */
@ApplicationScoped
@Transactional
public class PlanService {

    /** kebab-case, as action keys */
    public static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    public static final int MAX_NAME = 60;

    /** One stored version of a plan: what it said, who changed it and when. */
    public record PlanVersion(int planVersion, String title, JsonNode definition, boolean active, String changedBy,
            OffsetDateTime changedAt) {
    }

    private final EntityManager em;
    private final ObjectMapper mapper;
    private final Clock clock;

    public PlanService(EntityManager em, ObjectMapper mapper, Clock clock) {
        this.em = em;
        this.mapper = mapper;
        this.clock = clock;
    }

    /** A plan's area: a city (4 digits), district (6), street (9) or community (12); 400 naming {@code field}. */
    public static void requireArea(String area, String field) {
        if (area == null || !area.matches("\\d{4}|\\d{6}|\\d{9}|\\d{12}")) {
            throw ProblemException.validation(List.of(new Problem.FieldError(field,
                    "must be the code of a city (4 digits), district (6), street (9) or community (12)")));
        }
    }

    public static void requireName(String name, String field) {
        if (name == null || name.length() > MAX_NAME || !NAME.matcher(name).matches()) {
            throw ProblemException.validation(List.of(new Problem.FieldError(field,
                    "must be kebab-case (a-z, 0-9, -), 1 to " + MAX_NAME + " characters")));
        }
    }

    /** A new plan (version 1) of an area; 409 when the area has a plan of that name. */
    public ResponsePlan create(String area, String name, String title, PlanDefinition definition, boolean active,
            UUID basedOn, String by) {
        if (ResponsePlan.count("areaCode = ?1 and name = ?2", area, name) > 0) {
            throw exists(area, name);
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        ResponsePlan p = new ResponsePlan();
        p.id = UUID.randomUUID();
        p.areaCode = area;
        p.name = name;
        p.title = title.strip();
        p.basedOn = basedOn;
        p.planVersion = 1;
        p.definition = json(definition);
        p.active = active;
        p.createdBy = by;
        p.createdAt = now;
        p.updatedBy = by;
        p.updatedAt = now;
        try {
            p.persist();
            em.flush(); // a concurrent create of the same area and name answers here, as a 409
        } catch (PersistenceException e) {
            if (DatabaseFailures.isUniqueViolation(e)) {
                throw exists(area, name);
            }
            throw e;
        }
        writeVersion(p);
        return p;
    }

    /**
     * Changes title, definition and active against the version the editor read ({@code expectedVersion}, the
     * optimistic lock): the plan version goes up by one and the new version is kept. 409 with the current version
     * when stale.
     */
    public ResponsePlan update(UUID id, long expectedVersion, String title, PlanDefinition definition, Boolean active,
            String by) {
        ResponsePlan p = em.find(ResponsePlan.class, id, LockModeType.PESSIMISTIC_WRITE);
        if (p == null) {
            throw ProblemException.notFound("Response plan", id);
        }
        if (p.version != expectedVersion) {
            throw ProblemException.conflict("Stale plan version", "Response plan " + id + " is at version "
                    + p.version + ", not " + expectedVersion + "; read it again").with("version", p.version);
        }
        p.title = title.strip();
        p.definition = json(definition);
        if (active != null) {
            p.active = active;
        }
        p.planVersion++;
        p.updatedBy = by;
        p.updatedAt = OffsetDateTime.now(clock);
        em.flush(); // the version the answer shows
        writeVersion(p);
        return p;
    }

    /**
     * A copy of {@code template} for a narrower area inside it (same name and definition, based on the template,
     * plan version 1), which that area then edits. 400 unless the area is more specific than the template's and
     * inside it; 409 when the area already has a plan of that name.
     */
    public ResponsePlan adapt(ResponsePlan template, String area, String title, String by) {
        if (!area.startsWith(template.areaCode) || area.length() <= template.areaCode.length()) {
            throw ProblemException.validation(List.of(new Problem.FieldError("areaCode",
                    "must lie inside the plan's area " + template.areaCode + " and be more specific than it")));
        }
        return create(area, template.name, title == null || title.isBlank() ? template.title : title,
                PlanDefinition.read(mapper, template.definition), true, template.id, by);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PlanVersion> versions(UUID planId) {
        return versionQuery("", planId, null);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<PlanVersion> version(UUID planId, int n) {
        return versionQuery(" and plan_version = ?2", planId, n).stream().findFirst();
    }

    @SuppressWarnings("unchecked")
    private List<PlanVersion> versionQuery(String condition, UUID planId, Integer n) {
        var q = em.createNativeQuery("""
                select plan_version, title, cast(definition as text), active, changed_by, changed_at
                from response_plan_version where plan_id = ?1""" + condition + " order by plan_version")
                .setParameter(1, planId);
        if (n != null) {
            q.setParameter(2, n);
        }
        List<Object[]> rows = q.getResultList();
        return rows.stream().map(r -> new PlanVersion(((Number) r[0]).intValue(), (String) r[1], tree((String) r[2]),
                (Boolean) r[3], (String) r[4], SignalSeries.time(r[5]))).toList();
    }

    /** The stored JSON as the canonical tree of its definition. */
    public JsonNode tree(String json) {
        return PlanDefinition.read(mapper, json).toJson(mapper);
    }

    private String json(PlanDefinition definition) {
        return definition.toJson(mapper).toString();
    }

    private void writeVersion(ResponsePlan p) {
        em.createNativeQuery("""
                insert into response_plan_version (plan_id, plan_version, title, definition, active, changed_by, changed_at)
                values (?1, ?2, ?3, cast(?4 as jsonb), ?5, ?6, ?7)
                """).setParameter(1, p.id).setParameter(2, p.planVersion).setParameter(3, p.title)
                .setParameter(4, p.definition).setParameter(5, p.active).setParameter(6, p.updatedBy)
                .setParameter(7, p.updatedAt).executeUpdate();
    }

    private static ProblemException exists(String area, String name) {
        return ProblemException.conflict("Plan exists", "Area " + area + " has a plan named " + name
                + "; change it instead");
    }
}
