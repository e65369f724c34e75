package trading.safety.recon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import trading.safety.recon.domain.StrategyBreaker.Action;
import trading.safety.recon.domain.StrategyBreaker.Failures;
import trading.safety.recon.domain.StrategyBreaker.Result;
import trading.safety.recon.domain.StrategyBreaker.State;

class StrategyBreakerTest {

    private static final Instant T0 = Instant.parse("2026-11-20T14:30:00Z");

    private final StrategyBreaker breaker = new StrategyBreaker(StrategyBreaker.Settings.defaults());

    @Test
    void fiveFailuresWithinFiveMinutesOpenItForSixtySeconds() {
        Failures failures = Failures.none();
        for (int i = 0; i < 4; i++) {
            Result r = breaker.failed(failures, State.CLOSED, T0.plusSeconds(60L * i));
            assertThat(r.action()).isEqualTo(Action.NONE);
            failures = r.failures();
        }

        Result fifth = breaker.failed(failures, State.CLOSED, T0.plusSeconds(240));

        assertThat(fifth.action()).isEqualTo(Action.OPEN);
        assertThat(fifth.recoveryAt()).isEqualTo(T0.plusSeconds(300));
        assertThat(fifth.reason()).startsWith("5 execution failures within");
        assertThat(fifth.failures().at()).isEmpty();
    }

    @Test
    void failuresOlderThanTheWindowDoNotCount() {
        Failures failures = Failures.none();
        for (int i = 0; i < 4; i++) {
            failures = breaker.failed(failures, State.CLOSED, T0.plusSeconds(i)).failures();
        }

        Result later = breaker.failed(failures, State.CLOSED, T0.plus(Duration.ofMinutes(5)).plusSeconds(2));

        assertThat(later.action()).isEqualTo(Action.NONE);
        assertThat(later.failures().at()).as("the failures at 2 s and 3 s are exactly 5 minutes old").hasSize(3);
    }

    @Test
    void whileOpenNothingBeforeTheRecoveryTimeCounts() {
        State open = new State(true, T0.plusSeconds(60));

        assertThat(breaker.failed(Failures.none(), open, T0.plusSeconds(59)).action()).isEqualTo(Action.NONE);
        assertThat(breaker.answered(Failures.none(), open, T0.plusSeconds(59)).action()).isEqualTo(Action.NONE);
    }

    @Test
    void theProbesAnswerClosesItAndItsFailureReopensIt() {
        State open = new State(true, T0.plusSeconds(60));

        assertThat(breaker.answered(Failures.none(), open, T0.plusSeconds(60)).action()).isEqualTo(Action.CLOSE);
        Result reopened = breaker.failed(Failures.none(), open, T0.plusSeconds(61));
        assertThat(reopened.action()).isEqualTo(Action.REOPEN);
        assertThat(reopened.recoveryAt()).isEqualTo(T0.plusSeconds(121));
    }

    @Test
    void anAnswerWhileClosedKeepsTheFailures() {
        Failures failures = breaker.failed(Failures.none(), State.CLOSED, T0).failures();

        Result answered = breaker.answered(failures, State.CLOSED, T0.plusSeconds(1));

        assertThat(answered.action()).isEqualTo(Action.NONE);
        assertThat(answered.failures().at()).containsExactly(T0);
    }

    @Test
    void refusesSettingsThatCannotWork() {
        assertThatThrownBy(() -> new StrategyBreaker.Settings(0, Duration.ofMinutes(1), Duration.ofSeconds(1)))
                .hasMessageContaining("failures");
        assertThatThrownBy(() -> new StrategyBreaker.Settings(1, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("window");
        assertThatThrownBy(() -> new StrategyBreaker.Settings(1, Duration.ofMinutes(1), null))
                .hasMessageContaining("recovery");
    }
}
