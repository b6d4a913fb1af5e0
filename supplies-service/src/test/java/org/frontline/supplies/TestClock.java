package org.frontline.supplies;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import org.frontline.platform.testing.MovableClock;

/** The city's clock under the tests' control: {@link #advance} moves "today". */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends MovableClock {
}
