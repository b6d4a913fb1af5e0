package org.frontline.deploy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * docs/configuration.md: ONE table, columns exactly {@code | variable | services | default | set in Kubernetes |
 * meaning |}. services: comma-separated module names or {@code all}; "set in Kubernetes": yes (every Deployment of
 * those services must set it) or no. A variable may hold a {@code <PLACEHOLDER>} (matches [A-Z0-9_]+).
 */
record ConfigurationTable(List<Row> rows, List<String> problems) {

    static final List<String> SERVICES = List.of("screening-service", "roster-service", "supplies-service",
            "alert-service", "gateway");
    static final String HEADER = "| variable | services | default | set in Kubernetes | meaning |";

    record Row(String variable, Set<String> services, boolean setInKubernetes) {
        boolean matches(String name) {
            return pattern().matcher(name).matches();
        }

        Pattern pattern() {
            StringBuilder re = new StringBuilder();
            Matcher m = Pattern.compile("<[^>]+>").matcher(variable);
            int last = 0;
            while (m.find()) {
                re.append(Pattern.quote(variable.substring(last, m.start()))).append("[A-Z0-9_]+");
                last = m.end();
            }
            re.append(Pattern.quote(variable.substring(last)));
            return Pattern.compile(re.toString());
        }

        boolean isPattern() {
            return variable.contains("<");
        }
    }

    static ConfigurationTable parse(String markdown) {
        List<Row> rows = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String[] lines = markdown.split("\n");
        int header = -1;
        int tables = 0;
        for (int i = 0; i < lines.length; i++) {
            if (normalise(lines[i]).equals(HEADER)) {
                header = header < 0 ? i : header;
                tables++;
            }
        }
        if (header < 0) {
            problems.add("docs/configuration.md: no table with the header " + HEADER);
            return new ConfigurationTable(rows, problems);
        }
        if (tables > 1) {
            problems.add("docs/configuration.md: " + tables + " tables with the header; the contract is ONE table");
        }
        for (int i = header + 2; i < lines.length && lines[i].trim().startsWith("|"); i++) {
            String[] cells = cells(lines[i]);
            if (cells.length != 5) {
                problems.add("docs/configuration.md line " + (i + 1) + ": " + cells.length + " cells, want 5: " + lines[i]);
                continue;
            }
            String variable = strip(cells[0]);
            Set<String> services = new LinkedHashSet<>();
            for (String s : strip(cells[1]).split(",")) {
                String service = strip(s);
                if (service.equals("all")) {
                    services.addAll(SERVICES);
                } else if (SERVICES.contains(service)) {
                    services.add(service);
                } else {
                    problems.add("docs/configuration.md line " + (i + 1) + ": " + variable + " names service '"
                            + service + "'; want module names " + SERVICES + " or all");
                }
            }
            String set = strip(cells[3]).toLowerCase();
            if (!set.equals("yes") && !set.equals("no")) {
                problems.add("docs/configuration.md line " + (i + 1) + ": " + variable
                        + ": 'set in Kubernetes' is '" + cells[3].trim() + "', want yes or no");
            }
            if (!variable.matches("[A-Z][A-Z0-9_<>]*")) {
                problems.add("docs/configuration.md line " + (i + 1) + ": '" + variable + "' is not an env variable name");
            }
            rows.add(new Row(variable, services, set.equals("yes")));
        }
        return new ConfigurationTable(rows, problems);
    }

    /** Whether the table documents {@code name} for {@code service}. */
    boolean documents(String name, String service) {
        return rows.stream().anyMatch(r -> r.services().contains(service) && r.matches(name));
    }

    private static String[] cells(String line) {
        String t = line.trim();
        t = t.substring(1, t.endsWith("|") ? t.length() - 1 : t.length());
        // a `|` inside backticks stays in its cell
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean code = false;
        for (char c : t.toCharArray()) {
            if (c == '`') {
                code = !code;
            }
            if (c == '|' && !code) {
                cells.add(cell.toString());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString());
        return cells.toArray(String[]::new);
    }

    private static String strip(String cell) {
        return cell.trim().replace("`", "").replace("\\_", "_").trim();
    }

    private static String normalise(String line) {
        return String.join(" | ", Arrays.stream(cells(line.trim().startsWith("|") ? line : "|x|"))
                .map(String::trim).toList()).transform(s -> "| " + s + " |");
    }
}
