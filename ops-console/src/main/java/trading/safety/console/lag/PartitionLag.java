package trading.safety.console.lag;

import java.util.Collection;

/**
 * One partition a group has committed an offset on: the committed offset, the partition's end offset as a
 * read_committed consumer sees it (the last stable offset), and the records between them. The lag is never
 * negative: a commit beyond that end (a read_uncommitted consumer ahead of an open transaction) is no lag.
 */
public record PartitionLag(String topic, int partition, long committed, long end, long lag) {

    public static PartitionLag of(String topic, int partition, long committed, long end) {
        return new PartitionLag(topic, partition, committed, end, Math.max(0, end - committed));
    }

    /** The sum of the partitions' lag. */
    public static long total(Collection<PartitionLag> partitions) {
        return partitions.stream().mapToLong(PartitionLag::lag).sum();
    }

    /** The largest lag of one partition; 0 when there are none. */
    public static long max(Collection<PartitionLag> partitions) {
        return partitions.stream().mapToLong(PartitionLag::lag).max().orElse(0);
    }
}
