package org.frontline.alert.signal;

import java.math.BigDecimal;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

/**
 * The one writer of the daily series ({@code signal_day}), in the caller's transaction. Every change also marks the
 * series for detection ({@code signal_dirty}: one row per series with its earliest changed day), so detection looks
 * exactly at what changed.
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

    /**
     * {@link #add} for many days at once, one statement for the series and one for the marks: what a consumer's
     * batch adds up ({@code deltas} keyed by signal, community and day; each key once).
     */
    public void addAll(java.util.Map<SignalsChanged.Change, BigDecimal> deltas) {
        if (deltas.isEmpty()) {
            return;
        }
        var keys = deltas.keySet();
        em.createNativeQuery("""
                insert into signal_day (signal, area_code, day, value)
                select t.signal, t.area, cast(t.day as date), cast(t.delta as numeric)
                from unnest(string_to_array(?1, ','), string_to_array(?2, ','), string_to_array(?3, ','),
                            string_to_array(?4, ',')) as t(signal, area, day, delta)
                on conflict (signal, area_code, day)
                do update set value = signal_day.value + excluded.value, updated_at = now()
                """).setParameter(1, joined(keys, k -> k.signal().name()))
                .setParameter(2, joined(keys, SignalsChanged.Change::community))
                .setParameter(3, joined(keys, k -> k.day().toString()))
                .setParameter(4, joined(keys, k -> deltas.get(k).toPlainString())).executeUpdate();
        markDirtyAll(keys);
    }

    /** {@link #markDirty} for many days at once. */
    public void markDirtyAll(java.util.Collection<SignalsChanged.Change> changes) {
        if (changes.isEmpty()) {
            return;
        }
        // one row per series (an upsert may touch a row once per statement), in key order so two batches marking the
        // same series lock them in the same order
        em.createNativeQuery("""
                insert into signal_dirty (signal, area_code, day)
                select t.signal, t.area, min(cast(t.day as date))
                from unnest(string_to_array(?1, ','), string_to_array(?2, ','), string_to_array(?3, ','))
                     as t(signal, area, day)
                group by t.signal, t.area
                order by t.signal, t.area
                on conflict (signal, area_code) do update set day = least(signal_dirty.day, excluded.day),
                    changed_at = now(), claimed_until = null
                """).setParameter(1, joined(changes, k -> k.signal().name()))
                .setParameter(2, joined(changes, SignalsChanged.Change::community))
                .setParameter(3, joined(changes, k -> k.day().toString())).executeUpdate();
    }

    /** Comma-joined values for string_to_array: signal names, codes, dates and numbers never contain a comma. */
    private static String joined(java.util.Collection<SignalsChanged.Change> keys,
            java.util.function.Function<SignalsChanged.Change, String> value) {
        return keys.stream().map(value).collect(java.util.stream.Collectors.joining(","));
    }

    /**
     * Marks a community's series for detection from {@code day} on: one row per series with the earliest changed day
     * ({@code signal_dirty}, V6). A series marked again keeps its place in the queue ({@code marked_at}) and the
     * earlier of the two days; its {@code changed_at} moves and a detection claim on it ends (V7), so the evaluation
     * running now does not delete the new mark and the series is evaluated again.
     */
    public void markDirty(Signal signal, String community, LocalDate day) {
        em.createNativeQuery("""
                insert into signal_dirty (signal, area_code, day) values (?1, ?2, ?3)
                on conflict (signal, area_code) do update set day = least(signal_dirty.day, excluded.day),
                    changed_at = now(), claimed_until = null
                """).setParameter(1, signal.name()).setParameter(2, community).setParameter(3, day).executeUpdate();
    }
}
