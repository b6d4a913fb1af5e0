package org.frontline.drill.truth;

import java.util.List;
import java.util.Set;

/** The gateway's KPI metric names the drill predicts (gateway/README.md, "The city picture"). */
public final class Metrics {

    public static final String SCREENED = "screened";
    public static final String FEVER = "fever";
    public static final String SUSPECTED = "suspected";
    public static final String POSITIVES = "positives";
    public static final String IN_QUARANTINE = "inQuarantine";
    public static final String MISSED_CHECK_INS = "missedCheckIns";
    public static final String SHIFT_SLOTS_REQUIRED = "shiftSlotsRequired";
    public static final String SHIFT_SLOTS_COVERED = "shiftSlotsCovered";
    public static final String UNCOVERED_HOURS = "uncoveredHours";
    public static final String PEOPLE_ON_DUTY = "peopleOnDuty";
    public static final String VOLUNTEERS = "volunteers";
    public static final String ITEMS_AT_STOCK_OUT = "itemsAtStockOut";

    /** LEVEL metrics: a day's figure is the sum of the changes up to and including it. */
    public static final Set<String> LEVEL = Set.of(IN_QUARANTINE, VOLUNTEERS, ITEMS_AT_STOCK_OUT);

    public static final List<String> ALL = List.of(SCREENED, FEVER, SUSPECTED, POSITIVES, IN_QUARANTINE,
            MISSED_CHECK_INS, SHIFT_SLOTS_REQUIRED, SHIFT_SLOTS_COVERED, UNCOVERED_HOURS, PEOPLE_ON_DUTY, VOLUNTEERS,
            ITEMS_AT_STOCK_OUT);

    private Metrics() {
    }
}
