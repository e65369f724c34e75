package trading.safety.contract.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import trading.safety.v1.ControlRecord;

/** The catalog matches DESIGN section 3 (names here are the test of the catalog, so they are literals). */
class TopicsTest {

    @Test
    void catalogsEveryTopicOfTheDesignOnce() {
        Set<String> names = Topics.ALL.stream().map(Topic::name).collect(Collectors.toSet());

        assertThat(Topics.ALL).hasSize(16);
        assertThat(names).hasSize(16).containsExactlyInAnyOrder(
                "trading.signals.v1", "trading.market-data.v1", "trading.signal-decisions.v1",
                "trading.order-intents.v1", "trading.order-events.v1", "trading.fills.v1",
                "trading.broker-snapshots.v1", "trading.broker-status.v1", "trading.risk-state.v1",
                "trading.symbol-quality.v1", "trading.recon-results.v1", "trading.strategy-health.v1", "trading.control.v1",
                "trading.alerts.v1", "trading.audit.v1", "trading.dlq.v1");
    }

    @Test
    void compactsExactlyTheStateTopics() {
        Set<String> compacted = Topics.ALL.stream()
                .filter(t -> t.cleanupPolicy() == CleanupPolicy.COMPACT)
                .map(Topic::name)
                .collect(Collectors.toSet());

        assertThat(compacted).containsExactlyInAnyOrder("trading.broker-status.v1", "trading.risk-state.v1",
                "trading.symbol-quality.v1", "trading.strategy-health.v1", "trading.control.v1");
    }

    @Test
    void keepsRecordsAsLongAsTheDesignSays() {
        assertThat(Topics.SIGNALS.retention()).isEqualTo(Duration.ofDays(30));
        assertThat(Topics.SIGNAL_DECISIONS.retention()).isEqualTo(Duration.ofDays(90));
        assertThat(Topics.FILLS.retention()).isGreaterThanOrEqualTo(Duration.ofDays(730));
        assertThat(Topics.RECON_RESULTS.retention()).isGreaterThanOrEqualTo(Duration.ofDays(730));
        assertThat(Topics.AUDIT.retention()).isGreaterThanOrEqualTo(Duration.ofDays(7 * 365));
        assertThat(Topics.CONTROL.configs()).containsEntry("cleanup.policy", "compact");
        assertThat(Topics.DLQ.configs()).containsEntry("retention.ms", Long.toString(Duration.ofDays(30).toMillis()));
    }

    @Test
    void coPartitionsEveryAccountKeyedTopic() {
        assertThat(Topics.ALL.stream().filter(t -> t.keyMeaning().equals("accountId")).map(Topic::partitions))
                .containsOnly(Topics.KEYED_PARTITIONS);
    }

    @Test
    void namesTheValueSubjectAfterTheTopic() {
        assertThat(Topics.CONTROL.valueSubject()).isEqualTo("trading.control.v1-value");
        assertThat(Topics.byName("trading.control.v1")).contains(Topics.CONTROL);
        assertThat(Topics.byName("trading.nope.v1")).isEmpty();
    }

    @Test
    void refusesATopicWhoseRetentionContradictsItsPolicy() {
        assertThatThrownBy(() -> new Topic<>("t", "k", ControlRecord.class, 1, CleanupPolicy.COMPACT,
                Duration.ofDays(1))).hasMessageContaining("t:");
        assertThatThrownBy(() -> new Topic<>("t", "k", ControlRecord.class, 0, CleanupPolicy.COMPACT, null))
                .hasMessageContaining("partitions");
    }
}
