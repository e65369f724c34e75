package trading.safety.console.replay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every partition of some topics, read_committed, from the earliest retained offset up to the end
 * offsets of one moment (taken for all partitions at once when reading starts), so records appended while it
 * reads are left for the next time. Assigned partitions, no consumer group, nothing committed.
 */
final class SnapshotReader {

    private static final int MAX_POLL_RECORDS = 10_000;

    private final Map<String, Object> consumerConfig;
    private final Duration timeout;

    /** @param consumerConfig how to reach the cluster (bootstrap servers, security); the rest is set here */
    SnapshotReader(Map<String, Object> consumerConfig, Duration timeout) {
        this.consumerConfig = new HashMap<>(consumerConfig);
        this.consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        this.consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        this.consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        this.consumerConfig.remove(ConsumerConfig.GROUP_ID_CONFIG);
        this.timeout = timeout;
    }

    /** Hands each record to {@code onRecord}, each partition in offset order; fails after the timeout. */
    void read(List<String> topics, Consumer<ConsumerRecord<byte[], byte[]>> onRecord) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerConfig, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            long deadline = System.nanoTime() + timeout.toNanos();
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : topics) {
                List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
                if (infos == null || infos.isEmpty()) {
                    throw new IllegalStateException("topic " + topic + " does not exist");
                }
                infos.forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
            List<TopicPartition> remaining = new ArrayList<>(partitions);
            while (true) {
                remaining.removeIf(partition -> consumer.position(partition, timeout) >= ends.get(partition));
                if (remaining.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topics + " did not finish within " + timeout
                            + "; still behind on " + remaining);
                }
                // Partitions already at their end offset stop fetching; what is appended after it is not ours.
                consumer.pause(partitions.stream().filter(partition -> !remaining.contains(partition)).toList());
                ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                for (TopicPartition partition : records.partitions()) {
                    long end = ends.get(partition);
                    for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
                        if (record.offset() < end) {
                            onRecord.accept(record);
                        }
                    }
                }
            }
        }
    }
}
