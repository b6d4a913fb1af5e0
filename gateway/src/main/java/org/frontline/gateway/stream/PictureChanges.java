package org.frontline.gateway.stream;

import java.math.BigDecimal;
import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.persistence.EntityManager;

import org.frontline.gateway.picture.Areas;
import org.frontline.gateway.picture.KpiReader;
import org.frontline.gateway.picture.Metric;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads the change log ({@code picture_change}, written by the projection in commit order) and turns rows into
 * stream events. KPI changes of one area and day are coalesced: the event carries the figures as they are now, at
 * the id of the last change, so a client never sees an intermediate state twice.
 */
@ApplicationScoped
public class PictureChanges {

    /** A row of picture_change. */
    public record Change(long id, String areaCode, String kind, LocalDate day, String payload) {
    }

    /** The figures of an area on a day as the {@code kpi} event's data. */
    public record KpiData(AreaRef area, LocalDate day, String status, Map<String, BigDecimal> figures) {
    }

    public record AreaRef(String code, String level, String name, String nameEn) {
    }

    private final EntityManager em;
    private final KpiReader reader;
    private final ObjectMapper json;

    public PictureChanges(EntityManager em, KpiReader reader, ObjectMapper json) {
        this.em = em;
        this.reader = reader;
        this.json = json;
    }

    /** The newest change id (0 when the log is empty). */
    @ActivateRequestContext
    public long newestId() {
        return ((Number) em.createNativeQuery("select coalesce(max(id), 0) from picture_change").getSingleResult())
                .longValue();
    }

    /** The oldest change id still kept, or null when the log is empty. */
    @ActivateRequestContext
    public Long oldestId() {
        Object min = em.createNativeQuery("select min(id) from picture_change").getSingleResult();
        return min == null ? null : ((Number) min).longValue();
    }

    /** Every change after {@code after}, oldest first, at most {@code limit}. */
    @ActivateRequestContext
    public List<Change> after(long after, int limit) {
        return changes(em.createNativeQuery("""
                select id, area_code, kind, day, cast(payload as text) from picture_change
                where id > ?1 order by id limit ?2
                """).setParameter(1, after).setParameter(2, limit).getResultList());
    }

    /** The changes in {@code (after, upTo]} that concern {@code area} (see {@link StreamEvent#concerns}), oldest first. */
    @ActivateRequestContext
    public List<Change> replay(String area, long after, long upTo, int limit) {
        return changes(em.createNativeQuery("""
                select id, area_code, kind, day, cast(payload as text) from picture_change
                where id > ?1 and id <= ?2
                  and ((kind = 'kpi' and (area_code = ?3 or (area_code like ?4 and length(area_code) = ?5)))
                    or (kind <> 'kpi' and (area_code like ?4 or ?3 like area_code || '%')))
                order by id limit ?6
                """)
                .setParameter(1, after).setParameter(2, upTo).setParameter(3, area).setParameter(4, area + "%")
                .setParameter(5, Areas.childLength(area)).setParameter(6, limit).getResultList());
    }

    /** The events of a run of changes, in id order, the KPI changes of each area and day coalesced into the last. */
    @ActivateRequestContext
    public List<StreamEvent> events(List<Change> changes) {
        Map<String, Long> lastOfKey = new HashMap<>();
        Map<LocalDate, Set<String>> areasByDay = new LinkedHashMap<>();
        for (Change change : changes) {
            if ("kpi".equals(change.kind()) && change.day() != null) {
                lastOfKey.put(change.areaCode() + "|" + change.day(), change.id());
                areasByDay.computeIfAbsent(change.day(), d -> new LinkedHashSet<>()).add(change.areaCode());
            }
        }
        Map<String, Map<Metric, BigDecimal>> figures = new HashMap<>();
        areasByDay.forEach((day, areas) -> reader.figures(areas, day, day)
                .forEach((area, f) -> figures.put(area + "|" + day, f)));
        Map<String, KpiReader.AreaInfo> infos = new HashMap<>();
        List<StreamEvent> events = new ArrayList<>();
        for (Change change : changes) {
            switch (change.kind()) {
                case "kpi" -> {
                    String key = change.areaCode() + "|" + change.day();
                    if (change.day() == null || lastOfKey.get(key) != change.id()) {
                        continue;
                    }
                    KpiReader.AreaInfo info = infos.computeIfAbsent(change.areaCode(), reader::area);
                    Map<Metric, BigDecimal> f = figures.get(key);
                    Map<String, BigDecimal> byKey = new LinkedHashMap<>();
                    for (Metric metric : Metric.values()) {
                        byKey.put(metric.key(), f.get(metric));
                    }
                    KpiData data = new KpiData(new AreaRef(change.areaCode(), Areas.level(change.areaCode()),
                            info == null ? null : info.name(), info == null ? null : info.nameEn()),
                            change.day(), KpiReader.status(f), byKey);
                    events.add(new StreamEvent(change.id(), "kpi", change.areaCode(), write(data)));
                }
                case "alert" -> events.add(new StreamEvent(change.id(), "alert", change.areaCode(), change.payload()));
                case "rebuilt" -> events.add(new StreamEvent(change.id(), "rebuilt", change.areaCode(),
                        write(Map.of("area", change.areaCode()))));
                default -> {
                    // a kind this gateway does not know yet (a newer projection): not streamed
                }
            }
        }
        return events;
    }

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a stream event", e);
        }
    }

    private static List<Change> changes(List<?> rows) {
        List<Change> result = new ArrayList<>(rows.size());
        for (Object r : rows) {
            Object[] row = (Object[]) r;
            LocalDate day = row[3] == null ? null
                    : row[3] instanceof LocalDate d ? d : ((Date) row[3]).toLocalDate();
            result.add(new Change(((Number) row[0]).longValue(), (String) row[1], (String) row[2], day, (String) row[4]));
        }
        return result;
    }
}
