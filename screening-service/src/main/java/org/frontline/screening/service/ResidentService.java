package org.frontline.screening.service;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;
import org.frontline.screening.Household;
import org.frontline.screening.Resident;
import org.frontline.screening.config.ScreeningConfig;

@ApplicationScoped
public class ResidentService {

    private final ScreeningConfig config;

    public ResidentService(ScreeningConfig config) {
        this.config = config;
    }

    public record NewHousehold(String communityCode, String grid, String building, String unit, String room) {
    }

    public record NewResident(UUID householdId, String name, String phone, String idNumber, Integer birthYear,
            Resident.Sex sex, boolean elderlyAlone, boolean chronicIllness, boolean pregnant, boolean disability,
            String account) {
    }

    @Transactional
    public Household register(NewHousehold input) {
        Household household = new Household();
        household.id = UUID.randomUUID();
        household.communityCode = input.communityCode();
        household.grid = input.grid();
        household.building = input.building();
        household.unit = input.unit();
        household.room = input.room();
        household.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        household.persist();
        return household;
    }

    /** Registers a resident of an existing household; the same ID number twice in one city is a 409. */
    @Transactional
    public Resident register(Household household, NewResident input) {
        String hash = null;
        if (input.idNumber() != null && !input.idNumber().isBlank()) {
            if (!IdNumbers.isValid(input.idNumber())) {
                throw ProblemException.validation(List.of(new Problem.FieldError("idNumber",
                        "is not a valid 18-character resident ID number (check character does not match)")));
            }
            hash = IdNumbers.hash(input.idNumber(), config.idNumberHashKey());
            String city = household.communityCode.substring(0, 4);
            Resident existing = Resident.find("cityCode = ?1 and idNumberHash = ?2", city, hash).firstResult();
            if (existing != null) {
                throw ProblemException.conflict("Resident already registered",
                        "A resident with this ID number is already registered in this city")
                        .with("existingId", existing.id.toString())
                        .with("existing", "/api/v1/residents/" + existing.id);
            }
        }
        if (input.account() != null && Resident.count("account", input.account()) > 0) {
            throw ProblemException.conflict("Account already linked",
                    "The account '" + input.account() + "' already belongs to another resident");
        }
        Resident resident = new Resident();
        resident.id = UUID.randomUUID();
        resident.householdId = household.id;
        resident.communityCode = household.communityCode;
        resident.cityCode = household.communityCode.substring(0, 4);
        resident.name = input.name().strip();
        resident.phone = input.phone();
        resident.idNumberHash = hash;
        resident.birthYear = input.birthYear();
        resident.sex = input.sex();
        resident.elderlyAlone = input.elderlyAlone();
        resident.chronicIllness = input.chronicIllness();
        resident.pregnant = input.pregnant();
        resident.disability = input.disability();
        resident.account = input.account();
        resident.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        resident.persist();
        return resident;
    }
}
