package org.frontline.drill.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SseParserTests {

    private final List<SseParser.Event> events = new ArrayList<>();
    private final SseParser parser = new SseParser(events::add);

    private void feed(String text) {
        for (String line : text.split("\n", -1)) {
            parser.line(line);
        }
    }

    @Test
    void anEventIsItsFieldsUpToAnEmptyLine() {
        feed("id: 4711\nevent: kpi\ndata: {\"area\":{\"code\":\"390101001001\"},\"figures\":{\"screened\":15.00}}\n\n");
        assertThat(events).containsExactly(new SseParser.Event("4711", "kpi",
                "{\"area\":{\"code\":\"390101001001\"},\"figures\":{\"screened\":15.00}}"));
        assertThat(parser.lastId()).isEqualTo("4711");
    }

    @Test
    void severalDataLinesAreJoinedWithNewlines() {
        feed("event: alert\ndata: first\ndata:second\ndata:  third\ndata\n\n");
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.name()).isEqualTo("alert");
            assertThat(e.data()).isEqualTo("first\nsecond\n third\n"); // one space after the colon is dropped, not two
        });
    }

    @Test
    void commentsAreSkippedAndCounted() {
        feed(": heartbeat\n\n: heartbeat\nevent: kpi\n: in between\ndata: x\n\n");
        assertThat(events).containsExactly(new SseParser.Event(null, "kpi", "x"));
        assertThat(parser.comments()).isEqualTo(3);
    }

    @Test
    void theLastIdStaysUntilAnotherComesAndANamelessEventIsAMessage() {
        feed("id: 1\ndata: a\n\ndata: b\n\nid: 2\nevent: kpi\ndata: c\n\n");
        assertThat(events).containsExactly(new SseParser.Event("1", "message", "a"),
                new SseParser.Event("1", "message", "b"), new SseParser.Event("2", "kpi", "c"));
    }

    @Test
    void anEventWithoutDataIsNotDispatchedButItsIdCounts() {
        feed("id: 9\nevent: kpi\n\nretry: 3000\nunknown: field\n\n");
        assertThat(events).isEmpty();
        assertThat(parser.lastId()).isEqualTo("9");
        feed("data: after\n\n");
        assertThat(events).containsExactly(new SseParser.Event("9", "message", "after")); // the name did not leak
    }

    @Test
    void crlfLineEndingsAndAHalfEventDroppedOnReset() {
        parser.line("event: kpi\r");
        parser.line("data: y\r");
        parser.line("\r");
        parser.line("data: half");
        parser.reset();
        parser.line("");
        assertThat(events).containsExactly(new SseParser.Event(null, "kpi", "y"));
    }
}
