package trading.safety.contract.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trading.safety.contract.control.ControlKey.BreakerName;

class ControlKeyTest {

    @Test
    void writesEveryKeyFormOfTheDesign() {
        assertThat(new ControlKey.GlobalKillSwitch().value()).isEqualTo("kill-switch");
        assertThat(new ControlKey.AccountKillSwitch("ACC-1").value()).isEqualTo("kill-switch/account/ACC-1");
        assertThat(new ControlKey.StrategySwitch("momentum").value()).isEqualTo("strategy/momentum");
        assertThat(new ControlKey.CircuitBreaker(new BreakerName.System()).value()).isEqualTo("circuit-breaker/system");
        assertThat(new ControlKey.CircuitBreaker(new BreakerName.Strategy("momentum")).value())
                .isEqualTo("circuit-breaker/strategy/momentum");
        assertThat(new ControlKey.CircuitBreaker(new BreakerName.Broker("alpaca")).value())
                .isEqualTo("circuit-breaker/broker/alpaca");
        assertThat(new ControlKey.ActiveBroker().value()).isEqualTo("broker/active");
        assertThat(new ControlKey.DrawdownOverride("ACC-1").value()).isEqualTo("drawdown/ACC-1");
        assertThat(new ControlKey.RiskLimits("ACC-1").value()).isEqualTo("limits/ACC-1");
        assertThat(new ControlKey.ReconSync("ACC-1").value()).isEqualTo("recon/sync/ACC-1");
        assertThat(new ControlKey.CancelAllOrders(null).value()).isEqualTo("orders/cancel-all");
        assertThat(new ControlKey.CancelAllOrders("ACC-1").value()).isEqualTo("orders/cancel-all/ACC-1");
        assertThat(new ControlKey.FlattenPositions(null).value()).isEqualTo("positions/flatten");
        assertThat(new ControlKey.FlattenPositions("ACC-1").value()).isEqualTo("positions/flatten/ACC-1");
    }

    @Test
    void parsesWhatItWrites() {
        List<ControlKey> keys = List.of(new ControlKey.GlobalKillSwitch(), new ControlKey.AccountKillSwitch("A.1"),
                new ControlKey.StrategySwitch("s_1"), new ControlKey.CircuitBreaker(new BreakerName.System()),
                new ControlKey.CircuitBreaker(new BreakerName.Strategy("s-2")),
                new ControlKey.CircuitBreaker(new BreakerName.Broker("paper")), new ControlKey.ActiveBroker(),
                new ControlKey.DrawdownOverride("ACC-9"), new ControlKey.RiskLimits("ACC-9"),
                new ControlKey.ReconSync("ACC-9"), new ControlKey.CancelAllOrders(null),
                new ControlKey.CancelAllOrders("ACC-9"), new ControlKey.FlattenPositions(null),
                new ControlKey.FlattenPositions("ACC-9"));

        for (ControlKey key : keys) {
            assertThat(ControlKey.parse(key.value())).isEqualTo(key);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "kill-switch/", "kill-switch/account/", "kill-switch/account/a/b", "strategy/",
            "strategy/has space", "circuit-breaker/nope", "circuit-breaker/strategy/", "broker/primary",
            "limits/-leading-dash", "recon/sync", "KILL-SWITCH", "orders/cancel-all/", "positions/flatten/a/b"})
    void refusesAnythingElseNamingTheKey(String text) {
        assertThatThrownBy(() -> ControlKey.parse(text))
                .isInstanceOf(InvalidControlKeyException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void acceptsExactlyTheIdsTheIdPatternDescribes() {
        java.util.Random random = new java.util.Random(7);
        String alphabet = "aZ09._-/ é";
        for (int i = 0; i < 20_000; i++) {
            StringBuilder id = new StringBuilder();
            int length = random.nextInt(68);
            for (int c = 0; c < length; c++) {
                id.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String candidate = id.toString();
            boolean expected = ControlKey.ID.matcher(candidate).matches();
            if (expected) {
                assertThat(new ControlKey.StrategySwitch(candidate).strategyId()).isEqualTo(candidate);
            } else {
                assertThatThrownBy(() -> new ControlKey.StrategySwitch(candidate)).as(candidate)
                        .isInstanceOf(IllegalArgumentException.class);
            }
        }
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> ControlKey.parse(null)).isInstanceOf(InvalidControlKeyException.class);
    }

    @Test
    void marksAutomaticOrigins() {
        assertThat(ControlOrigin.auto("RECONCILIATION")).isEqualTo("AUTO:RECONCILIATION");
        assertThat(ControlOrigin.isAutomatic("AUTO:DRAWDOWN_PANIC")).isTrue();
        assertThat(ControlOrigin.isAutomatic(ControlOrigin.MANUAL)).isFalse();
    }
}
