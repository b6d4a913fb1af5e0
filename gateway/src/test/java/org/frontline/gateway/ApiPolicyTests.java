package org.frontline.gateway;

import jakarta.inject.Inject;

import org.frontline.platform.testing.FrontlineTest;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.conformance.ApiConformance;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Every operation of the gateway's own OpenAPI document against the declared policy, docs/policy/gateway.md: tokens,
 * roles, another area (area A's picture, built from events, unchanged afterwards), malformed input (4xx
 * problem+json, nothing written). The forwarded service APIs are the services' own and tested there. See
 * platform-testing's {@code conformance.ApiConformance}; the figures are printed to the test log.
 */
@QuarkusTest
@FrontlineTest
class ApiPolicyTests {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void everyOperationKeepsTheDeclaredPolicyAndRefusesBadInput() {
        TestDatabase db = new TestDatabase(dataSource);
        ApiConformance.verify("gateway", new ApiPolicyFixture(db), db);
    }
}
