package org.frontline.screening;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

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
 * A resident's health records are personal data even keyed by a pseudonymous resident id: every read of a
 * screening, a test result or a quarantine (one, a list, a history) and of the households a campaign has not
 * reached writes one audit row per resident read, naming the operation; a read outside the area writes none.
 */
@QuarkusTest
@FrontlineTest
class HealthReadAuditTests {

    static final String COMMUNITY = "310104078001";
    static final String WORKER = TestTokens.token("health.audit.registrar", "community-worker", COMMUNITY);

    @Inject
    AgroalDataSource dataSource;

    private static String created(String path, Object body) {
        return given().auth().oauth2(WORKER).contentType(ContentType.JSON).body(body).when().post(path).then()
                .statusCode(201).extract().path("id");
    }

    @Test
    void everyReadOfAHealthRecordIsAuditedPerResident() {
        String household = Fixtures.household(WORKER, COMMUNITY);
        String resident = Fixtures.resident(WORKER, COMMUNITY);
        String screening = created("/api/v1/screenings", Fixtures.screening(resident, "38.1"));
        String test = created("/api/v1/test-results", Map.of("residentId", resident, "kind", "PCR", "result", "POSITIVE"));
        String quarantine = created("/api/v1/quarantines", Map.of("residentId", resident, "kind", "HOME"));
        String campaign = created("/api/v1/campaigns", Map.of("communityCode", COMMUNITY, "title", "Audit sweep"));
        long residentsUnreached = new TestDatabase(dataSource).count(
                "select count(*) from resident where community_code = ?", COMMUNITY);
        assertThat(household).isNotNull();

        String login = "health.audit.reader." + UUID.randomUUID().toString().substring(0, 8);
        String reader = TestTokens.token(login, "community-worker", COMMUNITY);
        String outsider = TestTokens.token(login + ".b", "community-worker", "310105078001");
        var db = new TestDatabase(dataSource);
        Map<String, String> reads = new java.util.LinkedHashMap<>();
        reads.put("/api/v1/screenings/" + screening, "GET /api/v1/screenings/{id}");
        reads.put("/api/v1/screenings/" + screening + "/history", "GET /api/v1/screenings/{id}/history");
        reads.put("/api/v1/screenings?residentId=" + resident, "GET /api/v1/screenings");
        reads.put("/api/v1/test-results/" + test, "GET /api/v1/test-results/{id}");
        reads.put("/api/v1/test-results/" + test + "/history", "GET /api/v1/test-results/{id}/history");
        reads.put("/api/v1/test-results?residentId=" + resident, "GET /api/v1/test-results");
        reads.put("/api/v1/quarantines/" + quarantine, "GET /api/v1/quarantines/{id}");
        reads.put("/api/v1/quarantines?area=" + COMMUNITY, "GET /api/v1/quarantines");
        reads.forEach((path, operation) -> {
            // another area's caller is refused and leaves no row (its lists are simply empty)
            if (!path.contains("?")) {
                given().auth().oauth2(outsider).when().get(path).then().statusCode(403);
            }
            given().auth().oauth2(reader).when().get(path).then().statusCode(200);
            List<Map<String, Object>> rows = db.query(
                    "select resident_id, community_code, actor_role from read_audit where actor_subject = ? and operation = ?",
                    TestTokens.subject(login), operation);
            assertThat(rows).as(operation).hasSize(1);
            assertThat(rows.get(0)).as(operation).containsEntry("resident_id", UUID.fromString(resident))
                    .containsEntry("community_code", COMMUNITY).containsEntry("actor_role", "community-worker");
        });
        assertThat(db.count("select count(*) from read_audit where actor_subject = ?", TestTokens.subject(login + ".b")))
                .isZero();

        // the households a campaign has not reached carry their residents: one row per resident
        given().auth().oauth2(reader).when().get("/api/v1/campaigns/" + campaign + "/unreached?size=500").then()
                .statusCode(200);
        assertThat(db.count("select count(*) from read_audit where actor_subject = ? and operation = ?",
                TestTokens.subject(login), "GET /api/v1/campaigns/{id}/unreached")).isEqualTo(residentsUnreached);
    }
}
