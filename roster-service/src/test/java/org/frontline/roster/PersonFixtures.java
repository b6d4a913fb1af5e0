package org.frontline.roster;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;

import io.restassured.http.ContentType;

/** People made through the API, for tests. */
final class PersonFixtures {

    static final String COMMUNITY = "310104012003";

    private PersonFixtures() {
    }

    static String person(String token, String community, String kind) {
        return person(token, community, kind, false);
    }

    static String person(String token, String community, String kind, boolean lendConsent) {
        Map<String, Object> body = new HashMap<>(Map.of("communityCode", community, "kind", kind,
                "displayName", "Zhou Min", "phone", "13812345678", "lendConsent", lendConsent));
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/people").then().statusCode(201).extract().path("id");
    }
}
