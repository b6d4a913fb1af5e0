package org.frontline.platform.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.frontline.platform.testapp.AreaNoticeIssued;
import org.frontline.platform.testapp.NoteWritten;
import org.frontline.platform.testing.TestDatabase;
import org.frontline.platform.testing.TestKafka;
import org.frontline.platform.testing.TopicReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/** An event may be about a whole area (a district depot, a district-wide alert), keyed by the area's prefix. */
@QuarkusTest
class OutboxAreaSubjectTests {

    static final String TOPIC = "testapp.areas";

    @Inject
    Outbox outbox;
    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void topic() {
        TestKafka.createTopics(List.of(TOPIC), 3);
    }

    @Test
    void anEventAboutADistrictOrAStreetIsKeyedAndSubjectedByThatAreasPrefix() {
        for (String area : List.of("310104", "310104012", "31")) {
            UUID id = QuarkusTransaction.requiringNew().call(() -> outbox.record(TOPIC, new AreaNoticeIssued(area, "boil water")));

            var record = TopicReader.await(TOPIC, r -> id.toString().equals(TopicReader.header(r, "ce_id")), 1,
                    Duration.ofSeconds(30)).get(0);
            assertThat(record.key()).isEqualTo(area);
            assertThat(TopicReader.header(record, "ce_subject")).isEqualTo(area);
        }
    }

    @Test
    void anEventAboutOneCommunityIsStillKeyedByItsCommunityCode() {
        UUID id = QuarkusTransaction.requiringNew().call(
                () -> outbox.record(TOPIC, new NoteWritten(UUID.randomUUID(), "310104012001", 1)));
        var record = TopicReader.await(TOPIC, r -> id.toString().equals(TopicReader.header(r, "ce_id")), 1,
                Duration.ofSeconds(30)).get(0);
        assertThat(record.key()).isEqualTo("310104012001");
        assertThat(TopicReader.header(record, "ce_subject")).isEqualTo("310104012001");
    }

    @Test
    void aSubjectThatNamesNoAreaIsRefusedAndNothingIsRecorded() {
        TestDatabase db = new TestDatabase(dataSource);
        long rows = db.outboxRows();
        // 7 digits is no level; 12 digits ending in 000 is a street written as a community; empty; missing
        for (String bad : Arrays.asList("3101041", "310104012000", "", null, "31010x")) {
            assertThatThrownBy(() -> QuarkusTransaction.requiringNew().run(
                    () -> outbox.record(TOPIC, new AreaNoticeIssued(bad, "x"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("names no area");
        }
        assertThat(db.outboxRows()).isEqualTo(rows);
    }
}
