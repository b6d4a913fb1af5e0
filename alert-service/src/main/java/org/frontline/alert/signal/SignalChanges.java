package org.frontline.alert.signal;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;

import org.jboss.logging.Logger;

/** Tells detection which series days a committed batch changed ({@link SignalsChanged}); the consumers' one way. */
@ApplicationScoped
public class SignalChanges {

    private static final Logger LOG = Logger.getLogger(SignalChanges.class);

    private final Event<SignalsChanged> changed;

    public SignalChanges(Event<SignalsChanged> changed) {
        this.changed = changed;
    }

    /**
     * Fires {@link SignalsChanged} for {@code touched}, after the consumer's batch committed. A retried batch may name
     * a change twice or one rolled back: a superset only makes detection look again. A failing observer must not nack
     * the committed batch (that would dead-letter every record): it is logged, and detection finds the same series
     * in {@code signal_dirty} at its next round.
     */
    public void announce(String consumer, Set<SignalsChanged.Change> touched) {
        if (touched.isEmpty()) {
            return;
        }
        try {
            changed.fire(new SignalsChanged(Set.copyOf(touched)));
        } catch (RuntimeException e) {
            LOG.warnf(e, "%s: an observer of SignalsChanged failed", consumer);
        }
    }
}
