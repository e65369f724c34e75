package trading.safety.risk.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trading.safety.contract.control.AutomaticControls;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.risk.domain.DrawdownMachine;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DrawdownState;

class RiskRecordsTest {

    private static final Instant AT = Instant.parse("2026-03-02T14:30:00Z");

    @Test
    void recognisesItsOwnPanicKillSwitchButNoOtherControlRecord() {
        ControlRecord panic = RiskRecords.flatten("ACC-1", new DrawdownMachine.Transition(DrawdownState.HALT,
                DrawdownState.PANIC, LocalDate.of(2026, 3, 2), "drawdown 11%", true), "snap-1", AT);
        ControlRecord recon = AutomaticControls.activate("recon-stream", new ControlKey.AccountKillSwitch("ACC-1"),
                KillSwitchMode.HALT_ONLY.name(), "RECONCILIATION", "ACC-1", "books differ", "recon-1", AT, Map.of());
        ControlRecord manual = ControlRecord.newBuilder(panic).setOrigin("MANUAL").setOperator("alice").build();

        assertThat(RiskRecords.writtenByTopology(panic)).isTrue();
        assertThat(RiskRecords.writtenByTopology(recon)).isFalse();
        assertThat(RiskRecords.writtenByTopology(manual)).isFalse();
        assertThat(RiskRecords.writtenByTopology(null)).isFalse();
    }
}
