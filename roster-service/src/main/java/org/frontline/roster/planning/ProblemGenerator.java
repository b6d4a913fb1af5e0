package org.frontline.roster.planning;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import org.frontline.roster.rules.PersonFacts;
import org.frontline.roster.rules.RosterRules;
import org.frontline.roster.rules.ShiftFacts;

/**
 * Reproducible planning instances for tests and the benchmark: one district (110105) of {@code communities}
 * communities, a week from Monday 2026-03-02 in the city's zone. The mix: 60 % staff, 40 % volunteers; about half
 * consent to lending; qualifications held at random, some expired before the week and some expiring during it;
 * volunteers offer 2–4 weekly windows (a few offer none), half the staff have no windows (unrestricted), the other
 * half weekday windows; one in ten is absent for a day or two; shifts 4–8 h, some across midnight, headcount 1–3
 * (70 % one, 20 % two, 10 % three), duties from the 12 seeded posts with their risk levels and required qualifications.
 */
public final class ProblemGenerator {

    public static final String DISTRICT = "110105";
    public static final LocalDate WEEK = LocalDate.of(2026, 3, 2);

    /** The seeded duties (V2 migration): code, risk level, required qualifications. */
    public record Duty(String code, int risk, Set<String> qualifications) {
    }

    public static final List<Duty> DUTIES = List.of(
            new Duty("information-officer", 1, Set.of()),
            new Duty("observer", 1, Set.of()),
            new Duty("publicity", 1, Set.of()),
            new Duty("screener", 3, Set.of("infection-control", "ppe")),
            new Duty("liaison", 1, Set.of()),
            new Duty("guard", 1, Set.of()),
            new Duty("tutor", 1, Set.of()),
            new Duty("emergency-responder", 3, Set.of("first-aid", "ppe")),
            new Duty("coordinator", 1, Set.of()),
            new Duty("psychological-counsellor", 1, Set.of("psych-counselling")),
            new Duty("temperature-checkpoint", 2, Set.of("ppe")),
            new Duty("disinfection", 2, Set.of("ppe", "disinfection")));

    static final List<String> QUALIFICATIONS = List.of("infection-control", "ppe", "first-aid", "disinfection",
            "psych-counselling");

    private final long seed;
    private final RosterRules rules;

    public ProblemGenerator(long seed) {
        this(seed, RosterRules.defaults());
    }

    public ProblemGenerator(long seed, RosterRules rules) {
        this.seed = seed;
        this.rules = rules;
    }

    public static String community(int i) {
        return DISTRICT + String.format("001%03d", i + 1);
    }

    public Instant weekStart() {
        return WEEK.atStartOfDay(rules.zone()).toInstant();
    }

    public PlanningProblem generate(int peopleCount, int communityCount, int shiftCount) {
        Random random = new Random(seed);
        Instant start = weekStart();
        Instant end = WEEK.plusDays(7).atStartOfDay(rules.zone()).toInstant();
        Set<String> communities = new LinkedHashSet<>();
        for (int i = 0; i < communityCount; i++) {
            communities.add(community(i));
        }
        List<PlanningProblem.Person> people = new ArrayList<>();
        for (int i = 0; i < peopleCount; i++) {
            people.add(person(random, i, community(i % communityCount)));
        }
        List<PlanningProblem.Shift> shifts = new ArrayList<>();
        int[] startHours = {0, 6, 7, 8, 9, 12, 13, 14, 16, 18, 20, 22};
        for (int i = 0; i < shiftCount; i++) {
            Duty duty = DUTIES.get(random.nextInt(DUTIES.size()));
            ZonedDateTime s = WEEK.plusDays(random.nextInt(7))
                    .atTime(startHours[random.nextInt(startHours.length)], 0).atZone(rules.zone());
            int hours = 4 + random.nextInt(5);
            int roll = random.nextInt(10);
            int headcount = roll < 7 ? 1 : roll < 9 ? 2 : 3;
            UUID id = new UUID(0x5000L + seed, i);
            shifts.add(new PlanningProblem.Shift(new ShiftFacts(id, community(random.nextInt(communityCount)),
                    duty.code(), duty.risk(), duty.qualifications(), s.toInstant(), s.plusHours(hours).toInstant()),
                    headcount));
        }
        return new PlanningProblem(start, end, people, shifts, List.of(), Map.of(), rules, communities);
    }

    private PlanningProblem.Person person(Random random, int i, String home) {
        boolean volunteer = random.nextInt(10) < 4;
        List<PersonFacts.Qualification> qualifications = new ArrayList<>();
        for (String q : QUALIFICATIONS) {
            if (random.nextInt(100) < (volunteer ? 30 : 60)) {
                int kind = random.nextInt(10);
                LocalDate expires = kind == 0 ? WEEK.minusDays(1 + random.nextInt(30)) // expired
                        : kind == 1 ? WEEK.plusDays(random.nextInt(7)) // expiring during the week
                        : WEEK.plusMonths(1 + random.nextInt(11));
                qualifications.add(new PersonFacts.Qualification(q, expires.minusYears(1), expires));
            }
        }
        List<PersonFacts.WeeklyWindow> weekly = new ArrayList<>();
        if (volunteer) {
            if (random.nextInt(20) > 0) {
                int windows = 2 + random.nextInt(3);
                Set<DayOfWeek> days = java.util.EnumSet.noneOf(DayOfWeek.class);
                while (days.size() < windows) {
                    days.add(DayOfWeek.of(1 + random.nextInt(7)));
                }
                for (DayOfWeek d : days) {
                    switch (random.nextInt(3)) {
                        case 0 -> weekly.add(new PersonFacts.WeeklyWindow(d, LocalTime.of(6, 0), LocalTime.of(18, 0)));
                        case 1 -> weekly.add(new PersonFacts.WeeklyWindow(d, LocalTime.of(12, 0), LocalTime.MIDNIGHT));
                        default -> weekly.add(new PersonFacts.WeeklyWindow(d, LocalTime.of(0, 0), LocalTime.MIDNIGHT));
                    }
                }
            }
        } else if (random.nextBoolean()) {
            for (int d = 1; d <= 5; d++) {
                weekly.add(new PersonFacts.WeeklyWindow(DayOfWeek.of(d), LocalTime.of(7, 0), LocalTime.of(19, 0)));
            }
            if (random.nextBoolean()) {
                weekly.add(new PersonFacts.WeeklyWindow(DayOfWeek.SATURDAY, LocalTime.of(8, 0), LocalTime.of(20, 0)));
            }
        }
        List<PersonFacts.Absence> absences = new ArrayList<>();
        if (random.nextInt(10) == 0) {
            Instant from = WEEK.plusDays(random.nextInt(7)).atStartOfDay(rules.zone()).toInstant();
            absences.add(new PersonFacts.Absence(from, from.plusSeconds(86_400L * (1 + random.nextInt(2)))));
        }
        UUID id = new UUID(0x1000L + seed, i);
        return new PlanningProblem.Person(new PersonFacts(id, volunteer, home, qualifications, weekly, absences),
                random.nextBoolean());
    }

    /** The published plan of a result: shift id → people. */
    public static Map<UUID, Set<UUID>> published(PlanningResult result) {
        Map<UUID, Set<UUID>> plan = new LinkedHashMap<>();
        result.assignments().forEach(a -> plan.computeIfAbsent(a.shiftId(), k -> new LinkedHashSet<>()).add(a.personId()));
        return plan;
    }
}
