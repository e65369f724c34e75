package trading.safety.console.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Reads lag through the admin client in three calls, each bounded by the timeout: the consumer groups
 * (consumer-protocol and classic-protocol groups, which include Kafka Streams applications and groups that
 * only commit offsets), their committed offsets, and the read_committed end offsets of those partitions.
 *
 * <p>A partition without a committed offset is left out: the group has not consumed it yet, and where it
 * starts is the consumer's reset policy, not a backlog. A partition whose topic was deleted is left out
 * too (its committed offset outlives the topic until offsets expire). A group deleted between the calls is
 * left out. Any other failure, including one coordinator or leader not answering, fails the read: a
 * partial listing would make the missing groups look gone and resolve their alerts.
 */
final class AdminLagReader implements CommittedLagReader {

    private static final Comparator<TopicPartition> BY_TOPIC_AND_PARTITION = Comparator
            .comparing(TopicPartition::topic).thenComparingInt(TopicPartition::partition);

    private final Admin admin;
    private final Duration timeout;
    private final int timeoutMs;

    AdminLagReader(Admin admin, Duration timeout) {
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("admin timeout must be positive, was " + timeout);
        }
        this.admin = admin;
        this.timeout = timeout;
        this.timeoutMs = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    @Override
    public Map<String, List<PartitionLag>> read() throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, Map<TopicPartition, Long>> committed = committedOffsets(groups());
        Set<TopicPartition> partitions = new HashSet<>();
        committed.values().forEach(offsets -> partitions.addAll(offsets.keySet()));
        Map<TopicPartition, Long> ends = endOffsets(partitions);
        Map<String, List<PartitionLag>> lag = new TreeMap<>();
        committed.forEach((group, offsets) -> {
            List<PartitionLag> partitionLags = new ArrayList<>();
            offsets.keySet().stream().filter(ends::containsKey).sorted(BY_TOPIC_AND_PARTITION).forEach(tp ->
                    partitionLags.add(PartitionLag.of(tp.topic(), tp.partition(), offsets.get(tp), ends.get(tp))));
            lag.put(group, List.copyOf(partitionLags));
        });
        return lag;
    }

    private Set<String> groups() throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> groups = new HashSet<>();
        for (GroupListing listing : await(admin.listGroups(ListGroupsOptions.forConsumerGroups().timeoutMs(timeoutMs))
                .all())) {
            groups.add(listing.groupId());
        }
        return groups;
    }

    private Map<String, Map<TopicPartition, Long>> committedOffsets(Set<String> groups)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (groups.isEmpty()) {
            return Map.of();
        }
        Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
        groups.forEach(group -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
        ListConsumerGroupOffsetsResult result = admin.listConsumerGroupOffsets(specs,
                new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs));
        Map<String, Map<TopicPartition, Long>> committed = new HashMap<>();
        for (String group : groups) {
            Map<TopicPartition, OffsetAndMetadata> offsets;
            try {
                offsets = await(result.partitionsToOffsetAndMetadata(group));
            } catch (ExecutionException e) {
                if (e.getCause() instanceof GroupIdNotFoundException) {
                    continue;
                }
                throw e;
            }
            Map<TopicPartition, Long> known = new HashMap<>();
            offsets.forEach((tp, offset) -> {
                // The admin client answers null for a partition the group has no committed offset on.
                if (offset != null) {
                    known.put(tp, offset.offset());
                }
            });
            committed.put(group, known);
        }
        return committed;
    }

    private Map<TopicPartition, Long> endOffsets(Set<TopicPartition> partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (partitions.isEmpty()) {
            return Map.of();
        }
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(tp -> latest.put(tp, OffsetSpec.latest()));
        // read_committed: the end is the last stable offset, so commit markers and open transactions are no lag.
        ListOffsetsResult result = admin.listOffsets(latest,
                new ListOffsetsOptions(IsolationLevel.READ_COMMITTED).timeoutMs(timeoutMs));
        Map<TopicPartition, Long> ends = new HashMap<>();
        for (TopicPartition tp : partitions) {
            try {
                ends.put(tp, await(result.partitionResult(tp)).offset());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
            }
        }
        return ends;
    }

    private <T> T await(KafkaFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
}
