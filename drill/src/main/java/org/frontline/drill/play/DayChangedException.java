package org.frontline.drill.play;

import java.time.LocalDate;

/** The city's day changed while a run played (its midnight is 16:00 UTC): the run cannot go on. */
public final class DayChangedException extends RuntimeException {

    public DayChangedException(LocalDate lastDay, LocalDate today) {
        super("the city's day changed during the run (it ended on " + lastDay + ", it is now " + today
                + " in Asia/Shanghai; midnight there is 16:00 UTC): the simulated days no longer end today, so the run"
                + " stopped; start it again, well before or after 16:00 UTC");
    }
}
