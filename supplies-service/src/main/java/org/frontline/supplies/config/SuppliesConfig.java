package org.frontline.supplies.config;

import java.math.BigDecimal;
import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** What a city may tune in supplies-service ({@code supplies.*}); the formulas are in the service README. */
@ConfigMapping(prefix = "supplies")
public interface SuppliesConfig {

    Cover cover();

    Levels levels();

    Expiry expiry();

    Allocation allocation();

    LedgerSettings ledger();

    interface Cover {
        /** Complete city days (ending yesterday) the consumption rate averages over; stock-out days are skipped. */
        @WithDefault("14")
        int window();

        /** City days from today whose planned shifts make the forecast rate. */
        @WithDefault("7")
        int forecastDays();
    }

    /** Default levels in days of cover, for a stock without its own. */
    interface Levels {
        @WithDefault("7")
        BigDecimal minDays();

        @WithDefault("30")
        BigDecimal maxDays();

        @WithDefault("3")
        BigDecimal emergencyDays();
    }

    interface Expiry {
        /** Lots expiring within this many days are listed and announced (LotExpiring, once per lot). */
        @WithDefault("30d")
        Duration notice();

        /** How often the expiry scan runs (once across replicas). */
        @WithDefault("1h")
        String scanInterval();
    }

    interface Allocation {
        /** A person in quarantine weighs as much as this many residents (see README "Fair allocation"). */
        @WithDefault("20")
        int quarantineWeight();
    }

    /** The ledger's month partitions (README "Partitions"), read by LedgerPartitions' schedule. */
    interface LedgerSettings {
        /** How often the month partitions ahead are checked (once across replicas). */
        @WithDefault("12h")
        String partitionInterval();

        /** The first check after start. */
        @WithDefault("5s")
        String partitionDelay();
    }
}
