package org.frontline.platform.config;

import java.time.Clock;
import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.arc.DefaultBean;

/**
 * The city's clock: "today" (a quarantine day, a shift's date, an expiring qualification) is the city's date in
 * {@code frontline.city-zone}. Tests replace it with a clock they move (an {@code @Alternative} Clock bean).
 */
@ApplicationScoped
public class CityClock {

    @Produces
    @DefaultBean
    @jakarta.inject.Singleton
    Clock clock(@ConfigProperty(name = "frontline.city-zone", defaultValue = "Asia/Shanghai") String zone) {
        return Clock.system(ZoneId.of(zone));
    }
}
