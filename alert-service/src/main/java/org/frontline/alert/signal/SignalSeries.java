package org.frontline.alert.signal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/** Reads a daily series of one community or an area prefix (the sum over its communities). */
@ApplicationScoped
public class SignalSeries {

    private final EntityManager em;

    public SignalSeries(EntityManager em) {
        this.em = em;
    }

    /**
     * The values of {@code signal} from {@code from} to {@code to} (both included), one per day, summed over the
     * communities whose code starts with {@code areaPrefix}. A day without a row is 0: no fact happened.
     */
    public double[] daily(Signal signal, String areaPrefix, LocalDate from, LocalDate to) {
        int days = (int) ChronoUnit.DAYS.between(from, to) + 1;
        double[] values = new double[days];
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery("""
                select day, sum(value) from signal_day
                where signal = ?1 and area_code like ?2 and day between ?3 and ?4
                group by day
                """).setParameter(1, signal.name()).setParameter(2, areaPrefix + "%").setParameter(3, from)
                .setParameter(4, to).getResultList();
        for (Object[] row : rows) {
            LocalDate day = row[0] instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) row[0];
            values[(int) ChronoUnit.DAYS.between(from, day)] = ((BigDecimal) row[1]).doubleValue();
        }
        return values;
    }
}
