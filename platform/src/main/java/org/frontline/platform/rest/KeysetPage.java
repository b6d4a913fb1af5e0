package org.frontline.platform.rest;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.frontline.platform.problem.ProblemException;

import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.panache.common.Sort;

/**
 * One page of a list that can page by key as well as by number (see {@link CursorParams}). By number
 * ({@code ?page=&size=}): {@code page}, {@code size} and {@code total} exactly as {@link Page}, and the cursor after
 * the page's last row. By key ({@code ?cursor=}): {@code page} is null and {@code total} too unless asked for.
 * {@code nextCursor} is null on the last page.
 */
@Schema(description = "A page of a list: by number (page, size, total) or by key (cursor)")
public record KeysetPage<T>(
        List<T> items,
        @Schema(description = "The page number when paging by number; null when paging by cursor") Integer page,
        int size,
        @Schema(description = "Every matching row; null when paging by cursor without total=true") Long total,
        @Schema(description = "Pass as ?cursor= for the next page; null on the last page") String nextCursor) {

    /**
     * A descending order by a time and a unique id ({@code screenedAt desc, id desc}): the rows' keys, and how a
     * cursor names them; the id is a UUID, or a number when {@code numericId}.
     */
    public record Order<E>(String list, String timeProperty, String idProperty, boolean numericId,
            Function<E, java.time.OffsetDateTime> time, Function<E, Object> id) {

        Sort sort() {
            return Sort.descending(timeProperty).and(idProperty, Sort.Direction.Descending);
        }
    }

    /**
     * {@code (q, s, p) -> Entity.find(q, s, p)} — a lambda, not {@code Entity::find}: a method reference names the
     * inherited {@code PanacheEntityBase.find}, which Panache does not enhance, and fails at run time.
     */
    @FunctionalInterface
    public interface Finder<E> {
        PanacheQuery<E> find(String query, Sort sort, Map<String, Object> params);
    }

    /**
     * {@code scope} (an {@code AreaScope} filter on {@code property}) as {@code property = <code>} when it keeps exactly
     * one community (a 12-digit prefix: a community worker's list, or {@code ?area=} a community). The same rows (a
     * community code has 12 digits); but the database then reads a {@code (community_code, time desc, id desc)} index
     * in order and stops after a page, where {@code like '<code>%'} (not an index range under a non-C collation, and
     * estimated badly beside an equality) made it read and sort the whole community first.
     */
    public static org.frontline.platform.security.ScopeFilter oneCommunity(
            org.frontline.platform.security.ScopeFilter scope, String property) {
        if (scope.params().size() != 1 || !scope.query().equals("(" + property + " like :area0)")) {
            return scope;
        }
        Object prefix = scope.params().get("area0");
        if (!(prefix instanceof String p) || !p.matches("\\d{12}%")) {
            return scope;
        }
        return new org.frontline.platform.security.ScopeFilter("(" + property + " = :area0)",
                Map.of("area0", p.substring(0, 12)));
    }

    /**
     * The requested page of the rows matching {@code query} (HQL condition with named {@code params}, e.g. an
     * {@code AreaScope} filter and more), mapped to their response shape.
     */
    public static <E, T> KeysetPage<T> of(Finder<E> finder, String query, Map<String, Object> params, Order<E> order,
            PageParams page, CursorParams cursor, Function<E, T> mapper) {
        if (!cursor.byKey()) {
            PanacheQuery<E> q = finder.find(query, order.sort(), params);
            List<E> rows = q.page(io.quarkus.panache.common.Page.of(page.page(), page.size())).list();
            long total = q.count();
            String next = rows.isEmpty() || (long) page.page() * page.size() + rows.size() >= total ? null
                    : position(order, rows.get(rows.size() - 1));
            return new KeysetPage<>(rows.stream().map(mapper).toList(), page.page(), page.size(), total, next);
        }
        if (page.page() != 0) {
            throw ProblemException.badRequest("Invalid request", "page and cursor exclude each other", "page");
        }
        String keyed = query;
        Map<String, Object> keyedParams = new java.util.LinkedHashMap<>(params);
        if (!cursor.cursor().isBlank()) {
            Cursor.Position at = Cursor.decode(cursor.cursor(), order.list(), 2);
            keyedParams.put("cursorTime", at.time(0));
            keyedParams.put("cursorId", order.numericId() ? at.number(1) : at.uuid(1));
            // the leading range lets an index on (time desc, id desc) start at the position
            keyed = "(" + query + ") and " + order.timeProperty() + " <= :cursorTime and (" + order.timeProperty()
                    + " < :cursorTime or " + order.idProperty() + " < :cursorId)";
        }
        List<E> rows = finder.find(keyed, order.sort(), keyedParams).range(0, page.size()).list();
        String next = null;
        if (rows.size() > page.size()) {
            rows = rows.subList(0, page.size());
            next = position(order, rows.get(rows.size() - 1));
        }
        Long total = cursor.total() ? finder.find(query, order.sort(), params).count() : null;
        return new KeysetPage<>(rows.stream().map(mapper).toList(), null, page.size(), total, next);
    }

    private static <E> String position(Order<E> order, E row) {
        return Cursor.encode(order.list(), order.time().apply(row), order.id().apply(row));
    }
}
