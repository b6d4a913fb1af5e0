package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The read audit: every response that carries residents' personal data writes one row per resident read (who, when,
 * which operation, which resident and community), never the data; coordinators and district officers query it
 * within their area.
 */
@QuarkusTest
@FrontlineTest
class ReadAuditTests {

    /** A community of this class alone, so a work list of it carries exactly the residents made here. */
    static final String COMMUNITY = "310104077001";
    static final String ELSEWHERE = "310105077001";
    static final String WORKER = TestTokens.token("audit.registrar", "community-worker", COMMUNITY);
    static final String DISTRICT = TestTokens.token("audit.officer", "district-officer", "310104");
    static final String COORDINATOR = TestTokens.token("audit.coordinator", "coordinator", "3101");

    @Inject
    AgroalDataSource dataSource;

    record Person(String id, String name, String phone, String idNumber) {
    }

    private Person resident(String household) {
        String unique = UUID.randomUUID().toString().substring(0, 6);
        String name = "Audit Resident " + unique;
        String phone = "139" + String.format("%08d", Math.floorMod(unique.hashCode(), 100_000_000));
        String idNumber = Fixtures.idNumber();
        String id = given().auth().oauth2(WORKER).contentType(ContentType.JSON)
                .body(Map.of("householdId", household, "name", name, "phone", phone, "idNumber", idNumber,
                        "birthYear", 1947, "sex", "MALE", "elderlyAlone", true, "chronicIllness", true))
                .when().post("/api/v1/residents").then().statusCode(201).extract().path("id");
        return new Person(id, name, phone, idNumber);
    }

    @Test
    void aWorkersReadsWriteOneRowPerResidentAndNoneOfTheDataRead() {
        String household = Fixtures.household(WORKER, COMMUNITY);
        Person a = resident(household);
        Person b = resident(household);
        long inCommunity = new TestDatabase(dataSource).count(
                "select count(*) from resident where community_code = ?", COMMUNITY);
        String login = "audit.reader." + UUID.randomUUID().toString().substring(0, 8);
        String reader = TestTokens.token(login, "community-worker", COMMUNITY);
        String subject = TestTokens.subject(login);
        var db = new TestDatabase(dataSource);

        // one resident: one row, naming the operation as the OpenAPI document does
        given().auth().oauth2(reader).when().get("/api/v1/residents/" + a.id()).then().statusCode(200)
                .body("name", equalTo(a.name())).body("phone", equalTo(a.phone()));
        List<Map<String, Object>> rows = db.query("select * from read_audit where actor_subject = ? order by id", subject);
        assertThat(rows).hasSize(1);
        Map<String, Object> row = rows.get(0);
        assertThat(row.keySet()).containsExactlyInAnyOrder("id", "read_at", "community_code", "resident_id",
                "actor_subject", "actor_login", "actor_role", "operation");
        assertThat(row).containsEntry("operation", "GET /api/v1/residents/{id}").containsEntry("community_code", COMMUNITY)
                .containsEntry("resident_id", UUID.fromString(a.id())).containsEntry("actor_login", login)
                .containsEntry("actor_role", "community-worker");
        assertThat(row.get("read_at")).isNotNull();

        // a list: one row per resident on the page, in one batch
        given().auth().oauth2(reader).queryParam("householdId", household).when().get("/api/v1/residents").then()
                .statusCode(200).body("items.size()", equalTo(2));
        assertThat(db.query("select resident_id from read_audit where actor_subject = ? and operation = 'GET /api/v1/residents'",
                subject)).extracting(r -> r.get("resident_id").toString()).containsExactlyInAnyOrder(a.id(), b.id());

        // the work list: every resident of the community it carries
        given().auth().oauth2(reader).queryParam("community", COMMUNITY).when().get("/api/v1/worklist").then().statusCode(200);
        assertThat(db.count("select count(*) from read_audit where actor_subject = ? and operation = 'GET /api/v1/worklist'",
                subject)).isEqualTo(inCommunity);

        // an empty list and a refused read write nothing
        given().auth().oauth2(reader).queryParam("householdId", UUID.randomUUID()).when().get("/api/v1/residents").then()
                .statusCode(200).body("items.size()", equalTo(0));
        String outsider = "audit.outsider." + UUID.randomUUID().toString().substring(0, 8);
        given().auth().oauth2(TestTokens.token(outsider, "community-worker", ELSEWHERE)).when()
                .get("/api/v1/residents/" + a.id()).then().statusCode(403);
        assertThat(db.count("select count(*) from read_audit where actor_subject = ?", TestTokens.subject(outsider))).isZero();
        assertThat(db.count("select count(*) from read_audit where actor_subject = ?", subject)).isEqualTo(1 + 2 + inCommunity);

        // none of what was read is in the audit: no name, phone (full or masked), ID number, birth year
        String all = db.query("select * from read_audit where actor_subject = ?", subject).toString();
        for (Person p : List.of(a, b)) {
            assertThat(all).doesNotContain(p.name()).doesNotContain(p.phone()).doesNotContain(p.phone().substring(0, 3) + "****")
                    .doesNotContain(p.idNumber());
        }
        // (the birth year or the last digits of a phone could occur in a UUID by chance: not asserted on the text)
        assertThat(all).doesNotContain("Audit Resident").doesNotContain("MALE").doesNotContain("****");
    }

