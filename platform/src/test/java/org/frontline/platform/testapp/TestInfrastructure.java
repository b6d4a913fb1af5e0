package org.frontline.platform.testapp;

import org.frontline.platform.testing.RealInfrastructure;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;

/** Every test of this module runs against a real PostgreSQL, a real Kafka broker and a test OIDC server. */
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = {
        @ResourceArg(name = "database", value = "platform_testapp"),
        @ResourceArg(name = "topics", value = "testapp.events,testapp.events.dlq,testapp.batches,testapp.batches.dlq") })
@QuarkusTestResource(OidcWiremockTestResource.class)
public final class TestInfrastructure {
}
