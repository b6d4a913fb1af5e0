package org.frontline.drill.api;

import picocli.CommandLine.Option;

/**
 * Where the suite is and who the drill logs in as: the options every command shares (a picocli mixin). Defaults are
 * the local run's (deploy/local/frontline run): the gateway on 8080, Keycloak on 8180, Kafka on 19092, the local
 * realm's {@code drill} user (coordinator, community-worker, volunteer; area {@code 39}, the drill province).
 */
public class Target {

    @Option(names = "--base-url", defaultValue = "${env:FRONTLINE_DRILL_BASE_URL:-http://127.0.0.1:8080}",
            description = "the gateway: the suite's one entry point; every request goes through it (default: ${DEFAULT-VALUE})")
    public String baseUrl;

    @Option(names = "--keycloak-url", defaultValue = "${env:FRONTLINE_DRILL_KEYCLOAK_URL:-http://127.0.0.1:8180}",
            description = "Keycloak, where the drill gets its tokens like a real client (default: ${DEFAULT-VALUE})")
    public String keycloakUrl;

    @Option(names = "--realm", defaultValue = "frontline", description = "the Keycloak realm (default: ${DEFAULT-VALUE})")
    public String realm;

    @Option(names = "--client-id", defaultValue = "frontline-web",
            description = "the OIDC client the drill logs in through (password grant; default: ${DEFAULT-VALUE})")
    public String clientId;

    @Option(names = "--user", defaultValue = "${env:FRONTLINE_DRILL_USER:-drill}",
            description = "the login: needs the roles coordinator, community-worker and volunteer, and an area "
                    + "covering the drill's city (default: ${DEFAULT-VALUE})")
    public String user;

    @Option(names = "--password", defaultValue = "${env:FRONTLINE_DRILL_PASSWORD:-frontline}", arity = "0..1",
            interactive = false, description = "the login's password (default: the local run's; or FRONTLINE_DRILL_PASSWORD)")
    public String password;

    @Option(names = "--kafka", defaultValue = "${env:FRONTLINE_DRILL_KAFKA:-127.0.0.1:19092}",
            description = "Kafka bootstrap servers, read (never written) by the verifier to count the events on each "
                    + "topic (default: ${DEFAULT-VALUE})")
    public String kafka;

    @Option(names = "--province", defaultValue = "39",
            description = "the 2-digit area the drill's cities are made in: the login's area must cover it; each run "
                    + "takes a city code no earlier run used (default: ${DEFAULT-VALUE})")
    public String province;
}
