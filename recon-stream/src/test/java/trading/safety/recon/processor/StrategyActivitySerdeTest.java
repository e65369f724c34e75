package trading.safety.recon.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import trading.safety.recon.domain.StrategyHealth.Activity;
import trading.safety.recon.domain.StrategyHealth.Day;

class StrategyActivitySerdeTest {

    private final StrategyActivitySerde serde = new StrategyActivitySerde();

    @Test
    void roundTripsAnEmptyActivity() {
        byte[] bytes = serde.serializer().serialize("t", Activity.none());

        Activity back = serde.deserializer().deserialize("t", bytes);

        assertThat(bytes).hasSize(5);
        assertThat(back).isEqualTo(Activity.none());
        assertThat(back.days()).isEmpty();
    }

    @Test
    void roundTripsSeveralDaysExactly() {
        Activity activity = new Activity(List.of(
                new Day(LocalDate.parse("2026-10-03"), 12, 3, 4, new BigDecimal("-1234.56789012")),
                new Day(LocalDate.parse("2026-10-31"), 0, 2, 0, new BigDecimal("0.00000001")),
                new Day(LocalDate.parse("2026-11-02"), 40, 40, 9, new BigDecimal("98765.4321"))));

        Activity back = serde.deserializer().deserialize("t", serde.serializer().serialize("t", activity));

        assertThat(back).isEqualTo(activity);
        assertThat(back.days()).extracting(Day::date).containsExactly(LocalDate.parse("2026-10-03"),
                LocalDate.parse("2026-10-31"), LocalDate.parse("2026-11-02"));
        assertThat(back.days().get(0).netPnl()).isEqualTo(new BigDecimal("-1234.56789012"));
        assertThat(back.days().get(1).rejections()).isEqualTo(2);
        assertThat(back.days().get(2).netPnl()).isEqualTo(new BigDecimal("98765.43210000"));
    }

    @Test
    void aMissingValueStaysMissing() {
        assertThat(serde.serializer().serialize("t", null)).isNull();
        assertThat(serde.deserializer().deserialize("t", null)).isNull();
    }

    @Test
    void refusesAFormatItDoesNotKnow() {
        byte[] bytes = serde.serializer().serialize("t", Activity.none());
        bytes[0] = 9;

        assertThatThrownBy(() -> serde.deserializer().deserialize("t", bytes))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("strategy activity format 9 is not known (expected 1)");
    }
}
