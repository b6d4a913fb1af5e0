package org.frontline.alert.signal;

import java.util.Arrays;
import java.util.Optional;

/**
 * The daily series alert-service keeps per community, from the other services' events. {@link Kind#COUNT}: facts
 * counted on the city day they happened (a correction or retraction takes one back). {@link Kind#LEVEL}: the
 * day's value of a state (uncovered hours of the day's shifts; items below minimum at the day's end).
 */
public enum Signal {
    FEVER_SCREENINGS("fever-screenings", Kind.COUNT, "screenings with a temperature at or above the fever threshold"),
    POSITIVE_TESTS("positive-tests", Kind.COUNT, "positive antigen or PCR results, on the day the sample was taken"),
    NEW_QUARANTINES("new-quarantines", Kind.COUNT, "quarantine or health-monitoring periods started"),
    MISSED_CHECK_INS("missed-check-ins", Kind.COUNT, "days a resident in quarantine missed the daily check-in"),
    UNCOVERED_SHIFT_HOURS("uncovered-shift-hours", Kind.LEVEL,
            "hours of published shifts starting that day not covered: (required - assigned) x hours"),
    ITEMS_BELOW_MINIMUM("items-below-minimum", Kind.LEVEL,
            "items of the community's store below their minimum level (BELOW_MIN, EMERGENCY or STOCK_OUT)"),
    ITEMS_STOCK_OUT("items-stock-out", Kind.LEVEL, "critical items out of stock at the community's store");

    public enum Kind {
        COUNT, LEVEL
    }

    private final String path;
    private final Kind kind;
    private final String description;

    Signal(String path, Kind kind, String description) {
        this.path = path;
        this.kind = kind;
        this.description = description;
    }

    /** The name in URLs and in detector definitions, e.g. {@code fever-screenings}. */
    public String path() {
        return path;
    }

    public Kind kind() {
        return kind;
    }

    public String description() {
        return description;
    }

    /**
     * Whether a day without a row takes the previous day's value: a stock level holds until the item's next
     * crossing. Every other signal is of its own day (uncovered hours of the shifts starting that day; a count), so a
     * day without a row is 0.
     */
    public boolean carriesForward() {
        return this == ITEMS_BELOW_MINIMUM || this == ITEMS_STOCK_OUT;
    }

    public static Optional<Signal> of(String path) {
        return Arrays.stream(values()).filter(s -> s.path.equals(path)).findFirst();
    }
}
