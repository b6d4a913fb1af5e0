package org.frontline.supplies;

import static io.restassured.RestAssured.given;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/** Sites and postings through the API for the ledger's tests, in a street of their own. */
final class LedgerFixtures {

    /** A street of district 310115 no other test class uses: 9 digits; its communities add 3. */
    static String street() {
        return "310115" + (700 + ThreadLocalRandom.current().nextInt(299));
    }

    private LedgerFixtures() {
    }

    static String site(String token, String areaCode, String kind, String name) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("areaCode", areaCode, "kind", kind, "name", name))
                .when().post("/api/v1/sites").then().statusCode(201).extract().path("id");
    }

    static ValidatableResponse post(String token, String siteId, String what, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/sites/" + siteId + "/" + what).then();
    }

    static ValidatableResponse receive(String token, String siteId, String item, String lot, Object expiresOn,
            long quantity) {
        Map<String, Object> body = new HashMap<>(Map.of("itemCode", item, "lotCode", lot, "quantity", quantity));
        if (expiresOn != null) {
            body.put("expiresOn", expiresOn.toString());
        }
        return post(token, siteId, "receipts", body);
    }

    static ValidatableResponse issue(String token, String siteId, String item, long quantity) {
        return post(token, siteId, "issues", Map.of("itemCode", item, "quantity", quantity));
    }

    static ValidatableResponse adjust(String token, String siteId, String item, String lot, long quantity,
            String reason) {
        return post(token, siteId, "adjustments",
                Map.of("itemCode", item, "lotCode", lot, "quantity", quantity, "reason", reason));
    }
}
