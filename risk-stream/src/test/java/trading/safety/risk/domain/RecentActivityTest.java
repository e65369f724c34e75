package trading.safety.risk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.v1.Side;
import trading.safety.v1.TradeSignal;

class RecentActivityTest {

    private static final Instant NOW = Instant.parse("2026-03-02T15:00:00Z");
    private static final Duration WINDOW = Duration.ofSeconds(60);

    @Test
    void flagsTheSameIntentUnderAnotherSignalIdWithinTheWindowOnly() {
        RecentActivity activity = RecentActivity.empty().record(signal("a", "10", "momentum"), true, NOW, WINDOW);

        assertThat(activity.isDuplicate(signal("b", "10.000", "momentum"), NOW.plusSeconds(60), WINDOW)).isTrue();
        assertThat(activity.isDuplicate(signal("b", "10", "momentum"), NOW.plusSeconds(61), WINDOW)).isFalse();
        assertThat(activity.isDuplicate(signal("a", "10", "momentum"), NOW.plusSeconds(1), WINDOW))
                .as("the same signalId is a replay, handled before the checks").isFalse();
        assertThat(activity.isDuplicate(signal("c", "11", "momentum"), NOW.plusSeconds(1), WINDOW)).isFalse();
        assertThat(activity.isDuplicate(signal("c", "10", "breakout"), NOW.plusSeconds(1), WINDOW)).isFalse();
    }

    @Test
    void countsApprovedOrdersOfTheLastMinutePerStrategyAndPerAccount() {
        RecentActivity activity = RecentActivity.empty();
        for (int i = 0; i < 5; i++) {
            activity = activity.record(signal("m" + i, "1", "momentum"), true, NOW.plusSeconds(i), WINDOW);
        }
        activity = activity.record(signal("b1", "1", "breakout"), true, NOW.plusSeconds(10), WINDOW);
        activity = activity.record(signal("r1", "1", "breakout"), false, NOW.plusSeconds(11), WINDOW);

        assertThat(activity.ordersLastMinute("momentum", NOW.plusSeconds(30))).isEqualTo(5);
        assertThat(activity.ordersLastMinute("breakout", NOW.plusSeconds(30))).isEqualTo(1);
        assertThat(activity.ordersLastMinute(NOW.plusSeconds(30))).isEqualTo(6);
        assertThat(activity.ordersLastMinute(NOW.plusSeconds(62))).as("the first three aged out").isEqualTo(3);
    }

    @Test
    void forgetsWhatAgedOutWhenItRecords() {
        RecentActivity activity = RecentActivity.empty().record(signal("a", "1", "momentum"), true, NOW, WINDOW);

        TradeSignal b = signal("b", "2", "momentum");
        RecentActivity later = activity.record(b, true, NOW.plusSeconds(120), WINDOW);

        assertThat(later.signals()).containsExactly(
                RecentActivity.SeenSignal.of(RecentActivity.fingerprint(b), "b", NOW.plusSeconds(120)));
        assertThat(later.orders()).hasSize(1);
    }

    private static TradeSignal signal(String signalId, String quantity, String strategy) {
        return SampleRecords.signal().setSignalId(signalId).setStrategyId(strategy).setSide(Side.BUY)
                .setQuantity(Decimals.of(quantity)).setCreatedAt(NOW).build();
    }
}
