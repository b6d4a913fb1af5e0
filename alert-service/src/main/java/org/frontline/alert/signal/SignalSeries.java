package org.frontline.alert.signal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** Reads a daily series of one community or an area prefix (the sum over its communities). */
@ApplicationScoped
public class SignalSeries {

    /** A series and the freshness of what it was read from: the newest {@code updated_at} of the rows read. */
    public record Series(double[] values, OffsetDateTime newestFactAt) {
    }

    private final EntityManager em;

    public SignalSeries(EntityManager em) {
        this.em = em;
    }

    /**
     * The values of {@code signal} from {@code from} to {@code to} (both included), one per day, summed over the
     * communities whose code starts with {@code areaPrefix}. A day without a row is 0 (no fact happened), except for a
     * signal that {@link Signal#carriesForward() carries forward} (a stock level): there a community's day without a
     * row has the value of its last row before it, looked up before {@code from} too.
     */
    public double[] daily(Signal signal, String areaPrefix, LocalDate from, LocalDate to) {
        return read(signal, areaPrefix, from, to).values();
    }

    /** {@link #daily}, with the newest {@code updated_at} of the rows it read (null when none). */
    public Series read(Signal signal, String areaPrefix, LocalDate from, LocalDate to) {
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        double[] values = new double[days];
        OffsetDateTime newest = null;
        if (!signal.carriesForward()) {
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    select day, sum(value), max(updated_at) from signal_day
                    where signal = ?1 and area_code %s and day between ?3 and ?4
                    group by day
                    """.formatted(areaMatch(areaPrefix))).setParameter(1, signal.name())
                    .setParameter(2, areaPattern(areaPrefix)).setParameter(3, from)
                    .setParameter(4, to).getResultList();
            for (Object[] row : rows) {
                values[(int) ChronoUnit.DAYS.between(from, date(row[0]))] = ((BigDecimal) row[1]).doubleValue();
                newest = newer(newest, time(row[2]));
            }
            return new Series(values, newest);
        }
        // per community: its rows in the range and its last row before it, in day order; carried to the next row
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select area_code, day, value, updated_at from signal_day
                where signal = ?1 and area_code %1$s and day between ?3 and ?4
                union all
                (select distinct on (area_code) area_code, day, value, updated_at from signal_day
                 where signal = ?1 and area_code %1$s and day < ?3
                 order by area_code, day desc)
                order by 1, 2
                """.formatted(areaMatch(areaPrefix))).setParameter(1, signal.name())
                .setParameter(2, areaPattern(areaPrefix)).setParameter(3, from)
                .setParameter(4, to).getResultList();
        int i = 0;
        while (i < rows.size()) {
            String community = (String) rows.get(i)[0];
            double carried = 0;
            int dayIndex = 0;
            for (; i < rows.size() && rows.get(i)[0].equals(community); i++) {
                Object[] row = rows.get(i);
                int at = (int) Math.max(0, ChronoUnit.DAYS.between(from, date(row[1])));
                for (; dayIndex < at; dayIndex++) {
                    values[dayIndex] += carried;
                }
                carried = ((BigDecimal) row[2]).doubleValue();
                newest = newer(newest, time(row[3]));
            }
            for (; dayIndex < days; dayIndex++) {
                values[dayIndex] += carried;
            }
        }
        return new Series(values, newest);
    }

    /**
     * A community (12 digits) is matched with {@code =}, which the primary key serves under any collation; a wider
     * prefix with {@code like} (served by the index only under the C collation, or a text_pattern_ops index).
     */
    static String areaMatch(String areaPrefix) {
        return isCommunity(areaPrefix) ? "= ?2" : "like ?2";
    }

    static String areaPattern(String areaPrefix) {
        return isCommunity(areaPrefix) ? areaPrefix : areaPrefix + "%";
    }

    private static boolean isCommunity(String area) {
        return area.length() == 12 && area.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** A date column of a native query (the driver may answer java.sql.Date or LocalDate). */
    public static LocalDate date(Object value) {
        return value instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) value;
    }

    /** A timestamptz column of a native query (OffsetDateTime, Instant or java.sql.Timestamp), or null. */
    public static OffsetDateTime time(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime t) {
            return t;
        }
        if (value instanceof java.time.Instant i) {
            return i.atOffset(ZoneOffset.UTC);
        }
        return ((java.sql.Timestamp) value).toInstant().atOffset(ZoneOffset.UTC);
    }

    private static OffsetDateTime newer(OffsetDateTime a, OffsetDateTime b) {
        return a == null || (b != null && b.isAfter(a)) ? b : a;
    }
}
