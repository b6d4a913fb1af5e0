package org.frontline.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import org.frontline.drill.api.SuiteClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code drill run} against a fake suite that accepts everything: the result holds the truth with the run's start
 * and its last day (the city's today); a setup that breaks in an unexpected way is one line, never a stack trace.
 */
class RunCommandTests {

    @RegisterExtension
    final FakeHttp server = FakeHttp.start(4, this::handle);
    final Map<String, String> ids = new ConcurrentHashMap<>();
    final Map<String, String> areas = new ConcurrentHashMap<>();
    /** the fake roster answers a registered person without an id */
    volatile boolean peopleWithoutId;

    private void handle(HttpExchange x) throws IOException {
        String raw = FakeHttp.body(x);
        JsonNode body = SuiteClient.parse(raw);
        String path = x.getRequestURI().getPath();
        String method = x.getRequestMethod();
        ObjectNode answer = SuiteClient.JSON.createObjectNode();
        int status = 200;
        String text = null;
        if (path.endsWith("/token")) {
            answer.put("access_token", "t").put("expires_in", 300);
        } else if (path.equals("/api/v1/supplies/items")) {
            answer.putArray("items");
        } else if (path.equals("/api/v1/supplies/usage-norms")) {
            text = "[]";
        } else if (path.startsWith("/api/v1/roster/duties/")) {
            answer.putArray("requiredQualifications").add("ppe");
        } else if (path.equals("/api/v1/areas")) {
            ArrayNode items = answer.putArray("items");
            areas.forEach((code, name) -> {
                if (code.length() == 4) {
                    items.addObject().put("code", code).put("nameEn", name);
                }
            });
        } else if (method.equals("PUT") && path.startsWith("/api/v1/areas/")) {
            areas.put(path.substring("/api/v1/areas/".length()), body.path("nameEn").asText(""));
        } else if (path.equals("/api/v1/overview")) {
            answer.putObject("area").putObject("figures");
            answer.putArray("children");
        } else if (path.endsWith("/check-ins")) {
            status = 204;
        } else if (method.equals("POST")) {
            status = 201;
            String key = path + body.path("idempotencyKey").asText(UUID.randomUUID().toString());
            String id = ids.computeIfAbsent(key, k -> UUID.randomUUID().toString());
            if (!(peopleWithoutId && path.equals("/api/v1/roster/people"))) {
                answer.put("id", id);
            }
            answer.putArray("postings").addObject().put("id", id);
        }
        FakeHttp.answer(x, status, text != null ? text : answer.toString());
    }

    String[] args(Path out, String... more) {
        String url = server.url();
        String[] base = {"run", "quiet-week", "--city-size", "3", "--speed", "0", "--threads", "2", "--no-verify",
                "--out", out.toString(), "--base-url", url, "--keycloak-url", url, "--kafka", "127.0.0.1:1"};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void theResultHoldsTheTruthWithTheRunsStartAndLastDay(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("r.json");
        DrillCommandTests.Run run = DrillCommandTests.executePrinting(args(out));

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode result = SuiteClient.JSON.readTree(Files.readString(out));
        JsonNode truth = result.path("truth");
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        assertThat(truth.path("lastDay").asText()).isEqualTo(today.toString());
        assertThat(truth.path("firstDay").asText()).isEqualTo(today.minusDays(6).toString());
        assertThat(truth.path("startedAt").asText()).isNotEmpty();
        assertThat(result.path("verdict").isNull()).isTrue();
        assertThat(result.path("options").path("cityCode").asText()).isEqualTo("3901");
        assertThat(areas.get("3901")).startsWith("Drill city 3901");
    }

    @Test
    void aSetupThatBreaksUnexpectedlyIsOneLineNotAStackTrace(@TempDir Path dir) {
        peopleWithoutId = true;
        Path out = dir.resolve("r.json");
        DrillCommandTests.Run run = DrillCommandTests.executePrinting(args(out));

        assertThat(run.exit()).as(run.err()).isIn(1, 3);
        assertThat(run.err() + run.out()).doesNotContainPattern("\\n\\s+at [a-z]").doesNotContain("Caused by");
    }
}
