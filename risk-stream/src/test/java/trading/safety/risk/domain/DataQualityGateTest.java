package trading.safety.risk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DataQualityGateTest {

    private static final Instant START = Instant.parse("2025-01-01T21:00:00Z");

    private final DataQualityGate gate = DataQualityGate.runbookDefaults();

    @Test
    void passesASymbolWithAYearOfCleanFreshHistory() {
        DataQualityGate.State state = history(260, 100);

        DataQualityGate.Verdict verdict = gate.verdict(state, state.lastBarTime().plus(Duration.ofHours(1)));

        assertThat(verdict.tradable()).isTrue();
        assertThat(verdict.issues()).isEmpty();
        assertThat(verdict.historyDays()).isEqualTo(260);
    }

    @Test
    void blocksStaleDataAfterSeventyTwoHoursExactlyNotBefore() {
        DataQualityGate.State state = history(260, 100);

        assertThat(gate.verdict(state, state.lastBarTime().plus(Duration.ofHours(72))).tradable()).isTrue();
        assertThat(gate.verdict(state, state.lastBarTime().plus(Duration.ofHours(72)).plusMillis(1)).issues())
                .extracting(DataQualityGate.Issue::type).containsExactly("STALE");
    }

    @Test
    void blocksWhenMoreThanTenPercentOfRecentClosesAreMissing() {
        DataQualityGate.State state = history(260, 100);
        Instant t = state.lastBarTime();
        for (int i = 1; i <= 10; i++) {
            state = gate.onBar(state, t.plus(Duration.ofMinutes(i)), null);
        }
        assertThat(gate.verdict(state, state.lastBarTime()).tradable()).as("10 of 100 is not more than 10%").isTrue();

        state = gate.onBar(state, t.plus(Duration.ofMinutes(11)), null);

        assertThat(gate.verdict(state, state.lastBarTime()).issues()).extracting(DataQualityGate.Issue::type)
                .containsExactly("NAN_RATIO");
    }

    @Test
    void blocksSymbolsWithFewerThanTwoHundredFiftyDaysOfHistory() {
        DataQualityGate.State state = history(249, 100);

        assertThat(gate.verdict(state, state.lastBarTime()).issues()).extracting(DataQualityGate.Issue::type)
                .containsExactly("INSUFFICIENT_HISTORY");
        assertThat(gate.verdict(history(250, 100), START.plus(Duration.ofDays(249))).tradable()).isTrue();
    }

    @Test
    void blocksAJumpOverFiftyPercentUntilANormalBarFollows() {
        DataQualityGate.State state = history(260, 100);
        Instant t = state.lastBarTime();

        DataQualityGate.State jumped = gate.onBar(state, t.plusSeconds(60), new BigDecimal("150.01"));
        assertThat(gate.verdict(jumped, jumped.lastBarTime()).issues()).extracting(DataQualityGate.Issue::type)
                .containsExactly("PRICE_OUTLIER");
        assertThat(gate.verdict(gate.onBar(state, t.plusSeconds(60), new BigDecimal("150")), t.plusSeconds(60))
                .tradable()).as("exactly 50% is not over 50%").isTrue();

        DataQualityGate.State confirmed = gate.onBar(jumped, t.plusSeconds(120), new BigDecimal("151"));
        assertThat(gate.verdict(confirmed, confirmed.lastBarTime()).tradable()).isTrue();
    }

    @Test
    void reportsAnEmptySymbolAsMissingData() {
        assertThat(gate.verdict(DataQualityGate.State.empty(), START).issues())
                .extracting(DataQualityGate.Issue::type).containsExactly("MISSING_DATA", "INSUFFICIENT_HISTORY");
    }

    @Test
    void countsLateBarsTowardHistoryWithoutMovingTheClock() {
        DataQualityGate.State state = history(249, 100);
        Instant newest = state.lastBarTime();

        DataQualityGate.State backfilled = gate.onBar(state, START.minus(Duration.ofDays(1)), new BigDecimal("99"));

        assertThat(backfilled.lastBarTime()).isEqualTo(newest);
        assertThat(backfilled.lastClose()).isEqualByComparingTo("100");
        assertThat(gate.verdict(backfilled, newest).tradable()).isTrue();
    }

    /** One bar a day for {@code days} days at a steady close. */
    private DataQualityGate.State history(int days, int close) {
        DataQualityGate.State state = DataQualityGate.State.empty();
        for (int d = 0; d < days; d++) {
            state = gate.onBar(state, START.plus(Duration.ofDays(d)), BigDecimal.valueOf(close));
        }
        return state;
    }
}
