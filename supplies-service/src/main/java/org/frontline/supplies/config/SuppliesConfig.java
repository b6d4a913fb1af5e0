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

    /** The daily re-evaluation of cover and the forecast (CoverJob). */
    Reevaluation reevaluation();

    /** Physical count sheets (CountService). */
    Counts counts();

    LedgerSettings ledger();

    interface Cover {
        /** Complete city days (ending yesterday) the consumption rate averages over; stock-out days are skipped. */
        @WithDefault("14")
        int window();

        /** City days from today whose planned shifts make the forecast rate. */
        @WithDefault("7")
        int forecastDays();

        /** How many city days back an issue recorded late may say it was used (field workers offline). */
        @WithDefault("7")
        int lateRecordDays();
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

    interface Reevaluation {
        /** How often the job looks for stocks not yet re-evaluated today (once across replicas). */
        @WithDefault("1h")
        String interval();

        /** How long after start the first look waits. */
        @WithDefault("60s")
        String delay();

        /** Stocks per transaction. */
        @WithDefault("500")
        int pageSize();
    }

    interface Counts {
        /** Data rows a count sheet may have. */
        @WithDefault("5000")
        int maxRows();

        /** Bytes a count sheet may have (CSV or XLSX as uploaded). */
        @WithDefault("2097152")
        int maxBytes();
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
