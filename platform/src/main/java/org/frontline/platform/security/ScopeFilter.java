package org.frontline.platform.security;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A query condition that keeps only rows inside an area scope, for Panache/HQL:
 * {@code Resident.find(filter.query(), filter.params())}. Filtering happens in the database, never after
 * loading.
 */
public record ScopeFilter(String query, Map<String, Object> params) {

    public ScopeFilter {
        params = Map.copyOf(params);
    }

    /** Adds {@code and <condition>} with one named parameter. */
    public ScopeFilter and(String condition, String name, Object value) {
        Map<String, Object> merged = new LinkedHashMap<>(params);
        merged.put(name, value);
        return new ScopeFilter(query + " and " + condition, merged);
    }

    /** Adds {@code and <condition>} without parameters. */
    public ScopeFilter and(String condition) {
        return new ScopeFilter(query + " and " + condition, params);
    }
}
