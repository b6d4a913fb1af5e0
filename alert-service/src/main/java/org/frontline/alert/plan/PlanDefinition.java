package org.frontline.alert.plan;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.frontline.alert.Alert;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The checklist of a response plan (README "Response plans", "The plan format"): per alert level and phase the
 * actions to take, and the recurring actions of the warning phase that run without an alert. Immutable; read from and
 * written to the plan's JSON by {@link #parse} and {@link #toJson}, which validate every field and name each bad one
 * ({@code levels.ORANGE.response[1].dueWithin}).
 *
 * <pre>
 * {
 *   "levels": {
 *     "ORANGE": {
 *       "warning":  [ action, ... ],
 *       "response": [ {"key": "activate-team", "title": "Activate the community emergency team",
 *                      "responsible": "team:emergency", "dueWithin": "PT2H"},
 *                     {"key": "surge-shifts", "title": "Ask for surge shifts", "responsible": "role:district-officer",
 *                      "dueWithin": "PT1H", "system": "SURGE_SHIFTS"} ],
 *       "recovery": [ {"key": "counselling-call", "title": "Psychological follow-up call",
 *                      "responsible": "duty:psychological-counsellor", "dueWithin": "P3D",
 *                      "perReleasedResident": true} ]
 *     }
 *   },
 *   "recurring": [ {"key": "hazard-check", "title": "Hazard check of every building",
 *                   "responsible": "role:community-worker", "every": "P1M", "dueWithin": "P7D"} ]
 * }
 * </pre>
 */
public record PlanDefinition(Map<Alert.Level, Checklist> levels, List<Recurring> recurring) {

    /** The phases of the warning → response → recovery cycle a checklist is split into. */
    public enum Phase {
        WARNING, RESPONSE, RECOVERY
    }

    /** What the system carries out itself on activation, recording the task as done. */
    public enum SystemAction {
        /** SurgeShiftsRequested: roster-service proposes the level's surge shifts for the community */
        SURGE_SHIFTS,
        /** MinimumStockRequested: supplies-service raises the community store's minimum levels ({@code minDays}) */
        RAISE_MIN_STOCK,
        /** CampaignRequested: screening-service opens a door-to-door campaign ({@code grid} optional) */
        OPEN_CAMPAIGN
    }

    public static final Set<String> ROLES = Set.of("coordinator", "district-officer", "community-worker", "volunteer");
    private static final Pattern KEY = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern DUTY = KEY;
    public static final int MAX_ACTIONS = 50;
    public static final Duration MAX_DUE = Duration.ofDays(90);

    public PlanDefinition {
        levels = Map.copyOf(levels);
        recurring = List.copyOf(recurring);
    }

    /** The actions of one level, by phase (each list possibly empty). */
    public record Checklist(List<Action> warning, List<Action> response, List<Action> recovery) {
        public Checklist {
            warning = List.copyOf(warning);
            response = List.copyOf(response);
            recovery = List.copyOf(recovery);
        }

        public List<Action> of(Phase phase) {
            return switch (phase) {
                case WARNING -> warning;
                case RESPONSE -> response;
                case RECOVERY -> recovery;
            };
        }
    }

    /**
     * One action: {@code key} (kebab-case, unique within its level), what to do, who is responsible
     * ({@code role:<role>}, {@code team:<purpose or name of a roster team>}, {@code duty:<roster duty code>}), the
     * deadline relative to activation (or, for a per-resident follow-up, to the resident's release), and optionally
     * a system action with its parameters.
     */
    public record Action(String key, String title, String description, String responsible, Duration dueWithin,
            SystemAction system, BigDecimal minDays, String grid, boolean perReleasedResident) {
    }

    /** A warning-phase action on a schedule: one task per period ({@code every}: P1D, P7D, P1M ...). */
    public record Recurring(String key, String title, String description, String responsible, Period every,
            Duration dueWithin) {
    }

    /** The checklist of a level, or null when the plan has none for it. */
    public Checklist checklist(Alert.Level level) {
        return levels.get(level);
    }

    // ---------------------------------------------------------------------------------------------- parsing

    /** Reads and validates a definition; every problem is named in one 400. */
    public static PlanDefinition parse(JsonNode json) {
        List<Problem.FieldError> errors = new ArrayList<>();
        PlanDefinition parsed = parse(json, "definition", errors);
        if (!errors.isEmpty()) {
            throw ProblemException.validation(errors);
        }
        return parsed;
    }

