package trading.safety.recon.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import trading.safety.recon.domain.StrategyBreaker;

class BreakerFailuresSerdeTest {

    private final BreakerFailuresSerde serde = new BreakerFailuresSerde();

    @Test
    void roundTripsTheFailureTimes() {
        StrategyBreaker.Failures failures = new StrategyBreaker.Failures(List.of(
                Instant.parse("2026-11-20T14:30:00.123Z"), Instant.parse("2026-11-20T14:31:00Z")));

        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t", failures)))
                .isEqualTo(failures);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t",
                StrategyBreaker.Failures.none()))).isEqualTo(StrategyBreaker.Failures.none());
    }

    @Test
    void refusesAFormatItDoesNotKnow() {
        byte[] bytes = serde.serializer().serialize("t", StrategyBreaker.Failures.none());
        bytes[0] = 3;

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes)).hasMessageContaining("format 3");
    }
}
