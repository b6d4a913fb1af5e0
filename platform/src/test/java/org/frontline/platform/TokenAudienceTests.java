package org.frontline.platform;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import jakarta.inject.Inject;

import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The realm signs tokens for all its clients with the same key and issuer; a service accepts only those issued
 * for the Frontline API (audience {@code frontline-api}). Runs on the module's shared app (testapp.TestInfrastructure).
 */
@QuarkusTest
class TokenAudienceTests {

    static final String COMMUNITY = "310104012003";

    @Inject
    AgroalDataSource dataSource;

    @Test
    void aValidTokenIssuedToAnotherClientIsRefusedWith401AndWritesNothing() {
        TestDatabase db = new TestDatabase(dataSource);
        Map<String, Object> body = Map.of("communityCode", COMMUNITY, "text", "x", "seq", 1);
        long notes = db.count("select count(*) from note");

        // same signing key, issuer, user, role and area: only the audience differs
        for (String audience : new String[] { "account", "admin-cli", "frontline-api-other" }) {
            String foreign = TestTokens.tokenForAudience(audience, "wang", "community-worker", "310104");
            given().auth().oauth2(foreign).contentType(ContentType.JSON).body(body)
                    .when().post("/api/v1/notes").then().statusCode(401);
            given().auth().oauth2(foreign).when().get("/api/v1/notes?area=310104").then().statusCode(401);
        }
        assertThat(db.count("select count(*) from note")).isEqualTo(notes);

        // the control: the same token for the API's audience is accepted
        given().auth().oauth2(TestTokens.tokenForAudience(TestTokens.AUDIENCE, "wang", "community-worker", "310104"))
                .when().get("/api/v1/notes?area=310104").then().statusCode(200);
    }
}
