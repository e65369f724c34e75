package trading.safety.console.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import trading.safety.risk.config.RiskProperties;
import trading.safety.risk.topology.RiskTopology;

class RiskSettingsLoaderTest {

    @Test
    void readsRiskStreamsOwnDefaults() {
        RiskProperties risk = RiskSettingsLoader.properties(environment(Map.of()));

        assertThat(risk.drawdown().haltAt()).isEqualByComparingTo("0.08");
        assertThat(risk.limits().maxOrderNotional()).isEqualByComparingTo("250000");
        assertThat(risk.dataQuality().minHistoryDays()).isEqualTo(250);
        assertThat(risk.replayWindow()).isEqualTo(Duration.ofHours(24));
        assertThat(risk.calendar().holidays()).contains("2026-12-25");
    }

    @Test
    void theConsolesEnvironmentOverridesAnyRiskProperty() {
        RiskProperties risk = RiskSettingsLoader.properties(environment(Map.of(
                "safety.risk.limits.max-order-notional", "1000",
                "safety.risk.replay-window", "2h",
                "safety.risk.calendar.holidays", "2026-07-03")));

        assertThat(risk.limits().maxOrderNotional()).isEqualByComparingTo(new BigDecimal("1000"));
        assertThat(risk.limits().priceCollar()).isEqualByComparingTo("0.05");
        assertThat(risk.replayWindow()).isEqualTo(Duration.ofHours(2));
        assertThat(risk.calendar().holidays()).containsExactly("2026-07-03");
    }

    @Test
    void buildsInMemorySettingsWithTheBoundThresholds() {
        RiskTopology.Settings settings = RiskSettingsLoader.settings(environment(Map.of(
                "safety.risk.data-quality.min-history-days", "20")));

        assertThat(settings.durableStores()).isFalse();
        assertThat(settings.gate().minHistoryDays()).isEqualTo(20);
    }

    @Test
    void refusesAnInvalidOverrideNamingIt() {
        assertThatThrownBy(() -> RiskSettingsLoader.properties(environment(Map.of(
                "safety.risk.stream-threads", "0"))))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("streamThreads");
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
        return environment;
    }
}
