package org.frontline.screening;

import static io.restassured.RestAssured.given;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.frontline.screening.service.IdNumbers;

import io.restassured.http.ContentType;

/** Households, residents and screening bodies for tests, made through the API. */
final class Fixtures {

    private static final AtomicLong SERIAL = new AtomicLong(System.nanoTime() % 100_000_000L);

    private Fixtures() {
    }

    static String household(String token, String community) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("communityCode", community, "grid", "Grid 1", "building", "12", "unit", "2", "room", "1201"))
                .when().post("/api/v1/households").then().statusCode(201).extract().path("id");
    }

    static String resident(String token, String community) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("householdId", household(token, community), "name", "Wang Fang", "phone", "13812345678",
                        "idNumber", idNumber(), "birthYear", 1950, "sex", "FEMALE", "elderlyAlone", true))
                .when().post("/api/v1/residents").then().statusCode(201).extract().path("id");
    }

    /** A valid, unique 18-character ID number (region 310104, born 1950-03-07). */
    static String idNumber() {
        // vary the birth date too, so more than 1000 are unique within one run
        long n = SERIAL.incrementAndGet();
        String first17 = "3101041950" + String.format("%02d", 1 + (n / 1000) % 12) + String.format("%02d", 1 + (n / 12000) % 28)
                + String.format("%03d", n % 1000);
        return first17 + IdNumbers.checkCharacter(first17);
    }

    static Map<String, Object> screening(String residentId, String temperature) {
        Map<String, Object> body = new HashMap<>();
        body.put("residentId", residentId);
        body.put("channel", "DOOR_TO_DOOR");
        body.put("temperatureCelsius", temperature);
        body.put("screenedAt", OffsetDateTime.now(ZoneOffset.ofHours(8)).minusMinutes(3).toString());
        return body;
    }

    /** A resident whose own login is {@code account} (so they can self-report). */
    static String residentWithAccount(String token, String community, String account) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("householdId", household(token, community), "name", "Tian Ping", "account", account))
                .when().post("/api/v1/residents").then().statusCode(201).extract().path("id");
    }

    /** POSTs {@code body} as {@code token} and returns the response for assertions. */
    static io.restassured.response.Response post(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).when().post(path);
    }
}
