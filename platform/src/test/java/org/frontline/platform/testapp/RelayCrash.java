package org.frontline.platform.testapp;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.frontline.platform.events.OutboxBatchSent;

/** Makes the relay fail after the broker acknowledged a batch and before the rows are marked published. */
@ApplicationScoped
public class RelayCrash {

    private final AtomicInteger armed = new AtomicInteger();
    private final AtomicInteger crashes = new AtomicInteger();

    public void armOnce() {
        armed.set(1);
    }

    public int crashes() {
        return crashes.get();
    }

    void onSent(@Observes OutboxBatchSent sent) {
        if (armed.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            crashes.incrementAndGet();
            throw new IllegalStateException("simulated relay crash between send and mark");
        }
    }
}
