package org.frontline.alert.signal;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Records every {@link SignalsChanged} fired, for the tests (detection observes the same event in the service). */
@ApplicationScoped
public class SignalsObserved {

    private final List<SignalsChanged> fired = new CopyOnWriteArrayList<>();

    void on(@Observes SignalsChanged changed) {
        fired.add(changed);
    }

    /** A method, not the field: the test holds a client proxy, whose own fields are not the bean's. */
    public List<SignalsChanged> fired() {
        return fired;
    }
}
