package trading.safety.recon.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import trading.safety.recon.domain.ExecutionKillRules;

class ExecutionActivitySerdeTest {

    private final ExecutionActivitySerde serde = new ExecutionActivitySerde();

    @Test
    void roundTripsSlicesAndTheRunOfFailures() {
        ExecutionKillRules.Activity activity = new ExecutionKillRules.Activity(List.of(
                new ExecutionKillRules.Slice(Instant.parse("2026-11-20T14:00:00Z"), 12, 3),
                new ExecutionKillRules.Slice(Instant.parse("2026-11-20T14:01:00Z"), 1, 0)), 2);

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", activity)))
                .isEqualTo(activity);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t",
                ExecutionKillRules.Activity.none()))).isEqualTo(ExecutionKillRules.Activity.none());
    }

    @Test
    void refusesAFormatItDoesNotKnow() {
        byte[] bytes = serde.serializer().serialize("t", ExecutionKillRules.Activity.none());
        bytes[0] = 7;

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes)).hasMessageContaining("format 7");
    }
}
