package org.frontline.alert;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.frontline.alert.signal.Signal;
import org.frontline.alert.signal.SignalStore;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;

/**
 * {@code POST /api/v1/detectors/{method}/evaluate} and {@code .../backtest}. Own communities: 310105990001 and
 * 310105990002 (the area 310105990), and a neighbour 310105991001 outside it.
 */
@QuarkusTest
@FrontlineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DetectorEvaluationResourceTests {

    static final String ONE = "310105990001";
    static final String TWO = "310105990002";
    static final String NEIGHBOUR = "310105991001";
    static final String OFFICER = TestTokens.token("qian", "district-officer", "310105990");
    static final String WORKER = TestTokens.token("zhao", "community-worker", ONE);
    static final String CITY = TestTokens.token("sun", "coordinator", "3101");
    static final String MACHINE = TestTokens.token("cap-reader", "integration", "3101");
    static final LocalDate SEP1 = LocalDate.of(2026, 9, 1);

    @Inject
    SignalStore store;

    @BeforeAll
    void seed() {
        // fever screenings 2026-09-01..07: ONE 1,1,2,2,3,3,4 and TWO 0,1,1,2,2,3,3 → the area's sums 1,2,3,4,5,6,7
        // 09-08: ONE 10, TWO 2 (sum 12); 09-09: nothing (0); 09-10: ONE 20. NEIGHBOUR: 50 every day (never summed)
        int[] one = {1, 1, 2, 2, 3, 3, 4, 10, 0, 20};
        int[] two = {0, 1, 1, 2, 2, 3, 3, 2, 0, 0};
        QuarkusTransaction.requiringNew().run(() -> {
            for (int i = 0; i < one.length; i++) {
                LocalDate day = SEP1.plusDays(i);
                if (one[i] > 0) {
                    store.add(Signal.FEVER_SCREENINGS, ONE, day, BigDecimal.valueOf(one[i]));
                }
                if (two[i] > 0) {
                    store.add(Signal.FEVER_SCREENINGS, TWO, day, BigDecimal.valueOf(two[i]));
                }
                store.add(Signal.FEVER_SCREENINGS, NEIGHBOUR, day, BigDecimal.valueOf(50));
            }
        });
    }

    static Map<String, Object> body(Object... pairs) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    JsonPath post(String token, String path, Map<String, Object> body, int status) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/detectors/" + path).then().statusCode(status).extract().jsonPath()
                // doubles, not RestAssured's default floats: the hand-computed values have 16 digits
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @Test
    void evaluateAnswersTheHandComputedSeries() {
        // C1, window 1..7: mean 4, sd √(28/6) = 2.1602469; upper bound 4 + 3.0902323·2.1602469 = 10.675664758;
        // 12 > 10.68 → alarm; the first 7 days cannot be evaluated (null, not false)
        JsonPath c1 = post(MACHINE, "ears-c1/evaluate", body("observed", List.of(1, 2, 3, 4, 5, 6, 7, 12)), 200);
        assertThat(c1.getList("upperbound")).hasSize(8).startsWith(null, null, null, null, null, null, null);
        assertThat(c1.getDouble("upperbound[7]")).isCloseTo(10.675664758038842, within(1e-9));
        assertThat(c1.getList("alarm")).containsExactly(null, null, null, null, null, null, null, true);
        // a missing day is sent as null: only day t missing → its upper bound, no alarm
        List<Object> gap = new ArrayList<>(List.of(1, 2, 3, 4, 5, 6, 7));
        gap.add(null);
        JsonPath missing = post(WORKER, "ears-c1/evaluate", body("observed", gap, "z", 1), 200);
        assertThat(missing.getDouble("upperbound[7]")).isCloseTo(4 + 2.160246899469287, within(1e-9));
        assertThat(missing.getList("alarm")).containsOnlyNulls();
        // a tiny alpha (1 − alpha rounds to 1) still has its z: −Φ⁻¹(1e-20) = 9.262340089798408
        JsonPath tiny = post(OFFICER, "ears-c1/evaluate",
                body("observed", List.of(1, 2, 3, 4, 5, 6, 7, 12), "alpha", 1e-20), 200);
        assertThat(tiny.getDouble("upperbound[7]")).isCloseTo(4 + 9.262340089798408 * 2.160246899469287, within(1e-6));
        // CUSUM with m = 4 (√m = 2): C = 0, 0.96, 1.92, 2.88 (≥ 2.26 alarm), 1.84, 0.80;
        // upper bounds ⌈2·(3.3 − C_{t−1}) + 4⌉ = 11, 11, 9, 7, 5, 7
        JsonPath cusum = post(OFFICER, "cusum/evaluate", body("observed", List.of(4, 8, 8, 8, 4, 4), "m", 4), 200);
        assertThat(cusum.getList("upperbound", Double.class)).containsExactly(11.0, 11.0, 9.0, 7.0, 5.0, 7.0);
        assertThat(cusum.getList("alarm")).containsExactly(false, false, false, true, false, false);
        assertThat(cusum.getDouble("statistic[3]")).isCloseTo(2.88, within(1e-9));
        // the same with a reset after the alarm: C restarts at 0, upper bounds back to 11
        JsonPath reset = post(CITY, "cusum/evaluate",
                body("observed", List.of(4, 8, 8, 8, 4, 4), "m", 4, "resetAfterAlarm", true), 200);
        assertThat(reset.getList("upperbound", Double.class)).containsExactly(11.0, 11.0, 9.0, 7.0, 11.0, 11.0);
        // C3 over 14 quiet days: all null until t = B + 4 = 11, then upper bound 0 + 0.1·(1 + 2) = 0.3
        JsonPath c3 = post(OFFICER, "ears-c3/evaluate", body("observed", new int[14]), 200);
        assertThat(c3.getList("upperbound").subList(0, 11)).containsOnlyNulls();
        assertThat(c3.getDouble("upperbound[13]")).isCloseTo(0.3, within(1e-9));
        assertThat(c3.getList("alarm").subList(11, 14)).containsOnly(false);
    }

    @Test
    void badInputIsA400NamingTheFieldAndAnUnknownMethodA404() {
        String[][] cases = {
            // field, JSON body
            {"observed", "{}"},
            {"observed", "{\"observed\":[]}"},
            {"observed", "{\"observed\":[1,-2,3]}"},
            {"baseline", "{\"observed\":[1,2,3],\"baseline\":2}"},
            {"baseline", "{\"observed\":[1,2,3],\"baseline\":366}"},
            {"alpha", "{\"observed\":[1,2,3],\"alpha\":1}"},
            {"alpha", "{\"observed\":[1,2,3],\"alpha\":0}"},
            {"z", "{\"observed\":[1,2,3],\"z\":-1}"},
            {"z", "{\"observed\":[1,2,3],\"z\":101}"},
            {"observed", "{\"observed\":[1,2,1e10]}"},
            {"minSigma", "{\"observed\":[1,2,3],\"minSigma\":-0.5}"},
            {"threshold", "{\"observed\":[1,2,3],\"threshold\":0}"},
        };
        for (String[] c : cases) {
            given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(c[1])
                    .when().post("/api/v1/detectors/ears-c3/evaluate").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem(c[0]));
        }
        String[][] cusum = {
            {"k", "{\"observed\":[1,2,3],\"m\":1,\"k\":-1}"},
            {"h", "{\"observed\":[1,2,3],\"m\":1,\"h\":0}"},
            {"m", "{\"observed\":[1,2,3],\"m\":-1}"},
            // m = 0 divides by √0: refused as the stored detector refuses it
            {"m", "{\"observed\":[1,2,3],\"m\":0}"},
            {"referenceDays", "{\"observed\":[1,2,3],\"m\":1,\"referenceDays\":366}"},
            // no m: the 28-day default reference period leaves nothing to monitor in 3 days
            {"referenceDays", "{\"observed\":[1,2,3]}"},
            {"referenceDays", "{\"observed\":[1,2,3],\"referenceDays\":0}"},
        };
        for (String[] c : cusum) {
            given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(c[1])
                    .when().post("/api/v1/detectors/cusum/evaluate").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", hasItem(c[0]));
        }
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body("{\"observed\":[1,2,3],\"m\":0}")
                .when().post("/api/v1/detectors/cusum/evaluate").then().statusCode(400)
                .body("detail", containsString("m must be > 0"));
        int[] tooLong = new int[3661];
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(body("observed", tooLong))
                .when().post("/api/v1/detectors/ears-c1/evaluate").then().statusCode(400)
                .body("errors.field", hasItem("observed")).body("detail", containsString("3660"));
        given().auth().oauth2(OFFICER).contentType(ContentType.JSON).body(body("observed", List.of(1)))
                .when().post("/api/v1/detectors/ears-c4/evaluate").then().statusCode(404)
                .contentType("application/problem+json")
                .body("detail", containsString("ears-c1, ears-c2, ears-c3, cusum"));
        // roles: residents and volunteers have nothing here; no token is a 401
        given().auth().oauth2(TestTokens.token("li", "volunteer", "310105990")).contentType(ContentType.JSON)
                .body(body("observed", List.of(1))).when().post("/api/v1/detectors/ears-c1/evaluate")
                .then().statusCode(403);
        given().contentType(ContentType.JSON).body(body("observed", List.of(1)))
                .when().post("/api/v1/detectors/ears-c1/evaluate").then().statusCode(401);
        // backtest is not for the integration client
        given().auth().oauth2(MACHINE).contentType(ContentType.JSON)
                .body(body("area", ONE, "signal", "fever-screenings", "from", "2026-09-08", "to", "2026-09-10"))
                .when().post("/api/v1/detectors/ears-c1/backtest").then().statusCode(403);
    }

    @Test
    void backtestRunsOverTheStoredHistoryOfTheAreaOnly() {
        // C1 from 09-08 to 09-10 reads the 7 lead-in days 09-01..07 (sums 1..7) and cuts them from the answer
        // 09-08: sum 12 > 10.6757 (as in the evaluate case) → alarm, an alert opens (09-07 had no evaluation)
        // 09-09: 0, no alarm
        // 09-10: 20; window 3,4,5,6,7,12,0: mean 37/7 = 5.2857; Σy² 279 − 37²/7 = 83.4286, /6 → sd 3.72891;
        //        upper bound 5.2857 + 3.0902323·3.72891 = 16.8089 < 20 → alarm, an alert opens again (09-09 quiet)
        JsonPath area = post(OFFICER, "ears-c1/backtest",
                body("area", "310105990", "signal", "fever-screenings", "from", "2026-09-08", "to", "2026-09-10"), 200);
        assertThat(area.getString("area")).startsWith("310105990");
        assertThat(area.getList("days")).containsExactly("2026-09-08", "2026-09-09", "2026-09-10");
        // the neighbour's 50 a day (310105991001, outside the area) is in no sum
        assertThat(area.getList("observed", Double.class)).containsExactly(12.0, 0.0, 20.0);
        assertThat(area.getDouble("upperbound[0]")).isCloseTo(10.675664758038842, within(1e-9));
        assertThat(area.getDouble("upperbound[2]")).isCloseTo(5.285714285714286 + 3.090232306167813
                * Math.sqrt((279 - 37.0 * 37 / 7) / 6), within(1e-9));
        assertThat(area.getList("alarm")).containsExactly(true, false, true);
        assertThat(area.getList("alertDays")).containsExactly("2026-09-08", "2026-09-10");

        // a community worker sees their own community: ONE alone, 10, 0, 20
        JsonPath own = post(WORKER, "ears-c1/backtest",
                body("area", ONE, "signal", "fever-screenings", "from", "2026-09-08", "to", "2026-09-10"), 200);
        assertThat(own.getString("area")).isEqualTo(ONE);
        assertThat(own.getList("observed", Double.class)).containsExactly(10.0, 0.0, 20.0);

        // CUSUM with m given needs no lead-in: m = 4, √m = 2 over 12, 0, 20:
        // C = max(0, (12 − 4)/2 − 1.04) = 2.96 alarm; C = max(0, 2.96 − 2 − 1.04) = 0; C = (20 − 4)/2 − 1.04 = 6.96
        JsonPath cusum = post(CITY, "cusum/backtest", body("area", "310105990", "signal", "fever-screenings",
                "from", "2026-09-08", "to", "2026-09-10", "m", 4), 200);
        assertThat(cusum.getList("alarm")).containsExactly(true, false, true);
        assertThat(cusum.getDouble("statistic[2]")).isCloseTo(6.96, within(1e-9));
        assertThat(cusum.getList("alertDays")).containsExactly("2026-09-08", "2026-09-10");

        // outside the caller's area: 403, nothing said about the data
        post(WORKER, "ears-c1/backtest",
                body("area", "310105990", "signal", "fever-screenings", "from", "2026-09-08", "to", "2026-09-10"), 403);
        post(OFFICER, "ears-c1/backtest",
                body("area", "310105", "signal", "fever-screenings", "from", "2026-09-08", "to", "2026-09-10"), 403);
        post(OFFICER, "ears-c1/backtest",
                body("area", NEIGHBOUR, "signal", "fever-screenings", "from", "2026-09-08", "to", "2026-09-10"), 403);
        // bad input: named fields
        JsonPath signal = post(OFFICER, "ears-c1/backtest",
                body("area", "310105990", "signal", "fevers", "from", "2026-09-08", "to", "2026-09-10"), 400);
        assertThat(signal.getList("errors.field")).containsExactly("signal");
        assertThat(signal.getString("errors[0].message")).contains(Arrays.stream(Signal.values()).map(Signal::path)
                .toList().toArray(new String[0]));
        assertThat(post(OFFICER, "ears-c1/backtest", body("area", "310105990", "signal", "fever-screenings",
                "from", "2026-09-10", "to", "2026-09-08"), 400).getList("errors.field")).containsExactly("to");
        assertThat(post(OFFICER, "ears-c1/backtest", body("area", "310105990", "signal", "fever-screenings",
                "from", "2016-08-01", "to", "2026-09-08"), 400).getList("errors.field")).containsExactly("to");
        assertThat(post(OFFICER, "ears-c1/backtest", body("area", "31010", "signal", "fever-screenings",
                "from", "2026-09-01", "to", "2026-09-08", "baseline", 1), 400).getList("errors.field"))
                .containsExactlyInAnyOrder("area", "baseline");
        assertThat(post(OFFICER, "ears-c1/backtest", body("area", "310105990", "signal", "fever-screenings"), 400)
                .getList("errors.field")).containsExactlyInAnyOrder("from", "to");
        post(OFFICER, "ears-c9/backtest",
                body("area", "310105990", "signal", "fever-screenings", "from", "2026-09-08", "to", "2026-09-10"), 404);
    }
}
