package org.frontline.screening.config;

import java.time.Clock;
import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The city's clock: "today" for quarantine days is the city's date. Tests replace it with a clock they move. */
@ApplicationScoped
public class CityClock {

    @Produces
    @jakarta.inject.Singleton
    Clock clock(@ConfigProperty(name = "screening.city-zone", defaultValue = "Asia/Shanghai") String zone) {
        return Clock.system(ZoneId.of(zone));
    }
}
