package org.frontline.platform.testing.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A service's declared policy, {@code docs/policy/<module>.md}: one markdown table row per operation,
 * {@code | METHOD /path/template | roles | scope |}. Roles are a comma-separated list of the six roles, {@code any}
 * (all six) or {@code public} (no token needed); a role written with a trailing {@code *} may also be refused (403)
 * when the record is not the caller's own (a volunteer changing someone else's availability). Scope is one of
 * {@link Scope}.
 */
public final class PolicyTable {

    /** The six roles of DESIGN.md. */
    public static final List<String> ROLES = List.of("coordinator", "district-officer", "community-worker", "volunteer",
            "resident", "integration");

    /** How an operation is bound to the caller's area. */
    public enum Scope {
        /** a named resource outside the caller's area: 403 or 404, and it is not changed */
        NAMED,
        /** a list: only rows of the caller's area */
        LIST,
        /** a write naming records of another area: refused, nothing changes */
        WRITE,
        /** an {@code area}/{@code community} parameter outside the caller's area: 403 */
        AREA_PARAM,
        /** not area-bound */
        NONE;

        static Scope parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    /** One row. {@code ownOnly}: roles that may be refused a record that is not their own. */
    public record Row(String operation, Set<String> roles, Set<String> ownOnly, boolean isPublic, Scope scope, int line) {
        public boolean allows(String role) {
            return isPublic || roles.contains(role);
        }
    }

    private final Path file;
    private final Map<String, Row> rows;

    private PolicyTable(Path file, Map<String, Row> rows) {
        this.file = file;
        this.rows = rows;
    }

    /** The table of {@code module}, found in {@code docs/policy/} of the repository (the working directory or above). */
    public static PolicyTable of(String module) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            Path candidate = dir.resolve("docs").resolve("policy").resolve(module + ".md");
            if (Files.exists(candidate)) {
                return read(candidate);
            }
            dir = dir.getParent();
        }
        throw new AssertionError("No policy table docs/policy/" + module + ".md above " + Path.of("").toAbsolutePath());
    }

    public static PolicyTable read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file, e);
        }
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (!line.startsWith("|")) {
                continue;
            }
            String[] cells = line.substring(1, line.endsWith("|") ? line.length() - 1 : line.length()).split("\\|");
            if (cells.length < 3) {
                continue;
            }
            String operation = cells[0].replace("`", "").trim().replaceAll("\\s+", " ");
            if (!operation.matches("(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) /\\S*")) {
                continue; // header, separator or a table of something else
            }
            String rolesCell = cells[1].replace("`", "").trim();
            Set<String> roles = new LinkedHashSet<>();
            Set<String> own = new LinkedHashSet<>();
            boolean isPublic = false;
            for (String r : rolesCell.split(",")) {
                String role = r.trim();
                if (role.isEmpty()) {
                    continue;
                }
                if (role.equals("public")) {
                    isPublic = true;
                    roles.addAll(ROLES);
                } else if (role.equals("any")) {
                    roles.addAll(ROLES);
                } else {
                    boolean star = role.endsWith("*");
                    role = star ? role.substring(0, role.length() - 1) : role;
                    if (!ROLES.contains(role)) {
                        problems.add(file.getFileName() + ":" + (i + 1) + " names an unknown role '" + role + "'");
                    }
                    roles.add(role);
                    if (star) {
                        own.add(role);
                    }
                }
            }
            Scope scope;
            try {
                scope = Scope.parse(cells[2].replace("`", ""));
            } catch (IllegalArgumentException e) {
                problems.add(file.getFileName() + ":" + (i + 1) + " has an unknown scope '" + cells[2].trim() + "'");
                continue;
            }
            if (rows.put(operation, new Row(operation, Set.copyOf(roles), Set.copyOf(own), isPublic, scope, i + 1)) != null) {
                problems.add(file.getFileName() + ":" + (i + 1) + " declares " + operation + " twice");
            }
        }
        if (!problems.isEmpty()) {
            throw new AssertionError("The policy table " + file + " is not well-formed:\n  - " + String.join("\n  - ", problems));
        }
        return new PolicyTable(file, rows);
    }

    public Path file() {
        return file;
    }

    public Map<String, Row> rows() {
        return rows;
    }

    public Row row(String operation) {
        return rows.get(operation);
    }
}
