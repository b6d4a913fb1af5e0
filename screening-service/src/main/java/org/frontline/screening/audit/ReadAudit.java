package org.frontline.screening.audit;

import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import jakarta.enterprise.context.RequestScoped;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ResourceInfo;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.frontline.screening.rest.ResidentResource.ResidentView;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * The read audit: every response that carries a resident's personal data (a {@link ResidentView}: name, phone,
 * birth year, health flags; or their health records: screenings, test results, quarantines) records who read which resident, when and through which operation — one row per
 * resident, never the data itself (no name, phone, ID number or any other field of the view). Called by the resource
 * method after it built the views, inside the method's transaction ({@code MANDATORY}): the rows commit with the
 * read, and a read whose audit cannot be written fails instead of answering unaudited. A list writes all its rows in
 * one statement.
 */
@RequestScoped
public class ReadAudit {

    /**
     * The roles in the order one is named when a token has several (the first one that applies): the order in which
     * {@code ResidentResource.RoleView} picks the view it serves, so the row names the view that was read (a
     * community worker who is also a coordinator reads full phones, as a community worker).
     */
    static final List<String> ROLES = List.of("community-worker", "district-officer", "coordinator", "volunteer",
            "resident", "integration");

    private static final Map<Method, String> OPERATIONS = new ConcurrentHashMap<>();

    private final AgroalDataSource dataSource;
    private final SecurityIdentity identity;
    private final ResourceInfo resource;

    public ReadAudit(AgroalDataSource dataSource, SecurityIdentity identity, ResourceInfo resource) {
        this.dataSource = dataSource;
        this.identity = identity;
        this.resource = resource;
    }

    /** Records the read of one resident. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void resident(ResidentView read) {
        residents(List.of(read));
    }

    /** Records the read of every resident in {@code read} (each once, even if shown twice), in one insert. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void residents(Collection<ResidentView> read) {
        records(read, ResidentView::id, ResidentView::communityCode);
    }

    /**
     * Records the read of the residents whose health records (screenings, test results, quarantines) are in
     * {@code read}: keyed by a pseudonymous resident id, they are still that resident's personal data. One row per
     * resident, however many of their records the answer holds.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public <T> void records(Collection<T> read, java.util.function.Function<T, UUID> resident,
            java.util.function.Function<T, String> community) {
        Map<UUID, String> communities = read.stream().filter(r -> resident.apply(r) != null)
                .collect(Collectors.toMap(resident, community, (a, b) -> a, java.util.LinkedHashMap::new));
        if (communities.isEmpty()) {
            return;
        }
        String operation = operation();
        String subject = subject();
        String login = identity.getPrincipal() == null ? null : identity.getPrincipal().getName();
        String role = ROLES.stream().filter(identity::hasRole).findFirst().orElse("none");
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement("""
                insert into read_audit (read_at, community_code, resident_id, actor_subject, actor_login, actor_role, operation)
                select now(), r.community, r.resident, ?, ?, ?, ?
                from unnest(?::varchar[], ?::uuid[]) as r(community, resident)
                """)) {
            st.setString(1, subject);
            st.setString(2, login);
            st.setString(3, role);
            st.setString(4, operation);
            st.setArray(5, c.createArrayOf("varchar", communities.values().toArray()));
            st.setArray(6, c.createArrayOf("uuid", communities.keySet().toArray()));
            st.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("the read audit could not be written; nothing is answered", e);
        }
    }

    private String subject() {
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return identity.getPrincipal() == null ? "anonymous" : identity.getPrincipal().getName();
    }

    /** The operation as the OpenAPI document names it: {@code GET /api/v1/residents/{id}}. */
    private String operation() {
        Method method = resource.getResourceMethod();
        Class<?> type = resource.getResourceClass();
        return OPERATIONS.computeIfAbsent(method, m -> operation(type, m));
    }

    static String operation(Class<?> type, Method method) {
        String verb = java.util.Arrays.stream(method.getAnnotations())
                .map(a -> a.annotationType().getAnnotation(HttpMethod.class)).filter(java.util.Objects::nonNull)
                .map(HttpMethod::value).findFirst().orElse("GET");
        StringBuilder path = new StringBuilder();
        for (Path p : new Path[] {type.getAnnotation(Path.class), method.getAnnotation(Path.class)}) {
            if (p != null && !p.value().isBlank()) {
                String part = p.value().replaceAll("^/+|/+$", "");
                path.append('/').append(part);
            }
        }
        return verb + " " + (path.length() == 0 ? "/" : path.toString());
    }
}
