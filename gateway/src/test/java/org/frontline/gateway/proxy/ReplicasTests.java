package org.frontline.gateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.frontline.gateway.proxy.ServiceProxy.Upstream;
import org.junit.jupiter.api.Test;

/** frontline.gateway.services.&lt;name&gt;.url as a list of replicas: taken in turn, one that is down passed over. */
class ReplicasTests {

    final AtomicLong now = new AtomicLong(1_000_000);

    Replicas replicas(String urls) {
        Replicas r = Replicas.of("screening", urls);
        return new Replicas(r.name(), r.all(), now::get);
    }

    @Test
    void oneUrlIsOneReplicaAsBefore() {
        Replicas r = replicas("http://127.0.0.1:8081/base/");
        assertThat(r.all()).hasSize(1);
        assertThat(r.order().get(0).basePath()).isEqualTo("/base");
        assertThat(r.order().get(0).port()).isEqualTo(8081);
    }

    @Test
    void aCommaSeparatedListIsTakenInTurn() {
        Replicas r = replicas("http://127.0.0.1:8081, http://127.0.0.1:8091 ,");
        assertThat(r.all()).extracting(Upstream::port).containsExactly(8081, 8091);
        Map<Integer, Integer> first = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            List<Upstream> order = r.order();
            assertThat(order).hasSize(2); // the other one is always there to fail over to
            first.merge(order.get(0).port(), 1, Integer::sum);
        }
        assertThat(first).containsEntry(8081, 5).containsEntry(8091, 5);
    }

    @Test
    void aReplicaThatRefusedIsTriedLastForAWhileThenInTurnAgain() {
        Replicas r = replicas("http://127.0.0.1:8081,http://127.0.0.1:8091");
        Upstream a = r.all().get(0);
        r.down(a);
        for (int i = 0; i < 4; i++) {
            assertThat(r.order()).extracting(Upstream::port).containsExactly(8091, 8081);
        }
        now.addAndGet(Replicas.SET_ASIDE_MILLIS + 1);
        assertThat(List.of(r.order().get(0).port(), r.order().get(0).port())).containsExactlyInAnyOrder(8081, 8091);
        r.down(a);
        r.up(a); // it accepted a connection again
        assertThat(List.of(r.order().get(0).port(), r.order().get(0).port())).containsExactlyInAnyOrder(8081, 8091);
    }

    @Test
    void anEmptyListIsRefused() {
        assertThatThrownBy(() -> Replicas.of("roster", " , ")).hasMessageContaining("frontline.gateway.services.roster.url");
    }
}
