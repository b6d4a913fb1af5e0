package org.frontline.roster.service;

import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.roster.Duty;
import org.frontline.roster.QualificationType;

/** The posts of a community (reference data): the seeded twelve and those a coordinator adds. */
@ApplicationScoped
@Transactional
public class DutyService {

    private final Clock clock;

    public DutyService(Clock clock) {
        this.clock = clock;
    }

    public Duty define(String code, String name, int riskLevel, List<String> requiredQualifications, String by) {
        Set<String> required = new LinkedHashSet<>(requiredQualifications == null ? List.of() : requiredQualifications);
        List<Problem.FieldError> unknown = new ArrayList<>();
        for (String q : required) {
            if (QualificationType.findById(q) == null) {
                unknown.add(new Problem.FieldError("requiredQualifications", "no qualification type " + q));
            }
        }
        if (!unknown.isEmpty()) {
            throw new ProblemException(422, "unknown-qualification", "Unknown qualification",
                    unknown.size() == 1 ? unknown.get(0).message() : unknown.size() + " qualification types do not exist",
                    unknown);
        }
        if (Duty.findById(code) != null) {
            throw ProblemException.conflict("Duty exists", "A duty with code " + code + " exists already");
        }
        Duty d = new Duty();
        d.code = code;
        d.name = name.strip();
        d.riskLevel = riskLevel;
        d.requiredQualifications = required;
        d.createdBy = by;
        d.createdAt = OffsetDateTime.now(clock);
        d.persist();
        return d;
    }
}
