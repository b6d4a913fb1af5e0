package org.frontline.platform.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The city's clock under a test's control: {@link #advance} and {@link #set} move "now". A service's tests
 * subclass it as an {@code @Alternative @Priority(1) @Singleton} bean to replace the platform's CityClock.
 */
public class MovableClock extends Clock {

    private volatile Instant now = Instant.now();
    private final ZoneId zone;

    public MovableClock() {
        this(ZoneId.of("Asia/Shanghai"));
    }

    public MovableClock(ZoneId zone) {
        this.zone = zone;
    }

    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(now, zone);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
