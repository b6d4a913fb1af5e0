package org.frontline.drill.play;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

import org.frontline.drill.api.Response;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.api.SuiteException;

/**
 * Picks the city a run plays in (COMMON.md "City codes"): the first {@code PPCC} (CC = 01 … 99) of the province that
 * no earlier run used — the gateway's {@code /areas?parent=PP} does not list it and its overview of today shows no
 * figure other than 0.
 */
public final class CityCodes {

    private CityCodes() {
    }

    public static String fresh(SuiteClient client, String province) {
        if (province == null || !province.matches("\\d{2}")) {
            throw new IllegalArgumentException("--province must have 2 digits: " + province);
        }
        Set<String> known = new HashSet<>();
        Response areas = client.require("GET", "/api/v1/areas?parent=" + province, null);
        for (JsonNode item : areas.body().path("items")) {
            known.add(item.path("code").asText());
        }
        for (int cc = 1; cc <= 99; cc++) {
            String code = province + String.format("%02d", cc);
            if (known.contains(code)) {
                continue;
            }
            Response overview = client.require("GET", "/api/v1/overview?area=" + code, null);
            if (empty(overview.body().path("area").path("figures"))
                    && overview.body().path("children").isEmpty()) {
                return code;
            }
        }
        throw new SuiteException("no fresh city code left in province " + province
                + " (01 … 99 all used); give one with --city-code", null);
    }

    static boolean empty(JsonNode figures) {
        for (JsonNode v : figures) {
            if (v.isNumber() && v.asDouble() != 0) {
                return false;
            }
        }
        return true;
    }
}
