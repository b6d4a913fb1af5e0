package org.frontline.platform.rest;

import java.util.List;
import java.util.function.Function;

import io.quarkus.hibernate.orm.panache.PanacheQuery;

/** One page of a list endpoint: the items, where this page is, and how many there are in all. */
public record Page<T>(List<T> items, int page, int size, long total) {

    /** Runs the query for the requested page and maps each entity to its response shape. */
    public static <E, T> Page<T> of(PanacheQuery<E> query, PageParams params, Function<E, T> mapper) {
        List<T> items = query.page(io.quarkus.panache.common.Page.of(params.page(), params.size())).list()
                .stream().map(mapper).toList();
        return new Page<>(items, params.page(), params.size(), query.count());
    }
}
