package org.frontline.alert.signal;

import java.time.LocalDate;
import java.util.Set;

/**
 * Fired (CDI) after a batch of consumed events committed: the series days it changed. Detection observes it to look
 * at them now rather than at its next round ({@code signal_dirty} keeps the same marks durably).
 */
public record SignalsChanged(Set<Change> changes) {

    public record Change(Signal signal, String community, LocalDate day) {
    }
}
