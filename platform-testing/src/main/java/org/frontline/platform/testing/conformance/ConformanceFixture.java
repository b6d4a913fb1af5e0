package org.frontline.platform.testing.conformance;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the conformance engine cannot read from the OpenAPI document: real records of one area (A) to name, valid
 * bodies that name them, the service's topics. Each service's {@code ApiPolicyTests} has one, made through the API.
 */
public interface ConformanceFixture {

    /** The community all fixture records lie in (area A); in-scope callers get it as their {@code area} claim. */
    String area();

    /**
     * The area of the in-scope callers of {@code operation}: {@link #area()} unless a record it acts on lies in a wider
     * area (a district depot: its allocation is for the district's officer, not a community's).
     */
    default String area(String operation) {
        return area();
    }

    /** A community of another district (area B): the out-of-scope callers' {@code area} claim. */
    String otherArea();

    /**
     * The path of {@code template} (as the document writes it, e.g. {@code /api/v1/screenings/{id}/history}) naming
     * real records of area A; null if the fixture has none (the engine then names records that do not exist).
     */
    String path(String template);

    /**
     * A valid body for {@code operation} ({@code "POST /api/v1/screenings"}) naming records of area A, or null to
     * have one made from the document's schema. Used as the base of the malformed inputs (each breaks one thing)
     * and for the out-of-scope writes, which must reach the area check to test it.
     */
    default Object body(String operation) {
        return null;
    }

    /** Query parameters {@code operation} needs to be answered at all (a required {@code community}), for area A. */
    default Map<String, Object> query(String operation) {
        return Map.of();
    }

    /**
     * Whether the list {@code operation} shows the caller, besides their own area's rows, rows of a wider area that
     * contains it (a city-wide detector or plan applies to each community of the city). Opt-in per list: anywhere
     * else such a row is another area's and a finding.
     */
    default boolean listsWiderAreas(String operation) {
        return false;
    }

    /** The topics the service writes: their end offsets must not move on a refused request. */
    List<String> topics();

    /** Tables whose row counts legitimately change on a refused request (none, normally). */
    default Set<String> volatileTables() {
        return Set.of();
    }
}
