package org.frontline.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Fingerprints must not change when a request type gains an optional field (a retry during a rolling update). */
class FingerprintTest {

    /** A request as version N of a service reads it. */
    record Before(String name, BigDecimal temperature, Set<String> symptoms, OffsetDateTime at, String key) {
    }

    /** The same request as version N+1 reads it: two optional fields more, which an older client never sends. */
    record After(String name, BigDecimal temperature, Set<String> symptoms, OffsetDateTime at, String key,
            String campaignId, List<String> notes) {
    }

    final Idempotency idempotency = new Idempotency(null, new ObjectMapper().findAndRegisterModules(), null);

    final OffsetDateTime at = OffsetDateTime.of(2026, 11, 29, 9, 30, 0, 0, ZoneOffset.ofHours(8));

    @Test
    void addingAnOptionalFieldKeepsTheFingerprintOfARequestThatDoesNotUseIt() {
        String before = idempotency.fingerprint(new Before("Wang", new BigDecimal("36.60"), Set.of("COUGH", "FEVER"), at, "k1"));
        String after = idempotency.fingerprint(new After("Wang", new BigDecimal("36.6"), Set.of("FEVER", "COUGH"),
                at.withOffsetSameInstant(ZoneOffset.UTC), "k1", null, List.of()));
        assertThat(after).isEqualTo(before).startsWith("v1:").hasSizeLessThanOrEqualTo(64);
        // wrapped as the resources do it (path id and body), a null map value is left out as well
        assertThat(idempotency.fingerprint(Map.of("id", "x", "request", new After("Wang", BigDecimal.ONE, Set.of(), at, null, null, null))))
                .isEqualTo(idempotency.fingerprint(Map.of("id", "x", "request", new Before("Wang", BigDecimal.ONE, null, at, null))));
    }

    @Test
    void aDifferentValueIsADifferentFingerprint() {
        String a = idempotency.fingerprint(new After("Wang", new BigDecimal("36.6"), Set.of(), at, "k1", null, null));
        assertThat(idempotency.fingerprint(new After("Wang", new BigDecimal("36.7"), Set.of(), at, "k1", null, null))).isNotEqualTo(a);
        assertThat(idempotency.fingerprint(new After("Wang", new BigDecimal("36.6"), Set.of(), at, "k1", "c-1", null))).isNotEqualTo(a);
        assertThat(idempotency.fingerprint(new After("Wang", new BigDecimal("36.6"), Set.of("COUGH"), at, "k1", null, null))).isNotEqualTo(a);
    }
}
