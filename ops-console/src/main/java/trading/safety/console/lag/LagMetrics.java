package trading.safety.console.lag;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;

/**
 * The lag gauges, replaced as a whole from each successful check so a group or partition that is gone stops
 * being reported. Prometheus names: {@code consumer_group_lag{group,topic,partition}},
 * {@code consumer_group_total_lag{group}} and {@code consumer_lag_alert{group}} (1 while ALERTING). The total
 * is not called {@code ..._lag_total}: the Prometheus registry strips a gauge's {@code _total} suffix, which
 * would collide with the per-partition gauge.
 */
final class LagMetrics {

    static final String PARTITION_LAG = "consumer.group.lag";
    static final String GROUP_TOTAL_LAG = "consumer.group.total.lag";
    static final String ALERTING = "consumer.lag.alert";

    private final MultiGauge partitionLag;
    private final MultiGauge groupTotalLag;
    private final MultiGauge alerting;

    LagMetrics(MeterRegistry registry) {
        partitionLag = MultiGauge.builder(PARTITION_LAG)
                .description("Records between a consumer group's committed offset and the partition's end")
                .register(registry);
        groupTotalLag = MultiGauge.builder(GROUP_TOTAL_LAG)
                .description("A consumer group's lag summed over its partitions, in records")
                .register(registry);
        alerting = MultiGauge.builder(ALERTING)
                .description("1 while a consumer group's lag alert is open, else 0")
                .register(registry);
    }

    void update(List<GroupLag> groups) {
        List<MultiGauge.Row<?>> partitions = new ArrayList<>();
        List<MultiGauge.Row<?>> totals = new ArrayList<>();
        List<MultiGauge.Row<?>> alerts = new ArrayList<>();
        for (GroupLag group : groups) {
            Tags groupTag = Tags.of("group", group.groupId());
            for (PartitionLag partition : group.partitions()) {
                partitions.add(MultiGauge.Row.of(groupTag.and("topic", partition.topic(),
                        "partition", Integer.toString(partition.partition())), partition.lag()));
            }
            totals.add(MultiGauge.Row.of(groupTag, group.totalLag()));
            alerts.add(MultiGauge.Row.of(groupTag, group.state() == LagState.ALERTING ? 1 : 0));
        }
        partitionLag.register(partitions, true);
        groupTotalLag.register(totals, true);
        alerting.register(alerts, true);
    }
}
