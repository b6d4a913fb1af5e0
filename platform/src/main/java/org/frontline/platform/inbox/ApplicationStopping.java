package org.frontline.platform.inbox;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;

/**
 * Knows when the application has begun to stop. Set by the first observer of Quarkus' {@link ShutdownEvent},
 * before the Kafka connector, Hibernate and the datasource are closed: from then on, a record that fails is
 * the application going away, not the record being bad, so it must stay uncommitted (see
 * {@link InboxFailureStrategy}) and is applied after the restart.
 */
@ApplicationScoped
public class ApplicationStopping {

    private static final Logger LOG = Logger.getLogger(ApplicationStopping.class);

    private final CountDownLatch stopping = new CountDownLatch(1);

    void onStop(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) ShutdownEvent event) {
        if (stopping.getCount() > 0) {
            LOG.info("application stopping: records not applied yet stay uncommitted and are applied after the restart");
        }
        stopping.countDown();
    }

    public boolean isStopping() {
        return stopping.getCount() == 0;
    }

    /** Waits for the given time, or less if the application starts stopping; returns whether it is stopping. */
    public boolean awaitStopping(Duration pause) throws InterruptedException {
        return stopping.await(pause.toMillis(), TimeUnit.MILLISECONDS);
    }
}