    /** Reads the stored JSON of a plan (valid by construction). */
    public static PlanDefinition read(ObjectMapper mapper, String json) {
        try {
            return parse(mapper.readTree(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored plan definition is not JSON", e);
        }
    }

    static PlanDefinition parse(JsonNode json, String at, List<Problem.FieldError> errors) {
        if (json == null || !json.isObject()) {
            errors.add(new Problem.FieldError(at, "must be an object with levels and recurring"));
            return null;
        }
        unknown(json, at, Set.of("levels", "recurring"), errors);
        Map<Alert.Level, Checklist> levels = new EnumMap<>(Alert.Level.class);
        JsonNode levelsNode = json.get("levels");
        if (levelsNode != null && !levelsNode.isNull()) {
            if (!levelsNode.isObject()) {
                errors.add(new Problem.FieldError(at + ".levels", "must be an object keyed by level"));
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = levelsNode.fields(); it.hasNext();) {
                    var e = it.next();
                    String path = at + ".levels." + e.getKey();
                    Alert.Level level;
                    try {
                        level = Alert.Level.valueOf(e.getKey());
                    } catch (IllegalArgumentException ex) {
                        errors.add(new Problem.FieldError(path, "is not a level (BLUE, YELLOW, ORANGE, RED)"));
                        continue;
                    }
                    Checklist c = checklist(e.getValue(), path, errors);
                    if (c != null) {
                        levels.put(level, c);
                    }
                }
            }
        }
        List<Recurring> recurring = new ArrayList<>();
        JsonNode rec = json.get("recurring");
        if (rec != null && !rec.isNull()) {
            if (!rec.isArray()) {
                errors.add(new Problem.FieldError(at + ".recurring", "must be an array"));
            } else if (rec.size() > MAX_ACTIONS) {
                errors.add(new Problem.FieldError(at + ".recurring", "holds at most " + MAX_ACTIONS + " actions"));
            } else {
                Set<String> keys = new HashSet<>();
                for (int i = 0; i < rec.size(); i++) {
                    Recurring r = recurring(rec.get(i), at + ".recurring[" + i + "]", keys, errors);
                    if (r != null) {
                        recurring.add(r);
                    }
                }
            }
        }
        if (levels.isEmpty() && recurring.isEmpty() && errors.isEmpty()) {
            errors.add(new Problem.FieldError(at, "needs at least one level checklist or recurring action"));
        }
        return errors.isEmpty() ? new PlanDefinition(levels, recurring) : null;
    }

    private static Checklist checklist(JsonNode node, String at, List<Problem.FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new Problem.FieldError(at, "must be an object with warning, response and recovery"));
            return null;
        }
        unknown(node, at, Set.of("warning", "response", "recovery"), errors);
        Set<String> keys = new HashSet<>();
        Map<Phase, List<Action>> byPhase = new EnumMap<>(Phase.class);
        int total = 0;
        for (Phase phase : Phase.values()) {
            String name = phase.name().toLowerCase(Locale.ROOT);
            JsonNode list = node.get(name);
            List<Action> actions = new ArrayList<>();
            if (list != null && !list.isNull()) {
                if (!list.isArray()) {
                    errors.add(new Problem.FieldError(at + "." + name, "must be an array"));
                } else {
                    for (int i = 0; i < list.size() && total < MAX_ACTIONS; i++, total++) {
                        Action a = action(list.get(i), phase, at + "." + name + "[" + i + "]", keys, errors);
                        if (a != null) {
                            actions.add(a);
                        }
                    }
                    if (list.size() > MAX_ACTIONS) {
                        errors.add(new Problem.FieldError(at + "." + name, "holds at most " + MAX_ACTIONS + " actions"));
                    }
                }
            }
            byPhase.put(phase, actions);
        }
        if (byPhase.values().stream().allMatch(List::isEmpty)) {
            errors.add(new Problem.FieldError(at, "has no actions"));
            return null;
        }
        return new Checklist(byPhase.get(Phase.WARNING), byPhase.get(Phase.RESPONSE), byPhase.get(Phase.RECOVERY));
    }

    private static Action action(JsonNode node, Phase phase, String at, Set<String> keys,
            List<Problem.FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new Problem.FieldError(at, "must be an object"));
            return null;
        }
        int before = errors.size();
        unknown(node, at, Set.of("key", "title", "description", "responsible", "dueWithin", "system", "minDays", "grid",
                "perReleasedResident"), errors);
        String key = key(node, at, keys, errors);
        String title = text(node, "title", at, 1, 300, true, errors);
        String description = text(node, "description", at, 0, 2000, false, errors);
        String responsible = responsible(node, at, errors);
        Duration due = duration(node, "dueWithin", at, errors);
        SystemAction system = null;
        JsonNode s = node.get("system");
        if (s != null && !s.isNull()) {
            try {
                system = SystemAction.valueOf(s.asText());
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError(at + ".system",
                        "is not a system action (SURGE_SHIFTS, RAISE_MIN_STOCK, OPEN_CAMPAIGN)"));
            }
        }
        BigDecimal minDays = null;
        JsonNode md = node.get("minDays");
        if (md != null && !md.isNull()) {
            if (!md.isNumber() || md.decimalValue().signum() <= 0 || md.decimalValue().compareTo(BigDecimal.valueOf(365)) > 0
                    || md.decimalValue().stripTrailingZeros().scale() > 1) {
                errors.add(new Problem.FieldError(at + ".minDays", "must be a number of days above 0, at most 365, one decimal"));
            } else {
                minDays = md.decimalValue();
            }
        }
        String grid = text(node, "grid", at, 1, 40, false, errors); // screening-service keeps 40
        boolean perResident = false;
        JsonNode pr = node.get("perReleasedResident");
        if (pr != null && !pr.isNull()) {
            if (!pr.isBoolean()) {
                errors.add(new Problem.FieldError(at + ".perReleasedResident", "must be true or false"));
            } else {
                perResident = pr.booleanValue();
            }
        }
        if (system == SystemAction.RAISE_MIN_STOCK && minDays == null && md == null) {
            errors.add(new Problem.FieldError(at + ".minDays", "is required for RAISE_MIN_STOCK"));
        }
        if (system != SystemAction.RAISE_MIN_STOCK && minDays != null) {
            errors.add(new Problem.FieldError(at + ".minDays", "belongs to a RAISE_MIN_STOCK action only"));
        }
        if (system != SystemAction.OPEN_CAMPAIGN && grid != null) {
            errors.add(new Problem.FieldError(at + ".grid", "belongs to an OPEN_CAMPAIGN action only"));
        }
        if (perResident && phase != Phase.RECOVERY) {
            errors.add(new Problem.FieldError(at + ".perReleasedResident", "is for recovery actions only"));
        }
        if (perResident && system != null) {
            errors.add(new Problem.FieldError(at + ".system", "a per-resident follow-up is carried out by people"));
        }
        if (system != null && phase == Phase.RECOVERY) {
            errors.add(new Problem.FieldError(at + ".system", "system actions run on activation (warning or response)"));
        }
        if (errors.size() > before) {
            return null;
        }
        return new Action(key, title, description, responsible, due, system, minDays, grid, perResident);
    }

    private static Recurring recurring(JsonNode node, String at, Set<String> keys, List<Problem.FieldError> errors) {
        if (node == null || !node.isObject()) {
            errors.add(new Problem.FieldError(at, "must be an object"));
            return null;
        }
        int before = errors.size();
        unknown(node, at, Set.of("key", "title", "description", "responsible", "every", "dueWithin"), errors);
        String key = key(node, at, keys, errors);
        String title = text(node, "title", at, 1, 300, true, errors);
        String description = text(node, "description", at, 0, 2000, false, errors);
        String responsible = responsible(node, at, errors);
        Duration due = duration(node, "dueWithin", at, errors);
        Period every = null;
        JsonNode e = node.get("every");
        if (e == null || e.isNull() || !e.isTextual()) {
            errors.add(new Problem.FieldError(at + ".every", "is required: an ISO-8601 period such as P1D, P7D or P1M"));
        } else {
            try {
                every = Period.parse(e.asText());
                if (every.isNegative() || every.isZero() || every.getYears() > 1 || every.toTotalMonths() > 12
                        || (every.toTotalMonths() > 0 && every.getDays() > 0)) {
                    errors.add(new Problem.FieldError(at + ".every",
                            "must be whole days (P1D .. P366D) or whole months (P1M .. P12M)"));
                    every = null;
                } else if (every.toTotalMonths() == 0 && every.getDays() > 366) {
                    errors.add(new Problem.FieldError(at + ".every", "must be at most P366D"));
                    every = null;
                }
            } catch (DateTimeParseException ex) {
                errors.add(new Problem.FieldError(at + ".every", "is not an ISO-8601 period such as P7D or P1M"));
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return new Recurring(key, title, description, responsible, every, due);
    }

    private static String key(JsonNode node, String at, Set<String> keys, List<Problem.FieldError> errors) {
        String key = text(node, "key", at, 1, 60, true, errors);
        if (key == null) {
            return null;
        }
        if (!KEY.matcher(key).matches()) {
            errors.add(new Problem.FieldError(at + ".key", "must be kebab-case (a-z, 0-9, -)"));
            return null;
        }
        if (!keys.add(key)) {
            errors.add(new Problem.FieldError(at + ".key", "'" + key + "' is used twice"));
            return null;
        }
        return key;
    }

    private static String responsible(JsonNode node, String at, List<Problem.FieldError> errors) {
        String r = text(node, "responsible", at, 1, 100, true, errors);
        if (r == null) {
            return null;
        }
        int colon = r.indexOf(':');
        String kind = colon < 0 ? "" : r.substring(0, colon);
        String value = colon < 0 ? "" : r.substring(colon + 1).strip();
        String message = switch (kind) {
            case "role" -> ROLES.contains(value) ? null : "names no role (" + String.join(", ", ROLES.stream().sorted().toList()) + ")";
            case "team" -> value.isEmpty() ? "names no team" : null;
            case "duty" -> DUTY.matcher(value).matches() ? null : "names no duty code (kebab-case)";
            default -> "must be role:<role>, team:<team purpose or name> or duty:<duty code>";
        };
        if (message != null) {
            errors.add(new Problem.FieldError(at + ".responsible", message));
            return null;
        }
        return kind + ":" + value;
    }

    private static Duration duration(JsonNode node, String field, String at, List<Problem.FieldError> errors) {
        JsonNode d = node.get(field);
        if (d == null || d.isNull() || !d.isTextual()) {
            errors.add(new Problem.FieldError(at + "." + field, "is required: an ISO-8601 duration such as PT2H or P1D"));
            return null;
        }
        try {
            Duration due = Duration.parse(d.asText());
            if (due.isNegative() || due.isZero() || due.compareTo(MAX_DUE) > 0) {
                errors.add(new Problem.FieldError(at + "." + field, "must be above zero and at most P90D"));
                return null;
            }
            return due;
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(at + "." + field, "is not an ISO-8601 duration such as PT2H or P1D"));
            return null;
        }
    }

    private static String text(JsonNode node, String field, String at, int min, int max, boolean required,
            List<Problem.FieldError> errors) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                errors.add(new Problem.FieldError(at + "." + field, "is required"));
            }
            return null;
        }
        if (!v.isTextual()) {
            errors.add(new Problem.FieldError(at + "." + field, "must be a string"));
            return null;
        }
        String s = v.asText().strip();
        if (s.length() < Math.max(min, required ? 1 : 0) || s.length() > max) {
            errors.add(new Problem.FieldError(at + "." + field,
                    required ? "must be 1 to " + max + " characters" : "must be at most " + max + " characters"));
            return null;
        }
        return s.isEmpty() ? null : s;
    }

    private static void unknown(JsonNode node, String at, Set<String> allowed, List<Problem.FieldError> errors) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!allowed.contains(f)) {
                errors.add(new Problem.FieldError(at + "." + f, "is not a field of this part of the plan"));
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- writing

    /** The canonical JSON (what is stored and answered). */
    public JsonNode toJson(ObjectMapper mapper) {
        ObjectNode root = mapper.createObjectNode();
        ObjectNode levelsNode = root.putObject("levels");
        for (Alert.Level level : Alert.Level.values()) {
            Checklist c = levels.get(level);
            if (c == null) {
                continue;
            }
            ObjectNode cn = levelsNode.putObject(level.name());
            for (Phase phase : Phase.values()) {
                ArrayNode list = cn.putArray(phase.name().toLowerCase(Locale.ROOT));
                for (Action a : c.of(phase)) {
                    ObjectNode an = list.addObject();
                    an.put("key", a.key());
                    an.put("title", a.title());
                    if (a.description() != null) {
                        an.put("description", a.description());
                    }
                    an.put("responsible", a.responsible());
                    an.put("dueWithin", a.dueWithin().toString());
                    if (a.system() != null) {
                        an.put("system", a.system().name());
                    }
                    if (a.minDays() != null) {
                        an.put("minDays", a.minDays());
                    }
                    if (a.grid() != null) {
                        an.put("grid", a.grid());
                    }
                    if (a.perReleasedResident()) {
                        an.put("perReleasedResident", true);
                    }
                }
            }
        }
        ArrayNode rec = root.putArray("recurring");
        for (Recurring r : recurring) {
            ObjectNode rn = rec.addObject();
            rn.put("key", r.key());
            rn.put("title", r.title());
            if (r.description() != null) {
                rn.put("description", r.description());
            }
            rn.put("responsible", r.responsible());
            rn.put("every", r.every().toString());
            rn.put("dueWithin", r.dueWithin().toString());
        }
        return root;
    }

    /** Every action of every level and the recurring ones by key, for listing. */
    public Map<String, String> titles() {
        Map<String, String> out = new LinkedHashMap<>();
        levels.values().forEach(c -> {
            for (Phase p : Phase.values()) {
                c.of(p).forEach(a -> out.putIfAbsent(a.key(), a.title()));
            }
        });
        recurring.forEach(r -> out.putIfAbsent(r.key(), r.title()));
        return out;
    }
}
