package trading.safety.console.lag;

import java.time.Instant;
import java.util.List;

/**
 * One consumer group in a {@link LagReport}: its threshold, its lag in total and on its worst partition, its
 * alert state and since when it holds, and every partition it has committed an offset on.
 */
public record GroupLag(String groupId, long threshold, long totalLag, long maxLag, LagState state, Instant since,
        List<PartitionLag> partitions) {

    public GroupLag {
        partitions = List.copyOf(partitions);
    }

    public static GroupLag of(String groupId, List<PartitionLag> partitions, LagAlerting.GroupStatus status) {
        return new GroupLag(groupId, status.threshold(), PartitionLag.total(partitions), PartitionLag.max(partitions),
                status.state(), status.since(), partitions);
    }
}
