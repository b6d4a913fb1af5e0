package org.frontline.alert;

import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;

import org.frontline.platform.testing.MovableClock;

/** The city's clock under the tests' control: {@link #advance} moves "now" (escalation deadlines, digests). */
@Alternative
@Priority(1)
@Singleton
public class TestClock extends MovableClock {
}
