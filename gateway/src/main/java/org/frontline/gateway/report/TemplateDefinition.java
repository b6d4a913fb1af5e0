package org.frontline.gateway.report;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.frontline.gateway.picture.Areas;
import org.frontline.gateway.picture.Metric;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * A report template as data (gateway/README.md "Report templates"): the rows are the areas of one level inside the
 * requested area, the columns are metrics of the picture, filters keep rows whose figures satisfy every condition,
 * and the date rule says which days a report date covers. Stored as {@code report_template.definition}.
 */
@Schema(name = "ReportTemplateDefinition", description = "A report template: rows, columns, filters and the date rule")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TemplateDefinition(
        @Schema(required = true, description = "kebab-case, 1-60 characters, e.g. `daily-epidemic`") String name,
        @Schema(required = true) String title,
        @Schema(required = true) String titleZh,
        @Schema(required = true, description = "The department that asks for the report") String department,
        @Schema(description = "The department's name in Chinese") String departmentZh,
        @Schema(required = true) Rows rows,
        @Schema(required = true, description = "At least one; each metric at most once") List<Column> columns,
        @Schema(description = "A row is shown only if every filter holds; none: every row") List<Filter> filters,
        @Schema(required = true) DateRule date) {

    public static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    public static final Set<String> LEVELS = Set.of("province", "city", "district", "street", "community");
    public static final Set<String> OPS = Set.of(">", ">=", "<", "<=", "=", "!=");
    public static final Set<String> RULES = Set.of("day", "last-days", "month-to-date");
    private static final Set<String> FIELDS = Set.of("name", "title", "titleZh", "department", "departmentZh", "rows",
            "columns", "filters", "date");

    /** Which areas are the rows: those of {@code level} inside the requested area, by code. */
    @Schema(name = "ReportRows")
    public record Rows(@Schema(required = true, enumeration = {"province", "city", "district", "street", "community"})
            String level) {
    }

    /** One column: a metric of the picture and its headers (default: the metric's own labels). */
    @Schema(name = "ReportColumn")
    public record Column(@Schema(required = true, description = "A metric key, e.g. `screened`") String metric,
            @Schema(required = true) String label, @Schema(required = true) String labelZh) {
    }

    /** A row is shown only if {@code metric op value} holds; a metric with no figure (null) never holds. */
    @Schema(name = "ReportFilter")
    public record Filter(@Schema(required = true) String metric,
            @Schema(required = true, enumeration = {">", ">=", "<", "<=", "=", "!="}) String op,
            @Schema(required = true) BigDecimal value) {

        boolean holds(BigDecimal figure) {
            if (figure == null) {
                return false;
            }
            int c = figure.compareTo(value);
            return switch (op) {
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case "=" -> c == 0;
                default -> c != 0;
            };
        }
    }

    /**
     * Which days a report of date D covers: {@code day} D only; {@code last-days} the {@code days} days ending with D;
     * {@code month-to-date} the first of D's month to D.
     */
    @Schema(name = "ReportDateRule")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record DateRule(@Schema(required = true, enumeration = {"day", "last-days", "month-to-date"}) String rule,
            @Schema(description = "For last-days: 1-366") Integer days) {

        public LocalDate from(LocalDate to) {
            return switch (rule) {
                case "last-days" -> to.minusDays(days - 1L);
                case "month-to-date" -> to.withDayOfMonth(1);
                default -> to;
            };
        }
    }

    public int rowLength() {
        return Areas.lengthOfLevel(rows.level());
    }

    public List<Metric> metrics() {
        return columns.stream().map(c -> Metric.byKey(c.metric()).orElseThrow()).toList();
    }

    /**
     * Reads and checks a definition; every bad field is named in one 400 (nothing is stored then). Labels left out
     * are the metric's own; {@code filters} left out is none.
     */
    public static TemplateDefinition parse(JsonNode json) {
        List<Problem.FieldError> errors = new ArrayList<>();
        if (json == null || !json.isObject()) {
            throw ProblemException.badRequest("Invalid template", "the body must be a JSON object", "body");
        }
        for (Iterator<String> it = json.fieldNames(); it.hasNext();) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                errors.add(new Problem.FieldError(field, "is not a template field (" + String.join(", ",
                        List.of("name", "title", "titleZh", "department", "departmentZh", "rows", "columns", "filters",
                                "date")) + ")"));
            }
        }
        String name = text(json, "name", errors, 60, true);
        if (name != null && !NAME.matcher(name).matches()) {
            errors.add(new Problem.FieldError("name", "must be kebab-case: lower-case letters and digits joined by -"));
            name = null;
        }
        String title = text(json, "title", errors, 200, true);
        String titleZh = text(json, "titleZh", errors, 200, true);
        String department = text(json, "department", errors, 200, true);
        String departmentZh = text(json, "departmentZh", errors, 200, false);

        Rows rows = null;
        JsonNode rowsNode = json.get("rows");
        if (rowsNode == null || rowsNode.isNull()) {
            errors.add(new Problem.FieldError("rows", "is required: {\"level\": \"community\"|\"street\"|\"district\"|...}"));
        } else if (!rowsNode.isObject()) {
            errors.add(new Problem.FieldError("rows", "must be an object {\"level\": ...}"));
        } else {
            String level = text(rowsNode, "level", "rows.level", errors, 20, true);
            if (level != null && !LEVELS.contains(level)) {
                errors.add(new Problem.FieldError("rows.level", "unknown level " + level
                        + " (community, street, district, city, province)"));
            } else if (level != null) {
                rows = new Rows(level);
            }
        }

        List<Column> columns = new ArrayList<>();
        JsonNode columnsNode = json.get("columns");
        if (columnsNode == null || columnsNode.isNull() || (columnsNode.isArray() && columnsNode.isEmpty())) {
            errors.add(new Problem.FieldError("columns", "is required: at least one column"));
        } else if (!columnsNode.isArray()) {
            errors.add(new Problem.FieldError("columns", "must be an array of {metric, label, labelZh}"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < columnsNode.size(); i++) {
                JsonNode c = columnsNode.get(i);
                String at = "columns[" + i + "]";
                if (!c.isObject()) {
                    errors.add(new Problem.FieldError(at, "must be an object {metric, label, labelZh}"));
                    continue;
                }
                Metric metric = metric(c, at + ".metric", errors);
                String label = text(c, "label", at + ".label", errors, 200, false);
                String labelZh = text(c, "labelZh", at + ".labelZh", errors, 200, false);
                if (metric != null && !seen.add(metric.key())) {
                    errors.add(new Problem.FieldError(at + ".metric", "duplicate column " + metric.key()));
                } else if (metric != null) {
                    columns.add(new Column(metric.key(), label == null ? metric.label() : label,
                            labelZh == null ? metric.labelZh() : labelZh));
                }
            }
        }

        List<Filter> filters = new ArrayList<>();
        JsonNode filtersNode = json.get("filters");
        if (filtersNode != null && !filtersNode.isNull()) {
            if (!filtersNode.isArray()) {
                errors.add(new Problem.FieldError("filters", "must be an array of {metric, op, value}"));
            } else {
                for (int i = 0; i < filtersNode.size(); i++) {
                    JsonNode f = filtersNode.get(i);
                    String at = "filters[" + i + "]";
                    if (!f.isObject()) {
                        errors.add(new Problem.FieldError(at, "must be an object {metric, op, value}"));
                        continue;
                    }
                    Metric metric = metric(f, at + ".metric", errors);
                    String op = text(f, "op", at + ".op", errors, 2, true);
                    if (op != null && !OPS.contains(op)) {
                        errors.add(new Problem.FieldError(at + ".op", "unknown operator " + op + " (>, >=, <, <=, =, !=)"));
                        op = null;
                    }
                    JsonNode value = f.get("value");
                    BigDecimal number = value == null || !value.isNumber() ? null : boundedNumber(value);
                    if (value == null || !value.isNumber()) {
                        errors.add(new Problem.FieldError(at + ".value", "is required: a number"));
                    } else if (number == null) {
                        errors.add(new Problem.FieldError(at + ".value",
                                "must be a number from -1e12 to 1e12 with at most 6 decimals"));
                    } else if (metric != null && op != null) {
                        filters.add(new Filter(metric.key(), op, number));
                    }
                }
            }
        }

        DateRule date = null;
        JsonNode dateNode = json.get("date");
        if (dateNode == null || dateNode.isNull()) {
            errors.add(new Problem.FieldError("date", "is required: {\"rule\": \"day\"|\"last-days\"|\"month-to-date\"}"));
        } else if (!dateNode.isObject()) {
            errors.add(new Problem.FieldError("date", "must be an object {rule, days}"));
        } else {
            String rule = text(dateNode, "rule", "date.rule", errors, 20, true);
            JsonNode days = dateNode.get("days");
            if (rule != null && !RULES.contains(rule)) {
                errors.add(new Problem.FieldError("date.rule", "unknown rule " + rule + " (day, last-days, month-to-date)"));
            } else if ("last-days".equals(rule)) {
                if (days == null || !days.canConvertToInt() || !days.isIntegralNumber() || days.intValue() < 1
                        || days.intValue() > 366) {
                    errors.add(new Problem.FieldError("date.days", "is required for last-days: a whole number 1-366"));
                } else {
                    date = new DateRule(rule, days.intValue());
                }
            } else if (rule != null) {
                if (days != null && !days.isNull()) {
                    errors.add(new Problem.FieldError("date.days", "only for the rule last-days"));
                } else {
                    date = new DateRule(rule, null);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(400, "validation", "Invalid template",
                    errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                            : errors.size() + " fields of the template are invalid",
                    errors);
        }
        return new TemplateDefinition(name, title, titleZh, department, departmentZh, rows, List.copyOf(columns),
                List.copyOf(filters), date);
    }

    private static Metric metric(JsonNode node, String field, List<Problem.FieldError> errors) {
        String key = text(node, "metric", field, errors, 40, true);
        if (key == null) {
            return null;
        }
        Metric metric = Metric.byKey(key).orElse(null);
        if (metric == null) {
            errors.add(new Problem.FieldError(field, "unknown metric " + key + " (" + String.join(", ", Metric.keys())
                    + ")"));
        }
        return metric;
    }

    /** The largest filter value allowed (in absolute terms); figures are far below it. */
    static final BigDecimal MAX_VALUE = new BigDecimal("1e12");

    /**
     * A filter value as a decimal, or null when it is not finite, above {@link #MAX_VALUE} in absolute terms, or has
     * more than 6 decimals (an exponent such as {@code 1e999999999} would otherwise reach the comparison and the
     * stored definition).
     */
    static BigDecimal boundedNumber(JsonNode value) {
        if (value.isFloatingPointNumber() && !value.isBigDecimal() && !Double.isFinite(value.doubleValue())) {
            return null;
        }
        BigDecimal number;
        try {
            number = value.decimalValue();
        } catch (RuntimeException e) {
            return null;
        }
        if (number.abs().compareTo(MAX_VALUE) > 0) {
            return null;
        }
        if (number.stripTrailingZeros().scale() > 6) {
            return null;
        }
        return number.scale() < 0 ? number.setScale(0) : number;
    }

    private static String text(JsonNode node, String name, List<Problem.FieldError> errors, int max, boolean required) {
        return text(node, name, name, errors, max, required);
    }

    private static String text(JsonNode node, String name, String field, List<Problem.FieldError> errors, int max,
            boolean required) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            if (required) {
                errors.add(new Problem.FieldError(field, "is required"));
            }
            return null;
        }
        if (!value.isTextual()) {
            errors.add(new Problem.FieldError(field, "must be a string"));
            return null;
        }
        String text = value.asText().strip();
        if (text.length() > max) {
            errors.add(new Problem.FieldError(field, "must be at most " + max + " characters"));
            return null;
        }
        return text;
    }
}
