package org.frontline.platform.security;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import jakarta.enterprise.context.RequestScoped;

import org.frontline.platform.problem.ProblemException;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * The caller's area scope: the code prefixes from the token's {@code area} claim. A caller may read and
 * write exactly the records whose community code starts with one of them. Every endpoint checks named
 * resources with {@link #check} and filters lists with {@link #filter}.
 */
@RequestScoped
public class AreaScope {

    private final SecurityIdentity identity;

    public AreaScope(SecurityIdentity identity) {
        this.identity = identity;
    }

    /** The caller's prefixes; empty for an anonymous caller or a token without a valid {@code area}. */
    public List<String> prefixes() {
        List<String> prefixes = identity.getAttribute(AreaScopeAugmentor.ATTRIBUTE);
        return prefixes == null ? List.of() : prefixes;
    }

    public boolean covers(String communityCode) {
        return communityCode != null && prefixes().stream().anyMatch(communityCode::startsWith);
    }

    /** 403 unless the community lies inside the caller's area. */
    public void check(String communityCode) {
        if (!covers(communityCode)) {
            throw ProblemException.forbidden("Community " + communityCode + " is outside your area");
        }
    }

    /**
     * The named resource as the caller may see it: 404 if there is none, 403 if it lies outside the
     * caller's area. {@code Screening s = scope.visible(ScreeningRecord.findById(id), "Screening", id, r -> r.communityCode);}
     */
    public <T> T visible(T resource, String what, Object id, Function<T, String> communityCode) {
        if (resource == null) {
            throw ProblemException.notFound(what, id);
        }
        check(communityCode.apply(resource));
        return resource;
    }

    /**
     * Like {@link #visible}, but a resource outside the caller's area answers exactly as a missing one (404), so
     * an id reveals nothing about records elsewhere (roster-service: people, trainings, teams).
     */
    public <T> T found(T resource, String what, Object id, Function<T, String> communityCode) {
        if (resource == null || !covers(communityCode.apply(resource))) {
            throw ProblemException.notFound(what, id);
        }
        return resource;
    }

    /**
     * Whether a record of {@code area} is the caller's to read when wider areas' records apply downwards (a city's
     * response plan or detector is read by its districts): the area lies in the caller's scope, or is a prefix of it.
     */
    public boolean coversOrApplies(String area) {
        return area != null && (covers(area) || prefixes().stream().anyMatch(own -> own.startsWith(area)));
    }

    /**
     * {@link #filter(String, String)}, and also the rows whose {@code property} is a prefix of the (requested) scope:
     * the wider areas' records that apply to it, as {@link #coversOrApplies} reads them.
     */
    public ScopeFilter filterApplying(String property, String requestedArea) {
        ScopeFilter inside = filter(property, requestedArea);
        StringBuilder query = new StringBuilder("(").append(inside.query());
        // each parameter is "<prefix>%": it is "like" the row's area followed by % when that area is a prefix of it
        for (String name : inside.params().keySet()) {
            query.append(" or :").append(name).append(" like concat(").append(property).append(", '%')");
        }
        return new ScopeFilter(query.append(')').toString(), inside.params());
    }

    /** Keeps rows whose {@code property} starts with one of the caller's prefixes. */
    public ScopeFilter filter(String property) {
        return filter(property, null);
    }

    /**
     * Keeps rows inside both the caller's scope and the requested area (if any). A requested area wholly
     * outside the scope is a 403, not an empty list, so the caller learns why nothing is shown.
     */
    public ScopeFilter filter(String property, String requestedArea) {
        return filterAny(List.of(property), requestedArea);
    }

    /**
     * For a record that lies in several areas at once (a transfer: its source and its destination): keeps rows
     * where ANY of {@code properties} starts with one of the caller's prefixes (narrowed to the requested area,
     * if any, as {@link #filter(String, String)} does). {@code filterAny(List.of("fromArea", "toArea"), area)}.
     */
    public ScopeFilter filterAny(List<String> properties, String requestedArea) {
        if (properties.isEmpty()) {
            throw new IllegalArgumentException("no property to filter on");
        }
        List<String> effective = requestedArea == null ? prefixes() : narrow(requestedArea);
        if (effective.isEmpty()) {
            return new ScopeFilter("1 = 0", Map.of());
        }
        StringBuilder query = new StringBuilder("(");
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < effective.size(); i++) {
            for (String property : properties) {
                if (query.length() > 1) {
                    query.append(" or ");
                }
                query.append(property).append(" like :area").append(i);
            }
            // prefixes are digits only (validated), so no LIKE wildcard can slip in
            params.put("area" + i, effective.get(i) + "%");
        }
        return new ScopeFilter(query.append(')').toString(), params);
    }

    private List<String> narrow(String requested) {
        if (!AreaCodes.isAreaPrefix(requested)) {
            throw ProblemException.badRequest("Invalid area",
                    "area must be a code prefix of 2, 4, 6, 9 or 12 digits", "area");
        }
        Set<String> result = new LinkedHashSet<>();
        for (String own : prefixes()) {
            if (requested.startsWith(own)) {
                result.add(requested);
            } else if (own.startsWith(requested)) {
                result.add(own);
            }
        }
        if (result.isEmpty()) {
            throw ProblemException.forbidden("Area " + requested + " is outside your area");
        }
        return List.copyOf(result);
    }
}
