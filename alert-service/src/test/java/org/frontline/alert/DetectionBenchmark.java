package org.frontline.alert;

import static io.restassured.RestAssured.given;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;

import jakarta.inject.Inject;

import org.frontline.alert.service.DetectionJob;
import org.frontline.alert.signal.Signal;
import org.frontline.alert.signal.SignalStore;
import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestTokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

/**
 * The detection run over many dirty series: {@code bench.communities} (500) communities of street 310105099, each
 * with 56 days of fever screenings (one in ten in an outbreak today), two detectors applying (EARS C1 and a rule),
 * then one {@link DetectionJob#run} drains them all (pages of 100, one evaluation per series, one firing
 * transaction per alarm). Runs only on demand:
 *
 * <pre>
 * ./mvnw -B -T 1 -pl alert-service -am verify -DskipITs -Dtest=DetectionBenchmark \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dbench=true
 * </pre>
 */
@QuarkusTest
@FrontlineTest
@EnabledIfSystemProperty(named = "bench", matches = "true")
class DetectionBenchmark {

    @Inject
    SignalStore store;
    @Inject
    DetectionJob detection;
    @Inject
    TestClock clock;

    @Test
    void drainManySeries() {
        int communities = Integer.getInteger("bench.communities", 500);
        String coordinator = TestTokens.token("sun", "coordinator", "3101");
        for (Map<String, Object> d : java.util.List.<Map<String, Object>>of(
                Map.of("method", "ears-c1", "name", "bench-c1", "level", "ORANGE", "params", Map.of()),
                Map.of("method", "rule", "name", "bench-rule", "level", "RED",
                        "params", Map.of("windowDays", 7, "threshold", 40)))) {
            var body = new java.util.HashMap<>(d);
            body.putAll(Map.of("areaCode", "310105099", "signal", "fever-screenings"));
            given().auth().oauth2(coordinator).contentType(ContentType.JSON).body(body).when()
                    .post("/api/v1/detectors").then().statusCode(201);
        }
        LocalDate today = LocalDate.now((Clock) clock);
        double[] week = {2, 3, 2, 4, 3, 2, 3};
        for (int c = 0; c < communities; c++) {
            String community = String.format("310105099%03d", c + 1);
            boolean outbreak = c % 10 == 0;
            QuarkusTransaction.requiringNew().run(() -> {
                for (int i = 0; i < 56; i++) {
                    double v = i == 55 && outbreak ? 20 : week[i % 7];
                    store.add(Signal.FEVER_SCREENINGS, community, today.minusDays(55 - i), BigDecimal.valueOf(v));
                }
            });
        }
        long start = System.nanoTime();
        int rows = detection.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        long alerts = QuarkusTransaction.requiringNew()
                .call(() -> Alert.count("areaCode like '310105099%' and status <> ?1", Alert.Status.CLOSED));
        System.out.printf("BENCH detection: %d dirty rows of %d series in %.2f s = %.0f series/s; %d open alerts%n",
                rows, communities, seconds, communities / seconds, alerts);
    }
}
