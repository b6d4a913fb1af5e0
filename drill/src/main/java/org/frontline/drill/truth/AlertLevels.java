package org.frontline.drill.truth;

import java.util.List;
import java.util.Locale;

/** alert-service's levels, lowest first (alert-service/README.md, "Alerts"): one order for the player and the verifier. */
public final class AlertLevels {

    public static final List<String> ORDER = List.of("BLUE", "YELLOW", "ORANGE", "RED");

    private AlertLevels() {
    }

    /** The level's rank in {@link #ORDER}; -1 for null or an unknown level. */
    public static int rank(String level) {
        return level == null ? -1 : ORDER.indexOf(level.toUpperCase(Locale.ROOT));
    }
}
