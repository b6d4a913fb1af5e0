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
import java.util.function.Predicate;

@ApplicationScoped
public class ResidentService {

    private final IdNumberKeys keys;

    public ResidentService(IdNumberKeys keys) {
        this.keys = keys;
    }

    public record NewHousehold(String communityCode, String grid, String building, String unit, String room) {
    }

    public record NewResident(UUID householdId, String name, String phone, String idNumber, Integer birthYear,
            Resident.Sex sex, boolean elderlyAlone, boolean chronicIllness, boolean pregnant, boolean disability,
            String account) {

        /** The fields a correction may change later, as registered. */
        Correction editable() {
            return new Correction(name, phone, birthYear, sex, elderlyAlone, chronicIllness, pregnant, disability);
        }
    }

    /** A resident's editable fields, as the client last saw them; the household, ID number and login stay. */
    public record Correction(String name, String phone, Integer birthYear, Resident.Sex sex, boolean elderlyAlone,
            boolean chronicIllness, boolean pregnant, boolean disability) {

        /** Writes these fields into {@code r}, with {@code phone} as the number to store. */
        void applyTo(Resident r, String phone) {
            r.name = name.strip();
            r.phone = phone;
            r.birthYear = birthYear;
            r.sex = sex;
            r.elderlyAlone = elderlyAlone;
            r.chronicIllness = chronicIllness;
            r.pregnant = pregnant;
            r.disability = disability;
        }
    }

    /**
     * Corrects a resident's editable fields if {@code version} is still the current one (the row is locked while it
     * is compared, so two edits of one version cannot both pass); otherwise a 409 whose {@code current} member is
     * {@code current.apply(resident)} (the record as the caller may see it) and nothing changes. A phone sent back
     * masked ({@code 138****5678}, as a role without the full number was shown it) keeps the stored number; a masked
     * phone that is not the stored one's mask is a 400.
     */
    @Transactional
    public Resident correct(UUID id, long version, Correction input, java.util.function.Function<Resident, Object> current) {
        Resident resident = Resident.findById(id, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        if (resident == null) {
            throw ProblemException.notFound("Resident", id);
        }
        if (resident.version != version) {
            throw ProblemException.conflict("Changed meanwhile", "The resident was changed since version " + version
                    + " (now " + resident.version + "); nothing was written. Compare with current and send again")
                    .with("current", current.apply(resident));
        }
        String phone = input.phone();
        if (org.frontline.platform.security.Phones.isMasked(phone)) {
            if (!phone.equals(org.frontline.platform.security.Phones.mask(resident.phone))) {
                throw ProblemException.validation(List.of(new Problem.FieldError("phone",
                        "is masked but is not the stored number's mask; send the full number")));
            }
            phone = resident.phone;
        }
        input.applyTo(resident, phone);
        // the version moves now (not at commit), so the answer names the version the next edit must send
        Resident.getEntityManager().flush();
        return resident;
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

    /**
     * Registers a resident of an existing household; the same ID number twice in one city is a 409. The 409
     * names the resident already registered only if {@code visible} (the caller's area) covers them; otherwise
     * it says only that the number is registered in another area and how to ask for a transfer.
     */
    @Transactional
    public Resident register(Household household, NewResident input, Predicate<String> visible) {
        IdNumberKeys.Hash hash = null;
        if (input.idNumber() != null && !input.idNumber().isBlank()) {
            if (!IdNumbers.isValid(input.idNumber())) {
                throw ProblemException.validation(List.of(new Problem.FieldError("idNumber",
                        "is not a valid 18-character resident ID number (check character does not match)")));
            }
            hash = keys.current(input.idNumber());
            String city = household.communityCode.substring(0, 4);
            // a hash made under a retired key still matches
            Resident existing = Resident.find("cityCode = ?1 and idNumberHash in ?2", city,
                    keys.candidates(input.idNumber())).firstResult();
            if (existing != null && visible.test(existing.communityCode)) {
                throw ProblemException.conflict("Resident already registered",
                        "A resident with this ID number is already registered in your area")
                        .with("existingId", existing.id.toString())
                        .with("existing", "/api/v1/residents/" + existing.id);
            }
            if (existing != null) {
                throw ProblemException.conflict("Registered in another area",
                        "A resident with this ID number is registered in another area of this city. If they have moved "
                                + "here, ask a district officer or the city coordinator whose area covers both communities "
                                + "to transfer the registration; nothing was written")
                        .with("registeredElsewhere", true);
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
        input.editable().applyTo(resident, input.phone());
        resident.idNumberHash = hash == null ? null : hash.value();
        resident.idNumberKeyId = hash == null ? null : hash.keyId();
        resident.account = input.account();
        resident.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        resident.persist();
        return resident;
    }
}
