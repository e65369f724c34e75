package trading.safety.risk.processor;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import trading.safety.risk.domain.DataQualityGate;

class SymbolQualityStateSerdeTest {

    private final SymbolQualityStateSerde serde = new SymbolQualityStateSerde();
    private final DataQualityGate gate = DataQualityGate.runbookDefaults();

    @Test
    void storesAYearOfStateCompactlyAndReadsItBackUnchanged() {
        DataQualityGate.State state = DataQualityGate.State.empty();
        Instant start = Instant.parse("2025-01-01T21:00:00Z");
        for (int day = 0; day < 400; day += (day % 7 == 4) ? 3 : 1) {
            state = gate.onBar(state, start.plus(Duration.ofDays(day)), day % 13 == 0 ? null : BigDecimal.valueOf(day + 1));
        }
        state = gate.onBar(state, start.plus(Duration.ofDays(401)), new BigDecimal("9999"));

        byte[] bytes = serde.serializer().serialize("t", state);
        DataQualityGate.State back = serde.deserializer().deserialize("t", bytes);

        assertThat(bytes.length).isLessThan(400);
        assertThat(back).isEqualTo(state);
        assertThat(serde.deserializer().deserialize("t", serde.serializer().serialize("t",
                DataQualityGate.State.empty()))).isEqualTo(DataQualityGate.State.empty());
    }
}
