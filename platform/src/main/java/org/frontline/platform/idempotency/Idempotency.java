package org.frontline.platform.idempotency;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.frontline.platform.problem.Problem;
import org.frontline.platform.problem.ProblemException;

import io.agroal.api.AgroalDataSource;
import io.quarkus.security.identity.SecurityIdentity;

/**
 * Idempotent writes, the way payment APIs do them. A client may send a key with a write it might retry (a
 * phone on a flaky network). The key is scoped to the writer (the token's subject) and the kind of write
 * ({@code operation}); another writer's identical key is a different request.
 * <ul>
 * <li>first time: the work runs and its response is stored with a fingerprint of the request, in the same
 * transaction as the work's own writes;</li>
 * <li>a retry with the same request: the stored response, nothing new is written;</li>
 * <li>the same key with a different request: {@code 422}, nothing written — never another request's answer;</li>
 * <li>two identical requests at once: the second waits for the first and gets its answer.</li>
 * </ul>
 *
 * <pre>{@code
 * var outcome = idempotency.once("test-result", request.idempotencyKey(), request, TestResultView.class,
 *         () -> TestResultView.of(tests.record(...)));
 * return outcome.created("/api/v1/test-results", TestResultView::id); // 201 first, 200 on a replay
 * }</pre>
 *
 * A write that stores its own key per row (bulk screenings, set-based) uses {@link #writer()},
 * {@link #fingerprint} and {@link #reused} so the rule stays the same. Keys are kept for
 * {@code frontline.idempotency.retention} ({@link IdempotencyPruner}).
 */
@ApplicationScoped
public class Idempotency {

    /** A response and whether it is the stored answer of an earlier request. */
    public record Outcome<T>(T response, boolean replayed) {

        /** For a create: 201 with its location the first time, 200 with the same body on a replay. */
        public jakarta.ws.rs.core.Response created(String collection, java.util.function.Function<T, Object> id) {
            return replayed ? jakarta.ws.rs.core.Response.ok(response).build()
                    : jakarta.ws.rs.core.Response.created(java.net.URI.create(collection + "/" + id.apply(response)))
                            .entity(response).build();
        }
    }

    private final AgroalDataSource dataSource;
    private final ObjectMapper mapper;
    private final ObjectMapper canonical;
    private final SecurityIdentity identity;

    public Idempotency(AgroalDataSource dataSource, ObjectMapper mapper, SecurityIdentity identity) {
        this.dataSource = dataSource;
        this.mapper = mapper;
        this.identity = identity;
        this.canonical = canonicalMapper(mapper);
    }

    /**
     * Runs {@code work} once per (writer, operation, key); without a key it simply runs. Starts a transaction
     * (or joins the caller's), so the key, the work and its events commit or roll back together: a 4xx from
     * the work stores no key.
     */
    @Transactional
    public <T> Outcome<T> once(String operation, String key, Object request, Class<T> responseType, Supplier<T> work) {
        if (key == null) {
            return new Outcome<>(work.get(), false);
        }
        String writer = writer();
        String fingerprint = fingerprint(request);
        try (Connection c = dataSource.getConnection()) {
            // a concurrent identical request waits here until the first commits, then finds its row
            boolean claimed;
            try (PreparedStatement st = c.prepareStatement("""
                    insert into idempotency_key (writer, operation, idem_key, fingerprint, created_at)
                    values (?, ?, ?, ?, now()) on conflict do nothing
                    """)) {
                st.setString(1, writer);
                st.setString(2, operation);
                st.setString(3, key);
                st.setString(4, fingerprint);
                claimed = st.executeUpdate() == 1;
            }
            if (!claimed) {
                try (PreparedStatement st = c.prepareStatement(
                        "select fingerprint, response from idempotency_key where writer = ? and operation = ? and idem_key = ?")) {
                    st.setString(1, writer);
                    st.setString(2, operation);
                    st.setString(3, key);
                    try (ResultSet rs = st.executeQuery()) {
                        rs.next();
                        if (!fingerprint.equals(rs.getString(1))) {
                            throw reused("idempotencyKey");
                        }
                        String stored = rs.getString(2);
                        return new Outcome<>(stored == null ? null : mapper.readValue(stored, responseType), true);
                    }
                }
            }
            T response = work.get();
            try (PreparedStatement st = c.prepareStatement(
                    "update idempotency_key set response = ? where writer = ? and operation = ? and idem_key = ?")) {
                st.setString(1, response == null ? null : mapper.writeValueAsString(response));
                st.setString(2, writer);
                st.setString(3, operation);
                st.setString(4, key);
                st.executeUpdate();
            }
            return new Outcome<>(response, false);
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("idempotency key " + operation + " could not be checked", e);
        }
    }

