package trading.safety.console.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LagArithmeticTest {

    @Test
    void lagIsTheRecordsBetweenTheCommittedOffsetAndTheEnd() {
        assertThat(PartitionLag.of("t", 0, 40, 100).lag()).isEqualTo(60);
        assertThat(PartitionLag.of("t", 0, 100, 100).lag()).isZero();
    }

    @Test
    void aCommitBeyondTheEndIsNoLag() {
        PartitionLag ahead = PartitionLag.of("t", 3, 120, 100);

        assertThat(ahead.lag()).isZero();
        assertThat(ahead.committed()).isEqualTo(120);
        assertThat(ahead.end()).isEqualTo(100);
    }

    @Test
    void aGroupsTotalIsTheSumAndItsMaxTheWorstPartition() {
        List<PartitionLag> partitions = List.of(PartitionLag.of("a", 0, 0, 7), PartitionLag.of("a", 1, 5, 5),
                PartitionLag.of("b", 0, 10, 3), PartitionLag.of("b", 1, 1, 31));
        Instant since = Instant.parse("2026-11-23T14:30:00Z");

        GroupLag group = GroupLag.of("risk", partitions,
                new LagAlerting.GroupStatus(LagState.EXCEEDING, since, 20));

        assertThat(group.totalLag()).isEqualTo(37);
        assertThat(group.maxLag()).isEqualTo(30);
        assertThat(group.threshold()).isEqualTo(20);
        assertThat(group.state()).isEqualTo(LagState.EXCEEDING);
        assertThat(group.since()).isEqualTo(since);
    }

    @Test
    void aGroupWithoutPartitionsHasNoLag() {
        assertThat(PartitionLag.total(List.of())).isZero();
        assertThat(PartitionLag.max(List.of())).isZero();
    }

    @Test
    void aGroupOverrideReplacesTheDefaultThreshold() {
        LagPolicy policy = new LagPolicy(100, Map.of("replay", 5_000L), Duration.ofSeconds(30));

        assertThat(policy.thresholdFor("replay")).isEqualTo(5_000);
        assertThat(policy.thresholdFor("risk")).isEqualTo(100);
    }

    @Test
    void refusesAPolicyNamingEveryBadField() {
        assertThatThrownBy(() -> new LagPolicy(-1, Map.of("g", -2L), Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("defaultThreshold")
                .hasMessageContaining("groupThresholds[g]")
                .hasMessageContaining("sustain");
    }

    @Test
    void defaultsAlertAfterThirtySecondsOverAThousandRecords() {
        LagPolicy defaults = LagPolicy.defaults();

        assertThat(defaults.thresholdFor("any")).isEqualTo(1_000);
        assertThat(defaults.sustain()).isEqualTo(Duration.ofSeconds(30));
    }
}
