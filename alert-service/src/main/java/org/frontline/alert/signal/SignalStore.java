package org.frontline.alert.signal;

import java.math.BigDecimal;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The one writer of the daily series ({@code signal_day}), in the caller's transaction. Every change also marks the
 * series and day for detection ({@code signal_dirty}), so detection looks exactly at what changed.
 */
@ApplicationScoped
public class SignalStore {

    private final EntityManager em;

    public SignalStore(EntityManager em) {
        this.em = em;
    }

    /** Adds {@code delta} (+1 for a fact, −1 for one taken back) to a community's day of a count signal. */
    public void add(Signal signal, String community, LocalDate day, BigDecimal delta) {
        em.createNativeQuery("""
                insert into signal_day (signal, area_code, day, value) values (?1, ?2, ?3, ?4)
                on conflict (signal, area_code, day)
                do update set value = signal_day.value + excluded.value, updated_at = now()
                """).setParameter(1, signal.name()).setParameter(2, community).setParameter(3, day)
                .setParameter(4, delta).executeUpdate();
        markDirty(signal, community, day);
    }

    /** Sets a community's day of a level signal (uncovered hours, items below minimum). */
    public void set(Signal signal, String community, LocalDate day, BigDecimal value) {
        em.createNativeQuery("""
                insert into signal_day (signal, area_code, day, value) values (?1, ?2, ?3, ?4)
                on conflict (signal, area_code, day) do update set value = excluded.value, updated_at = now()
                """).setParameter(1, signal.name()).setParameter(2, community).setParameter(3, day)
                .setParameter(4, value).executeUpdate();
        markDirty(signal, community, day);
    }

    public void markDirty(Signal signal, String community, LocalDate day) {
        em.createNativeQuery("""
                insert into signal_dirty (signal, area_code, day) values (?1, ?2, ?3) on conflict do nothing
                """).setParameter(1, signal.name()).setParameter(2, community).setParameter(3, day).executeUpdate();
    }
}
