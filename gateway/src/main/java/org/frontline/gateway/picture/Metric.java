package org.frontline.gateway.picture;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The figures of the city picture. Each metric's exact definition (which events, which fields) is in
 * gateway/README.md "KPIs"; {@link Kind} says how a day reads from the rows of {@code kpi_day}.
 */
public enum Metric {
    SCREENED("screened", Kind.FLOW, "Screened", "筛查人次"),
    FEVER("fever", Kind.FLOW, "Fever", "发热人次"),
    SUSPECTED("suspected", Kind.FLOW, "Suspected or referred", "疑似/转诊"),
    POSITIVES("positives", Kind.FLOW, "Positive tests", "阳性"),
    IN_QUARANTINE("inQuarantine", Kind.LEVEL, "In quarantine or monitoring", "在管隔离/监测"),
    MISSED_CHECK_INS("missedCheckIns", Kind.FLOW, "Missed check-ins", "漏打卡"),
    CAMPAIGN_TARGET("campaignTarget", Kind.LEVEL, "Campaign households", "排查目标户数"),
    CAMPAIGN_REACHED("campaignReached", Kind.LEVEL, "Campaign households reached", "已排查户数"),
    CAMPAIGN_COVERAGE("campaignCoverage", Kind.RATIO, "Campaign coverage %", "入户排查覆盖率%"),
    SHIFT_SLOTS_REQUIRED("shiftSlotsRequired", Kind.FLOW, "Shift slots required", "应到岗位"),
    SHIFT_SLOTS_COVERED("shiftSlotsCovered", Kind.FLOW, "Shift slots covered", "已排岗位"),
    UNCOVERED_HOURS("uncoveredHours", Kind.FLOW, "Uncovered hours", "缺岗小时"),
    PEOPLE_ON_DUTY("peopleOnDuty", Kind.FLOW, "People on duty", "在岗人次"),
    VOLUNTEERS("volunteers", Kind.LEVEL, "Volunteers", "志愿者"),
    LOWEST_DAYS_OF_COVER("lowestDaysOfCover", Kind.LOWEST, "Lowest days of cover (critical items)", "关键物资最低可用天数"),
    ITEMS_AT_STOCK_OUT("itemsAtStockOut", Kind.LEVEL, "Items at stock-out", "断货品种"),
    OPEN_ALERTS_BLUE("openAlertsBlue", Kind.LEVEL, "Open alerts BLUE", "蓝色预警"),
    OPEN_ALERTS_YELLOW("openAlertsYellow", Kind.LEVEL, "Open alerts YELLOW", "黄色预警"),
    OPEN_ALERTS_ORANGE("openAlertsOrange", Kind.LEVEL, "Open alerts ORANGE", "橙色预警"),
    OPEN_ALERTS_RED("openAlertsRed", Kind.LEVEL, "Open alerts RED", "红色预警"),
    OPEN_ALERTS("openAlerts", Kind.SUM, "Open alerts", "未结预警");

    /** How a day's figure reads from the stored rows, and how an area's figure relates to those below it. */
    public enum Kind {
        /** The row of the day; an area's row is the sum of those below it plus its own facts. Over a range: the sum. */
        FLOW,
        /** Rows are changes; a day's figure is the sum of rows up to and including the day. Over a range: at its end. */
        LEVEL,
        /** The latest row at or before the day (null: nothing known); an area's is the lowest of those below it. */
        LOWEST,
        /** Not stored: campaignReached / campaignTarget × 100, one decimal (null when the target is 0). */
        RATIO,
        /** Not stored: the sum of the four open-alert levels. */
        SUM
    }

    private final String key;
    private final Kind kind;
    private final String label;
    private final String labelZh;

    Metric(String key, Kind kind, String label, String labelZh) {
        this.key = key;
        this.kind = kind;
        this.label = label;
        this.labelZh = labelZh;
    }

    /** The name in the API, in report templates and in {@code kpi_day.metric}. */
    public String key() {
        return key;
    }

    public Kind kind() {
        return kind;
    }

    public String label() {
        return label;
    }

    public String labelZh() {
        return labelZh;
    }

    /** Whether rows of this metric are stored in kpi_day (RATIO and SUM are derived when read). */
    public boolean stored() {
        return kind == Kind.FLOW || kind == Kind.LEVEL || kind == Kind.LOWEST;
    }

    public static Optional<Metric> byKey(String key) {
        return Arrays.stream(values()).filter(m -> m.key.equals(key)).findFirst();
    }

    public static List<String> keys() {
        return Arrays.stream(values()).map(Metric::key).toList();
    }

    /** The open-alert metric of an alert level (BLUE, YELLOW, ORANGE, RED). */
    public static Metric openAlerts(String level) {
        return switch (level) {
            case "BLUE" -> OPEN_ALERTS_BLUE;
            case "YELLOW" -> OPEN_ALERTS_YELLOW;
            case "ORANGE" -> OPEN_ALERTS_ORANGE;
            case "RED" -> OPEN_ALERTS_RED;
            default -> throw new IllegalArgumentException("unknown alert level " + level);
        };
    }
}
