package trading.safety.risk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class HealthCheckAndSizingTest {

    private static final Instant NOW = Instant.parse("2026-03-17T15:00:00Z");
    private final HealthCheck check = new HealthCheck(Duration.ofHours(72));

    @Test
    void passesOnlyWhenEveryRunbookCheckPasses() {
        assertThat(check.run(new HealthCheck.Inputs(true, NOW.minus(Duration.ofHours(72)), 0, 1), NOW).passed())
                .isTrue();
    }

    @Test
    void namesEveryFailedCheck() {
        HealthCheck.Result result = check.run(new HealthCheck.Inputs(false,
                NOW.minus(Duration.ofHours(72)).minusMillis(1), 2, 0), NOW);

        assertThat(result.passed()).isFalse();
        assertThat(result.failures()).hasSize(4)
                .anySatisfy(f -> assertThat(f).startsWith("RECONCILIATION"))
                .anySatisfy(f -> assertThat(f).startsWith("DATA_FRESHNESS"))
                .anySatisfy(f -> assertThat(f).startsWith("DUPLICATE_INTENTS: 2"))
                .anySatisfy(f -> assertThat(f).startsWith("STRATEGIES"));
        assertThat(check.run(new HealthCheck.Inputs(true, null, 0, 1), NOW).failures())
                .containsExactly("DATA_FRESHNESS: no market data seen");
    }

    @Test
    void sizesDownToWholeLotsAndNeverUp() {
        assertThat(Sizing.apply(new BigDecimal("15"), new BigDecimal("0.5"), BigDecimal.ONE))
                .isEqualByComparingTo("7");
        assertThat(Sizing.apply(new BigDecimal("10"), BigDecimal.ONE, BigDecimal.ONE)).isEqualByComparingTo("10");
        assertThat(Sizing.apply(new BigDecimal("1"), new BigDecimal("0.5"), BigDecimal.ONE)).isZero();
        assertThat(Sizing.apply(new BigDecimal("0.75"), new BigDecimal("0.5"), new BigDecimal("0.1")))
                .isEqualByComparingTo("0.3");
        assertThat(Sizing.apply(new BigDecimal("250"), new BigDecimal("0.5"), new BigDecimal("100")))
                .isEqualByComparingTo("100");
    }
}
