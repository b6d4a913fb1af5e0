package org.frontline.roster;

import static io.restassured.RestAssured.given;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

/**
 * People, qualifications and availability written straight through the entities (their REST belongs to another
 * package), and shifts through the API.
 */
final class ShiftFixtures {

    static final ZoneId CITY = ZoneId.of("Asia/Shanghai");

    private ShiftFixtures() {
    }

    static UUID person(String community, Person.Kind kind, boolean lendConsent, String loginSubject) {
        UUID id = UUID.randomUUID();
        QuarkusTransaction.requiringNew().run(() -> {
            Person p = new Person();
            p.id = id;
            p.communityCode = community;
            p.kind = kind;
            p.displayName = "Test " + kind + " " + id.toString().substring(0, 6);
            p.lendConsent = lendConsent;
            p.loginSubject = loginSubject;
            p.recordedBy = "fixture";
            p.registeredAt = OffsetDateTime.now(ZoneOffset.UTC);
            p.persist();
        });
        return id;
    }

    static UUID staff(String community) {
        return person(community, Person.Kind.STAFF, false, null);
    }

    static void qualification(UUID person, String code, LocalDate issued, LocalDate expires) {
        QuarkusTransaction.requiringNew().run(() -> {
            PersonQualification q = new PersonQualification();
            q.id = UUID.randomUUID();
            q.personId = person;
            q.qualificationCode = code;
            q.issuedOn = issued;
            q.expiresOn = expires;
            q.source = PersonQualification.Source.RECORDED;
            q.recordedBy = "fixture";
            q.recordedAt = OffsetDateTime.now(ZoneOffset.UTC);
            q.persist();
        });
    }

    static void window(UUID person, DayOfWeek day, LocalTime start, LocalTime end) {
        QuarkusTransaction.requiringNew().run(() -> {
            AvailabilityWindow w = new AvailabilityWindow();
            w.id = UUID.randomUUID();
            w.personId = person;
            w.dayOfWeek = day.getValue();
            w.startTime = start;
            w.endTime = end;
            w.persist();
        });
    }

    static void everyDay(UUID person, LocalTime start, LocalTime end) {
        for (DayOfWeek d : DayOfWeek.values()) {
            window(person, d, start, end);
        }
    }

    static void absence(UUID person, Instant from, Instant to) {
        QuarkusTransaction.requiringNew().run(() -> {
            Absence a = new Absence();
            a.id = UUID.randomUUID();
            a.personId = person;
            a.fromAt = from.atOffset(ZoneOffset.UTC);
            a.toAt = to.atOffset(ZoneOffset.UTC);
            a.reason = Absence.Reason.SICK;
            a.recordedBy = "fixture";
            a.recordedAt = OffsetDateTime.now(ZoneOffset.UTC);
            a.persist();
        });
    }

    /** A city-local time on {@code date}. */
    static OffsetDateTime at(LocalDate date, int hour) {
        return date.atTime(hour, 0).atZone(CITY).toOffsetDateTime();
    }

    static Response post(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path);
    }

    static String shift(String token, String community, String duty, OffsetDateTime start, OffsetDateTime end,
            int required) {
        return post(token, "/api/v1/shifts", Map.of("communityCode", community, "dutyCode", duty,
                "startAt", start.toString(), "endAt", end.toString(), "requiredHeadcount", required))
                .then().statusCode(201).extract().path("id");
    }

    static String published(String token, String community, String duty, OffsetDateTime start, OffsetDateTime end,
            int required) {
        String id = shift(token, community, duty, start, end, required);
        post(token, "/api/v1/shifts/" + id + "/publish", Map.of()).then().statusCode(200);
        return id;
    }

    static Response assign(String token, String shiftId, UUID person) {
        return post(token, "/api/v1/shifts/" + shiftId + "/assignments", Map.of("personId", person.toString()));
    }
}
