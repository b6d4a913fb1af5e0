package org.frontline.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;

/**
 * The platform's defaults (META-INF/microprofile-config.properties) give the database password no default outside
 * the dev and test profiles: a production start without FRONTLINE_DB_PASSWORD fails and names the variable.
 * (The local run checks the real start: deploy/local/frontline passes the variable; without it a service exits.)
 */
class SecretDefaultsTests {

    static SmallRyeConfig config(String profile, Map<String, String> environment) throws Exception {
        // the file as built (the module's classes folder), not a copy another jar may carry
        URL defaults = Path.of("target/classes/META-INF/microprofile-config.properties").toUri().toURL();
        return new SmallRyeConfigBuilder().withProfile(profile)
                .withSources(new PropertiesConfigSource(defaults, 100))
                .withSources(new PropertiesConfigSource(Map.of("frontline.service", "screening"), "service", 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build();
    }

    @Test
    void withoutTheVariableProductionRefusesAndNamesIt() throws Exception {
        SmallRyeConfig prod = config("prod", Map.of());
        assertThatThrownBy(() -> prod.getValue("quarkus.datasource.password", String.class))
                .hasMessageContaining("FRONTLINE_DB_PASSWORD");
    }

    @Test
    void theRequiredCopyFailsTooNamingTheVariable() throws Exception {
        // quarkus.datasource.password is optional for Quarkus (an unexpandable value counts as absent);
        // RequiredSecrets maps this required copy, so the start fails before any connection is tried
        SmallRyeConfig prod = config("prod", Map.of());
        assertThatThrownBy(() -> prod.getValue("frontline.required.database-password", String.class))
                .hasMessageContaining("FRONTLINE_DB_PASSWORD");
        assertThat(config("prod", Map.of("FRONTLINE_DB_PASSWORD", "s3cret"))
                .getValue("frontline.required.database-password", String.class)).isEqualTo("s3cret");
    }

    @Test
    void withTheVariableProductionUsesIt() throws Exception {
        SmallRyeConfig prod = config("prod", Map.of("FRONTLINE_DB_PASSWORD", "s3cret"));
        assertThat(prod.getValue("quarkus.datasource.password", String.class)).isEqualTo("s3cret");
    }

    @Test
    void devAndTestKeepTheLocalDefault() throws Exception {
        assertThat(config("dev", Map.of()).getValue("quarkus.datasource.password", String.class)).isEqualTo("screening");
        assertThat(config("test", Map.of()).getValue("quarkus.datasource.password", String.class)).isEqualTo("screening");
    }

    @Test
    void theAudienceIsRequiredEverywhere() throws Exception {
        assertThat(config("prod", Map.of()).getValue("quarkus.oidc.token.audience", String.class)).isEqualTo("frontline-api");
        assertThat(config("prod", Map.of("FRONTLINE_OIDC_AUDIENCE", "city-api"))
                .getValue("quarkus.oidc.token.audience", String.class)).isEqualTo("city-api");
    }
}
