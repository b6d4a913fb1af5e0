package org.frontline.supplies;

import java.time.Instant;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.conformance.ApiConformance;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every operation of the OpenAPI document against the declared policy, docs/policy/supplies-service.md: tokens,
 * roles, another area (on real records, unchanged afterwards), malformed input — JSON bodies and the count sheet
 * upload alike — answering 4xx problem+json with nothing written. See platform-testing's
 * {@code conformance.ApiConformance}; the figures are printed to the test log.
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
        ApiConformance.verify("supplies-service", new ApiPolicyFixture(), new TestDatabase(dataSource));
    }
}
