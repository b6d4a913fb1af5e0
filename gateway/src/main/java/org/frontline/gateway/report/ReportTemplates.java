package org.frontline.gateway.report;

import java.time.OffsetDateTime;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import org.frontline.platform.problem.ProblemException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The stored templates ({@code report_template}): every change is a new version, none is ever changed. */
@ApplicationScoped
public class ReportTemplates {

    /** One stored version. */
    public record Stored(String name, int version, TemplateDefinition definition, String createdBy,
            OffsetDateTime createdAt) {
    }

    private final EntityManager em;
    private final ObjectMapper json;

    public ReportTemplates(EntityManager em, ObjectMapper json) {
        this.em = em;
        this.json = json;
    }

    /** The latest version of every template, by name. */
    public List<Stored> latest() {
        return read("""
                select distinct on (name) name, version, cast(definition as text), created_by, created_at
                from report_template order by name, version desc
                """, null);
    }

    /** Every version of one template, oldest first (empty: no such template). */
    public List<Stored> versions(String name) {
        return read("""
                select name, version, cast(definition as text), created_by, created_at
                from report_template where name = ?1 order by version
                """, name);
    }

    /** The given version, or the latest when {@code version} is null; 404 when there is none. */
    public Stored find(String name, Integer version) {
        List<Stored> all = versions(name);
        if (all.isEmpty()) {
            throw ProblemException.notFound("Report template", name);
        }
        if (version == null) {
            return all.get(all.size() - 1);
        }
        return all.stream().filter(s -> s.version() == version).findFirst()
                .orElseThrow(() -> ProblemException.notFound("Report template version", name + " v" + version));
    }

    /** A new template as version 1; 409 when the name exists. */
    @Transactional
    public Stored create(TemplateDefinition definition, String user) {
        int inserted = insert(definition, 1, user);
        if (inserted == 0) {
            throw ProblemException.conflict("Template exists", "a template named " + definition.name()
                    + " exists; PUT /api/v1/reports/" + definition.name() + " adds a version");
        }
        return find(definition.name(), 1);
    }

    /** Version {@code expected + 1}; 409 unless {@code expected} is the latest version now. */
    @Transactional
    public Stored newVersion(TemplateDefinition definition, int expected, String user) {
        Stored current = find(definition.name(), null);
        if (current.version() != expected) {
            throw ProblemException.conflict("Version changed", "the latest version of " + definition.name() + " is "
                    + current.version() + ", not " + expected + "; read it and apply your change to it")
                    .with("currentVersion", current.version());
        }
        if (insert(definition, expected + 1, user) == 0) {
            throw ProblemException.conflict("Version changed", "version " + (expected + 1) + " of "
                    + definition.name() + " was added meanwhile");
        }
        return find(definition.name(), expected + 1);
    }

    private int insert(TemplateDefinition definition, int version, String user) {
        String text;
        try {
            text = json.writeValueAsString(definition);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return em.createNativeQuery("""
                insert into report_template (name, version, title, definition, created_by)
                values (?1, ?2, ?3, cast(?4 as jsonb), ?5) on conflict (name, version) do nothing
                """)
                .setParameter(1, definition.name()).setParameter(2, version).setParameter(3, definition.title())
                .setParameter(4, text).setParameter(5, user == null ? "unknown" : user)
                .executeUpdate();
    }

    private List<Stored> read(String sql, String name) {
        var query = em.createNativeQuery(sql);
        if (name != null) {
            query.setParameter(1, name);
        }
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(this::stored).toList();
    }

    private Stored stored(Object[] row) {
        TemplateDefinition definition;
        try {
            definition = json.readValue((String) row[2], TemplateDefinition.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("report_template " + row[0] + " v" + row[1] + " is unreadable", e);
        }
        return new Stored((String) row[0], ((Number) row[1]).intValue(), definition, (String) row[3], time(row[4]));
    }

    private static OffsetDateTime time(Object value) {
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(java.time.ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }
}