    /** The writer a key belongs to: the token's subject ({@code sub}), else the principal's name. */
    public String writer() {
        if (identity.isAnonymous()) {
            throw ProblemException.forbidden("An idempotency key needs an authenticated writer");
        }
        if (identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getSubject() != null) {
            return jwt.getSubject();
        }
        return identity.getPrincipal().getName();
    }

    /** The version of the canonical form, the prefix of every fingerprint; change it only with the form. */
    public static final String FINGERPRINT_VERSION = "v1:";

    /**
     * A stable hash of a request: the same on every replica, after a restart and across versions of the
     * request type — properties sorted, sets sorted, numbers without trailing zeros, times as instants, and
     * null, absent and empty values (strings, collections, maps) left out, so a version that adds an optional
     * field fingerprints an older client's retry as before (a rolling update must not turn retries into 422s).
     * Prefixed with {@link #FINGERPRINT_VERSION}; 46 characters.
     */
    public String fingerprint(Object request) {
        try {
            byte[] json = canonical.writeValueAsBytes(request);
            return FINGERPRINT_VERSION + Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint " + request.getClass().getName(), e);
        }
    }

    /** The 422 for a key that was used before with a different request; {@code field} names the key. */
    public static ProblemException reused(String field) {
        return reused(List.of(field));
    }

    public static ProblemException reused(List<String> fields) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String field : fields) {
            errors.add(new Problem.FieldError(field, "was used before with a different request; use a new key"));
        }
        return new ProblemException(422, "idempotency-key-reused", "Idempotency key reused",
                fields.size() == 1 ? "The idempotency key " + fields.get(0) + " was used before with a different request"
                        : fields.size() + " idempotency keys were used before with different requests",
                errors);
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static ObjectMapper canonicalMapper(ObjectMapper base) {
        SimpleModule module = new SimpleModule("frontline-canonical");
        module.addSerializer(Set.class, new StdSerializer<Set>(Set.class) {
            @Override
            public boolean isEmpty(SerializerProvider provider, Set value) {
                return value == null || value.isEmpty();
            }

            @Override
            public void serialize(Set value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                List<Object> sorted = new ArrayList<>(value);
                sorted.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
                gen.writeStartArray();
                for (Object element : sorted) {
                    provider.defaultSerializeValue(element, gen);
                }
                gen.writeEndArray();
            }
        });
        module.addSerializer(BigDecimal.class, new StdSerializer<>(BigDecimal.class) {
            @Override
            public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.stripTrailingZeros().toPlainString());
            }
        });
        module.addSerializer(OffsetDateTime.class, new StdSerializer<>(OffsetDateTime.class) {
            @Override
            public void serialize(OffsetDateTime value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(value.toInstant().toString());
            }
        });
        ObjectMapper copy = base.copy();
        // left out: null, absent Optional, "" and empty collections, maps and arrays — as properties and as map values
        copy.setDefaultPropertyInclusion(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY,
                JsonInclude.Include.NON_EMPTY));
        return copy.registerModule(module)
                .configure(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY, true)
                .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    }
}
