package trading.safety.risk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class RecentActivityTest {

    private static final Instant NOW = Instant.parse("2026-03-02T15:00:00Z");

    @Test
    void countsApprovedOrdersOfTheLastMinutePerStrategyAndPerAccount() {
        RecentActivity activity = RecentActivity.empty();
        for (int i = 0; i < 5; i++) {
            activity = activity.record("momentum", true, NOW.plusSeconds(i));
        }
        activity = activity.record("breakout", true, NOW.plusSeconds(10));
        activity = activity.record("breakout", false, NOW.plusSeconds(11));

        assertThat(activity.ordersLastMinute("momentum", NOW.plusSeconds(30))).isEqualTo(5);
        assertThat(activity.ordersLastMinute("breakout", NOW.plusSeconds(30))).isEqualTo(1);
        assertThat(activity.ordersLastMinute(NOW.plusSeconds(30))).isEqualTo(6);
        assertThat(activity.ordersLastMinute(NOW.plusSeconds(62))).as("the first three aged out").isEqualTo(3);
    }

    @Test
    void forgetsWhatAgedOutWhenItRecords() {
        RecentActivity activity = RecentActivity.empty().record("momentum", true, NOW);

        RecentActivity later = activity.record("momentum", true, NOW.plusSeconds(120));
        RecentActivity rejected = activity.record("momentum", false, NOW.plusSeconds(30));

        assertThat(later.orders()).containsExactly(new RecentActivity.ApprovedOrder("momentum", NOW.plusSeconds(120)));
        assertThat(rejected).as("a rejection within the minute changes nothing").isSameAs(activity);
    }
}
