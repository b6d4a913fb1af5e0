package org.frontline.alert.config;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * {@code alert.tasks.*}: overdue escalation of plan tasks, recurring actions and the phases that follow the plan
 * (README "Tasks, escalation, phases and recovery").
 */
@ConfigMapping(prefix = "alert.tasks")
public interface TasksConfig {

    /** How often overdue tasks are looked for (once across replicas). */
    @WithDefault("30s")
    String overdueEvery();

    /** An overdue task still not done this long after it went to its district goes on to the city. */
    @WithDefault("2h")
    Duration escalateAfter();

    /** How often the recurring actions of the community plans are turned into the current period's tasks. */
    @WithDefault("5m")
    String recurringEvery();

    /** How often the activations' phases are brought up to date with their tasks and alerts. */
    @WithDefault("30s")
    String progressEvery();

    /**
     * The signal has fallen when its alert fired last before the start of today (city day) minus this many days: with
     * 1, no firing yesterday or today.
     */
    @WithDefault("1")
    int quietDays();

    /**
     * How long after start the first overdue / recurring / progress round waits (then every {@code *-every}). Tests set
     * these far away (1h): they call the jobs by hand, and a round of its own could run while another test class has
     * the shared TestClock moved.
     */
    @WithDefault("10s")
    String overdueDelay();

    @WithDefault("20s")
    String recurringDelay();

    @WithDefault("15s")
    String progressDelay();

    /** Rows (tasks, plans, activations) one page of a job takes (one transaction). */
    @WithDefault("100")
    int pageSize();
}
