package org.frontline.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetentionCheckTest {

    @Test
    void aRetentionNotLongerThanTheRetryWindowRefusesToStart() {
        assertThatThrownBy(() -> IdempotencyConfig.Check.check(Duration.ofDays(7), Optional.of(Duration.ofDays(7))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("retry-window");
        assertThatThrownBy(() -> IdempotencyConfig.Check.check(Duration.ofDays(3), Optional.of(Duration.ofDays(7))))
                .isInstanceOf(IllegalStateException.class);
        assertThatCode(() -> IdempotencyConfig.Check.check(Duration.ofDays(30), Optional.of(Duration.ofDays(7))))
                .doesNotThrowAnyException();
        assertThatCode(() -> IdempotencyConfig.Check.check(Duration.ofDays(1), Optional.empty())).doesNotThrowAnyException();
    }
}
