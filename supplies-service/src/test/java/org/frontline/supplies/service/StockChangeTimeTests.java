package org.frontline.supplies.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;

import org.junit.jupiter.api.Test;

/**
 * A stock row's change time never goes back: a posting that took its time before waiting for the row's lock, behind
 * a forecast update stamped later, must still announce a later {@code changedAt} — the gateway keeps the newest
 * change per site and item, and dropped such a stock-out (seen by the drill in CI, issue 15).
 */
class StockChangeTimeTests {

    static final OffsetDateTime FORECAST = OffsetDateTime.parse("2026-11-30T16:19:43.072659895+08:00");

    @Test
    void aChangeStampedBeforeThePreviousOneComesAfterIt() {
        OffsetDateTime issue = OffsetDateTime.parse("2026-11-30T16:19:43.072106860+08:00");
        assertThat(Ledger.notBefore(issue, FORECAST)).isAfter(FORECAST);
        assertThat(Ledger.notBefore(FORECAST, FORECAST)).isAfter(FORECAST);
    }

    @Test
    void aLaterChangeKeepsItsOwnTime() {
        OffsetDateTime later = FORECAST.plusSeconds(1);
        assertThat(Ledger.notBefore(later, FORECAST)).isEqualTo(later);
        assertThat(Ledger.notBefore(later, null)).isEqualTo(later);
    }
}
