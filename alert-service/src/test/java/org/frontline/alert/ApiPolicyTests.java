package org.frontline.alert;

import java.time.Instant;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.conformance.ApiConformance;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every operation of the OpenAPI document against the declared policy, docs/policy/alert-service.md: tokens, roles,
 * another area (on real records, unchanged afterwards), malformed input (4xx problem+json, nothing written). See
 * platform-testing's {@code conformance.ApiConformance}; the figures are printed to the test log.
 */
@QuarkusTest
@FrontlineTest
class ApiPolicyTests {

    @Inject
    AgroalDataSource dataSource;
    @Inject
    TestClock clock;

    @Test
    void everyOperationKeepsTheDeclaredPolicyAndRefusesBadInput() {
        clock.set(Instant.now());
        TestDatabase db = new TestDatabase(dataSource);
        ApiConformance.verify("alert-service", new ApiPolicyFixture(db), db);
    }
}