    @Test
    void theAuditIsForCoordinatorsAndDistrictOfficersOfTheAreaOnly() {
        String household = Fixtures.household(WORKER, COMMUNITY);
        Person a = resident(household);
        String login = "audit.volunteer." + UUID.randomUUID().toString().substring(0, 8);
        String volunteer = TestTokens.token(login, "volunteer", COMMUNITY);
        OffsetDateTime before = OffsetDateTime.now().minusSeconds(5);
        given().auth().oauth2(volunteer).when().get("/api/v1/residents/" + a.id()).then().statusCode(200);

        // the district officer and the coordinator of the area see it, by actor (login or subject) and by resident
        for (String token : List.of(DISTRICT, COORDINATOR)) {
            given().auth().oauth2(token).queryParam("actor", login).when().get("/api/v1/audit/reads").then()
                    .statusCode(200).body("total", equalTo(1)).body("items[0].residentId", equalTo(a.id()))
                    .body("items[0].actorRole", equalTo("volunteer")).body("items[0].actorLogin", equalTo(login))
                    .body("items[0].operation", equalTo("GET /api/v1/residents/{id}"))
                    .body("items[0].communityCode", equalTo(COMMUNITY));
        }
        given().auth().oauth2(DISTRICT).queryParam("actor", TestTokens.subject(login)).queryParam("residentId", a.id())
                .queryParam("area", COMMUNITY).queryParam("from", before.toString())
                .queryParam("to", OffsetDateTime.now().plusMinutes(1).toString())
                .when().get("/api/v1/audit/reads").then().statusCode(200).body("total", equalTo(1));
        given().auth().oauth2(DISTRICT).queryParam("actor", login).queryParam("to", before.toString())
                .when().get("/api/v1/audit/reads").then().statusCode(200).body("total", equalTo(0));
        // the audit rows carry none of the resident's data
        String answer = given().auth().oauth2(COORDINATOR).queryParam("residentId", a.id()).when().get("/api/v1/audit/reads")
                .then().statusCode(200).extract().asString();
        assertThat(answer).doesNotContain(a.name()).doesNotContain(a.phone()).doesNotContain(a.idNumber());

        // another district's officer: never a row of this area; asking for it is a 403
        String other = TestTokens.token("audit.officer.b", "district-officer", "310105");
        given().auth().oauth2(other).queryParam("actor", login).when().get("/api/v1/audit/reads").then()
                .statusCode(200).body("total", equalTo(0)).body("items.size()", equalTo(0));
        given().auth().oauth2(other).queryParam("residentId", a.id()).when().get("/api/v1/audit/reads").then()
                .statusCode(200).body("total", equalTo(0));
        given().auth().oauth2(other).queryParam("area", COMMUNITY).when().get("/api/v1/audit/reads").then()
                .statusCode(403).contentType("application/problem+json");

        // the roles that read residents are not the ones that audit them
        for (String role : List.of("community-worker", "volunteer", "resident", "integration")) {
            given().auth().oauth2(TestTokens.token("audit." + role, role, COMMUNITY)).when().get("/api/v1/audit/reads")
                    .then().statusCode(403).contentType("application/problem+json");
        }
        given().when().get("/api/v1/audit/reads").then().statusCode(401);
        // bad input: 400 problem+json
        given().auth().oauth2(COORDINATOR).queryParam("from", "yesterday").when().get("/api/v1/audit/reads").then()
                .statusCode(400).body("errors[0].field", equalTo("from"));
        given().auth().oauth2(COORDINATOR).queryParam("residentId", "not-a-uuid").when().get("/api/v1/audit/reads").then()
                .statusCode(400);
        given().auth().oauth2(COORDINATOR).queryParam("area", "31x").when().get("/api/v1/audit/reads").then()
                .statusCode(400);
    }

