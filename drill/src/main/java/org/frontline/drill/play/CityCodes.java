package org.frontline.drill.play;

import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;

import org.frontline.drill.api.Parallel;
import org.frontline.drill.api.Response;
import org.frontline.drill.api.SuiteClient;
import org.frontline.drill.api.SuiteException;

/**
 * Picks the city a run plays in (COMMON.md "City codes"): the first {@code PPCC} (CC = 01 … 99) of the province that
 * no earlier run used — the gateway's {@code /areas?parent=PP} does not list it and its overview of today shows no
 * figure other than 0 — and claims it: the area's {@code nameEn} is set to the run's claim, read back after a short
 * pause, and when another run's claim is there (two runs picked the same code at once) the next code is tried.
 */
public final class CityCodes {

    static final String CLAIM = "drill claim ";

    private CityCodes() {
    }

    /** A fresh city code claimed for {@code claimId}; a full province is a {@link SuiteException} (exit 3). */
    public static String fresh(SuiteClient client, String province, String claimId) {
        if (province == null || !province.matches("\\d{2}")) {
            throw new IllegalArgumentException("--province must have 2 digits: " + province);
        }
        java.util.Set<String> known = listed(client, province).keySet();
        for (int cc = 1; cc <= 99; cc++) {
            String code = province + String.format("%02d", cc);
            if (known.contains(code)) {
                continue;
            }
            Response overview = client.require("GET", "/api/v1/overview?area=" + code, null);
            if (!empty(overview.body().path("area").path("figures"))
                    || !overview.body().path("children").isEmpty()) {
                continue;
            }
            String claim = CLAIM + claimId;
            client.requireIdempotent("PUT", "/api/v1/areas/" + code, Map.of("name", "drill " + code, "nameEn", claim));
            Parallel.sleep(ThreadLocalRandom.current().nextLong(300, 800));
            if (claim.equals(listed(client, province).get(code))) {
                return code;
            }
            // another run claimed it between our look and our claim: it is theirs
        }
        throw new SuiteException("no fresh city code left in province " + province
                + " (" + province + "01 … " + province + "99 all used); use --province with another 2-digit province"
                + " the drill user may write (or --city-code to reuse one, which mixes the runs' figures)", null);
    }

    /** The province's listed areas: code → nameEn (empty string: none). */
    private static java.util.Map<String, String> listed(SuiteClient client, String province) {
        java.util.Map<String, String> names = new java.util.HashMap<>();
        Response areas = client.require("GET", "/api/v1/areas?parent=" + province, null);
        for (JsonNode item : areas.body().path("items")) {
            names.put(item.path("code").asText(), item.path("nameEn").asText(""));
        }
        return names;
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
