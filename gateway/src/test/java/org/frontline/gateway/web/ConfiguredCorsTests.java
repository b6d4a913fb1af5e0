package org.frontline.gateway.web;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.frontline.platform.testing.FrontlineTest;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;

/**
 * CORS opened by configuration, as docs/security.md tells a deployment to do (runtime settings, no rebuild): the
 * named origin may call, any other still may not.
 */
@QuarkusTest
@FrontlineTest
@TestProfile(ConfiguredCorsTests.DistrictOrigin.class)
class ConfiguredCorsTests {

    static final String DISTRICT = "https://command.xuhui.example";

    public static class DistrictOrigin implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.cors.enabled", "true", "quarkus.http.cors.origins", DISTRICT);
        }

        @Override
        public String getConfigProfile() {
            return "test";
        }
    }

    @Test
    void onlyTheConfiguredOriginMayCall() {
        Response ok = given().header("Origin", DISTRICT).header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .when().options("/api/v1/overview");
        assertThat(ok.header("Access-Control-Allow-Origin")).isEqualTo(DISTRICT);

        Response other = given().header("Origin", WebSecurityTests.EVIL).header("Access-Control-Request-Method", "GET")
                .when().options("/api/v1/overview");
        assertThat(other.header("Access-Control-Allow-Origin")).isNull();
        assertThat(given().header("Origin", WebSecurityTests.EVIL).when().get("/config.json")
                .header("Access-Control-Allow-Origin")).isNull();
    }
}
