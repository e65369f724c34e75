package trading.safety.risk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.v1.ControlRecord;

class ControlViewTest {

    private static final Instant AT = Instant.parse("2026-03-02T15:00:00Z");

    private final Map<String, ControlRecord> latest = new HashMap<>();
    private final Map<String, Boolean> probes = new HashMap<>();

    @Test
    void seesNothingActiveOnAnEmptyControlTopic() {
        ControlView view = view();

        assertThat(view.known()).isTrue();
        assertThat(view.globalKill()).isNull();
        assertThat(view.accountKill()).isNull();
        assertThat(view.strategyDisabled()).isFalse();
        assertThat(view.systemBreaker()).isEqualTo(PreTradeContext.Breaker.CLOSED);
    }

    @Test
    void readsKillSwitchesStrategySwitchesAndBreakersForThisAccountAndStrategyOnly() {
        put("kill-switch", true, "HALT_ONLY", Map.of());
        put("kill-switch/account/ACC-1", true, "CLOSE_POSITIONS", Map.of());
        put("kill-switch/account/ACC-2", true, "HALT_ONLY", Map.of());
        put("strategy/momentum", true, null, Map.of());
        put("circuit-breaker/strategy/momentum", true, null, Map.of("recoveryAt", "2026-03-02T15:01:00Z"));
        probes.put("circuit-breaker/strategy/momentum", true);

        ControlView view = view();

        assertThat(view.globalKill()).isEqualTo(KillSwitchMode.HALT_ONLY);
        assertThat(view.accountKill()).isEqualTo(KillSwitchMode.CLOSE_POSITIONS);
        assertThat(view.strategyDisabled()).isTrue();
        assertThat(view.strategyBreaker()).isEqualTo(new PreTradeContext.Breaker(true,
                Instant.parse("2026-03-02T15:01:00Z"), true));
        assertThat(view.systemBreaker().open()).isFalse();
    }

    @Test
    void treatsDeactivationRecordsAsOff() {
        put("kill-switch", false, "HALT_ONLY", Map.of());
        put("strategy/momentum", false, null, Map.of());

        assertThat(view().globalKill()).isNull();
        assertThat(view().strategyDisabled()).isFalse();
    }

    @Test
    void failsClosedOnRecordsItCannotUnderstand() {
        put("kill-switch", true, "PAUSE_EVERYTHING", Map.of());
        put("circuit-breaker/system", true, null, Map.of("recoveryAt", "soon"));

        ControlView view = view();

        assertThat(view.known()).isFalse();
        assertThat(view.globalKill()).isEqualTo(KillSwitchMode.HALT_ONLY);
        assertThat(view.systemBreaker().open()).isTrue();
        assertThat(view.problems()).hasSize(2)
                .anySatisfy(p -> assertThat(p).contains("PAUSE_EVERYTHING"))
                .anySatisfy(p -> assertThat(p).contains("soon"));
    }

    private ControlView view() {
        return ControlView.of(latest::get, "ACC-1", "momentum", probes::get);
    }

    private void put(String key, boolean active, String mode, Map<String, String> params) {
        latest.put(key, ControlRecord.newBuilder().setEventId("e-" + key).setKey(key).setActive(active).setMode(mode)
                .setReason("test").setOperator("ops").setOrigin("MANUAL").setCommandId("c").setAt(AT)
                .setParams(params).build());
    }
}
