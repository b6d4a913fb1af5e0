package org.frontline.roster.config;

import java.time.Clock;
import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.frontline.roster.rules.RosterRules;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The roster rules a city may tune ({@code roster.*}); see the service README. */
@ConfigMapping(prefix = "roster")
public interface RosterConfig {

    Rules rules();

    Surge surge();

    /** Extra shifts proposed when an alert is raised for a community (see SurgeService). */
    interface Surge {
        /** Alerts below this level propose nothing. */
        @WithDefault("YELLOW")
        org.frontline.roster.SurgeProposal.Level minLevel();

        /** How many city days, from the day after the alert, the proposal covers. */
        @WithDefault("3")
        int days();
    }

    Workload workload();

    Planning planning();

    /** Asynchronous planning runs (see PlanningWorker and the README's "Planning runs"). */
    interface Planning {
        /** Runs solved at the same time on one replica. */
        @WithDefault("1")
        int concurrent();

        /** A RUNNING run whose heartbeat is older than this lost its replica and is re-queued (or failed). */
        @WithDefault("2m")
        Duration staleAfter();

        /** A run stops early once its best score has not improved for this long. */
        @WithDefault("5s")
        Duration unimproved();

        /** The worker's tick (claim, heartbeat, progress); read by the scheduler as ${roster.planning.tick}. */
        @WithDefault("2s")
        String tick();

        /** How often the cluster job looks for stale runs. */
        @WithDefault("30s")
        String staleScan();
    }

    interface Workload {
        /** Hours in one city week above which WorkloadExceeded warns (below the hard maximum of rules.max-hours). */
        @WithDefault("40h")
        Duration weeklyLimit();
    }

    /** How long before a qualification expires its holder's community is told (QualificationExpiring). */
    @WithDefault("30d")
    Duration qualificationNotice();

    /** How often the expiry scan runs (every replica's scheduler fires; one runs it: ClusterJob). */
    @WithDefault("1h")
    Duration qualificationScanInterval();

    /** How long after start the first scan waits. */
    @WithDefault("60s")
    Duration qualificationScanDelay();

    interface Rules {
        /** Least rest between two shifts of one person. */
        @WithDefault("11h")
        Duration minRest();

        /** Most hours of work in any rolling {@link #window()}. */
        @WithDefault("48h")
        Duration maxHours();

        @WithDefault("7d")
        Duration window();

        /** Highest duty risk level (1 low … 3 high) a volunteer may be assigned to. */
        @WithDefault("1")
        int volunteerMaxRisk();
    }

    /** The rules as the plain-code checker and the planner take them, in the city's zone. */
    @ApplicationScoped
    class Producer {
        @Produces
        @jakarta.inject.Singleton
        RosterRules rules(RosterConfig config, Clock clock) {
            Rules r = config.rules();
            return new RosterRules(r.minRest(), r.maxHours(), r.window(), r.volunteerMaxRisk(), clock.getZone());
        }
    }
}
