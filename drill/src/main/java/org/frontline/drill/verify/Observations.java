package org.frontline.drill.verify;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything the verifier read from the running suite, as plain data ({@link Observer} collects it; {@link Verifier}
 * compares it with the ground truth without any I/O). A figure the suite did not answer is {@code null}; a source
 * that could not be read at all is named in {@link #problems}.
 *
 * @param cityCode the 4-digit city the run played in
 * @param days the run's city dates, oldest first
 * @param alerts alert-service's alerts inside the city ({@code /api/v1/alerts/alerts?area=CITY}, every page)
 * @param openAlerts the gateway's open alerts of the city ({@code /api/v1/open-alerts?area=CITY})
 * @param cityKpi the gateway's figures of the city itself, per day and metric ({@code /api/v1/overview?area=CITY&date=D})
 * @param communityKpi the gateway's figures per community, day and metric (the children of each street's overview)
 * @param reports every report template rendered in JSON for the city and each run day
 * @param facts per fact kind: the service's count, the events on its topic and the gateway's projection
 * @param signals alert-service's daily series per signal ({@code uncovered-shift-hours}, {@code items-stock-out}),
 *        community and day; a community not listed read 0 on every day (its street's series was 0 throughout)
 * @param stockOutItems supplies-service's items at {@code STOCK_OUT} per community store (item codes)
 * @param criticalItems the supplies catalogue's critical item codes
 * @param problems what could not be read (each makes a failing check)
 */
public record Observations(String cityCode, List<LocalDate> days, List<AlertSeen> alerts, List<OpenAlertSeen> openAlerts,
        Map<LocalDate, Map<String, Double>> cityKpi, Map<String, Map<LocalDate, Map<String, Double>>> communityKpi,
        List<ReportSeen> reports, Map<String, FactCount> facts, Map<String, Map<String, Map<LocalDate, Double>>> signals,
        Map<String, Set<String>> stockOutItems, Set<String> criticalItems, List<String> problems) {

    /** alert-service signal names the verifier reads. */
    public static final String UNCOVERED_SIGNAL = "uncovered-shift-hours";
    public static final String STOCK_OUT_SIGNAL = "items-stock-out";

    /**
     * One alert of alert-service: its area (a community, or a wider prefix), signal (null: raised by hand), level,
     * status, the day of the firing it shows ({@code observedDay}), when it was first seen, raised.
     */
    public record AlertSeen(String id, String areaCode, String signal, String level, String status,
            LocalDate observedDay, LocalDate firstSeenDay, String raisedAt) {
    }

    /** One row of the gateway's open alerts. */
    public record OpenAlertSeen(String alertId, String areaCode, String level, String status) {
    }

    /**
     * One report as the gateway rendered it: the template's definition that matters for the comparison (row level,
     * date range, columns, filters) and the figures. {@code error}: why it could not be read (then rows are empty).
     */
    public record ReportSeen(String name, int version, LocalDate date, LocalDate from, LocalDate to, String rowLevel,
            List<String> columns, List<Filter> filters, List<Row> rows, Map<String, Double> totals, String error) {
    }

    /** A template filter: a row is shown only if {@code metric op value} holds. */
    public record Filter(String metric, String op, double value) {

        public boolean holds(Double figure) {
            if (figure == null) {
                return false;
            }
            double f = figure;
            return switch (op) {
                case ">" -> f > value;
                case ">=" -> f >= value;
                case "<" -> f < value;
                case "<=" -> f <= value;
                case "=" -> f == value;
                case "!=" -> f != value;
                default -> false;
            };
        }
    }

    /** A report row: the area code and its figures by metric (null: no figure). */
    public record Row(String code, Map<String, Double> values) {
    }

    /**
     * One fact kind counted three ways. {@code null}: that way does not exist for the kind (households have no
     * events, shifts no gateway figure) or could not be read ({@link Observations#problems} says which).
     *
     * @param service the owning service's own count of the city (a list's {@code total})
     * @param events distinct event ids ({@code ce_id}) of the kind's event type on its topic, inside the city
     * @param records records of that type on the topic (a redelivered copy of one event counts again)
     * @param factIds distinct fact ids ({@code screeningId}, …) among those events
     * @param doubled fact ids that came with more than one event id, with their event count (at most a few shown)
     * @param projection the gateway's figure (the FLOW metric summed over the run's days, a LEVEL metric on the last)
     */
    public record FactCount(String kind, String serviceSource, Long service, String eventSource, Long events,
            Long records, Long factIds, Map<String, Long> doubled, String projectionSource, Long projection) {
    }
}
