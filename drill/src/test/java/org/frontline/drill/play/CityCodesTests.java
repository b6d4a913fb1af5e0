package org.frontline.drill.play;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import org.frontline.drill.FakeHttp;
import org.frontline.drill.api.Stats;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.api.SuiteException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A fresh city code is claimed (nameEn = the run's claim) and read back; a code another run claimed is left to it. */
class CityCodesTests {

    @RegisterExtension
    final FakeHttp server = FakeHttp.start(0, this::handle);
    /** code → nameEn of the areas the fake gateway knows */
    final Map<String, String> areas = new TreeMap<>();
    /** code → the claim another run puts there right after ours */
    final Map<String, String> rival = new TreeMap<>();

    private synchronized void handle(HttpExchange x) throws IOException {
        String raw = FakeHttp.body(x);
        String path = x.getRequestURI().getPath();
        ObjectNode answer = SuiteClient.JSON.createObjectNode();
        if (path.endsWith("/token")) {
            answer.put("access_token", "t").put("expires_in", 300);
        } else if (path.equals("/api/v1/areas")) {
            ArrayNode items = answer.putArray("items");
            areas.forEach((code, name) -> items.addObject().put("code", code).put("nameEn", name));
        } else if (path.startsWith("/api/v1/areas/")) {
            String code = path.substring("/api/v1/areas/".length());
            areas.put(code, SuiteClient.parse(raw).path("nameEn").asText());
            if (rival.containsKey(code)) {
                areas.put(code, rival.get(code));
            }
        } else if (path.equals("/api/v1/overview")) {
            answer.putObject("area").putObject("figures").put("screened", 0);
            answer.putArray("children");
        }
        FakeHttp.answer(x, 200, answer.toString());
    }

    SuiteClient client() {
        return server.client(new Stats());
    }

    @Test
    void theFirstUnusedCodeIsClaimedAndACodeAnotherRunClaimedIsSkipped() {
        areas.put("3901", "Drill city 3901");
        rival.put("3902", CityCodes.CLAIM + "other-run");

        String code = CityCodes.fresh(client(), "39", "me");

        assertThat(code).isEqualTo("3903");
        assertThat(areas).containsEntry("3903", CityCodes.CLAIM + "me").containsEntry("3902", CityCodes.CLAIM + "other-run");
    }

    @Test
    void aFullProvinceSaysToUseAnother() {
        for (int cc = 1; cc <= 99; cc++) {
            areas.put(String.format("39%02d", cc), "used");
        }
        assertThatThrownBy(() -> CityCodes.fresh(client(), "39", "me")).isInstanceOf(SuiteException.class)
                .hasMessageContaining("use --province");
    }
}
