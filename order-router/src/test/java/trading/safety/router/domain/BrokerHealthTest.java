package trading.safety.router.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BrokerHealthTest {

    private static final Instant T0 = Instant.parse("2026-03-02T15:00:00Z");
    private final BrokerHealth health = new BrokerHealth(5, Duration.ofMinutes(5));

    @Test
    void failsAtTheFifthConsecutiveFailureAndAnAnswerResetsTheCount() {
        for (int i = 1; i <= 4; i++) {
            health.failure("paper", "HTTP 503", false, T0.plusSeconds(i));
        }
        assertThat(health.failed("paper", T0.plusSeconds(5))).isEmpty();

        health.failure("paper", "HTTP 503", false, T0.plusSeconds(5));

        assertThat(health.failed("paper", T0.plusSeconds(5))).get().asString().contains("5 consecutive failures");
        assertThat(health.success("paper", T0.plusSeconds(6))).as("came back").isTrue();
        assertThat(health.failed("paper", T0.plusSeconds(6))).isEmpty();
        assertThat(health.status("paper").connected()).isTrue();
    }

    @Test
    void failsWhenUnreachableForFiveMinutesEvenWithFewFailures() {
        BrokerHealth patient = new BrokerHealth(100, Duration.ofMinutes(5));
        patient.failure("paper", "connection refused", true, T0);
        patient.failure("paper", "connection refused", true, T0.plusSeconds(120));

        assertThat(patient.failed("paper", T0.plus(Duration.ofMinutes(5)).minusMillis(1))).isEmpty();
        assertThat(patient.failed("paper", T0.plus(Duration.ofMinutes(5)))).get().asString().contains("unreachable since");
    }

    @Test
    void anUnknownBrokerIsConnectedAndNotFailed() {
        assertThat(health.status("other").connected()).isTrue();
        assertThat(health.failed("other", T0)).isEmpty();
        assertThat(health.success("other", T0)).as("nothing to recover from").isFalse();
    }
}