    @Test
    void aReadersRowsArePagedByKeyNewestFirstWithinTheArea() {
        String household = Fixtures.household(WORKER, COMMUNITY);
        List<String> residents = List.of(resident(household).id(), resident(household).id(), resident(household).id());
        String login = "audit.walker." + UUID.randomUUID().toString().substring(0, 8);
        String reader = TestTokens.token(login, "community-worker", COMMUNITY);
        for (String id : residents) {
            given().auth().oauth2(reader).when().get("/api/v1/residents/" + id).then().statusCode(200);
        }
        // one row a page, by key: every row once, newest first, then no next cursor
        List<String> walked = new java.util.ArrayList<>();
        String cursor = "";
        for (int pages = 0; cursor != null && pages < 10; pages++) {
            var page = given().auth().oauth2(DISTRICT).queryParam("actor", login).queryParam("size", 1)
                    .queryParam("cursor", cursor).when().get("/api/v1/audit/reads").then().statusCode(200)
                    .body("total", org.hamcrest.Matchers.nullValue()).extract().jsonPath();
            walked.addAll(page.getList("items.residentId"));
            cursor = page.getString("nextCursor");
        }
        assertThat(walked).containsExactly(residents.get(2), residents.get(1), residents.get(0));
        // with total=true the count comes too; another district's officer walks no row of this area
        given().auth().oauth2(DISTRICT).queryParam("actor", login).queryParam("cursor", "").queryParam("total", true)
                .when().get("/api/v1/audit/reads").then().statusCode(200).body("total", equalTo(3))
                .body("items.size()", equalTo(3));
        given().auth().oauth2(TestTokens.token("audit.officer.c", "district-officer", "310105"))
                .queryParam("actor", login).queryParam("cursor", "").when().get("/api/v1/audit/reads").then()
                .statusCode(200).body("items.size()", equalTo(0));
    }

    @Test
    void oldRowsArePrunedOnceTheirRetentionHasPassed() {
        var db = new TestDatabase(dataSource);
        UUID resident = UUID.randomUUID();
        db.execute("insert into read_audit (read_at, community_code, resident_id, actor_subject, actor_login, actor_role, operation) "
                + "values (now() - interval '401 days', ?, ?, 'old', 'old', 'community-worker', 'GET /api/v1/residents/{id}'), "
                + "(now() - interval '399 days', ?, ?, 'kept', 'kept', 'community-worker', 'GET /api/v1/residents/{id}')",
                COMMUNITY, resident, COMMUNITY, resident);
        io.quarkus.arc.Arc.container().instance(org.frontline.platform.jobs.ClusterJob.class).get().runOnce(
                "screening.read-audit-prune",
                () -> io.quarkus.arc.Arc.container().instance(org.frontline.screening.audit.ReadAuditPruner.class).get().prune());
        assertThat(db.query("select actor_subject from read_audit where resident_id = ?", resident))
                .extracting(r -> r.get("actor_subject")).containsExactly("kept");
    }
}
