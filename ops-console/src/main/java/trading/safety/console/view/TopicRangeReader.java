package trading.safety.console.view;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topic;

/**
 * Reads the committed records of one topic whose record timestamps lie in a range, on demand: each partition
 * from the first offset at or after {@code from} up to its end when the read began. A read that would scan
 * more than the configured number of records is refused rather than left to exhaust the console's memory.
 */
public final class TopicRangeReader {

    /** A record's value with its record timestamp. */
    public record Timed<V>(V value, Instant timestamp) {
    }

    /** The range holds more records than one read may scan. */
    public static final class TooManyRecordsException extends RuntimeException {
        public TooManyRecordsException(String message) {
            super(message);
        }
    }

    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

    private final String bootstrapServers;
    private final String clientId;
    private final SchemaRegistry registry;
    private final int maxRecords;

    public TopicRangeReader(String bootstrapServers, String clientId, SchemaRegistry registry, int maxRecords) {
        this.bootstrapServers = bootstrapServers;
        this.clientId = clientId;
        this.registry = registry;
        this.maxRecords = maxRecords;
    }

    /**
     * The values in [{@code from}, {@code to}] that {@code filter} keeps, in timestamp order; unreadable
     * records are skipped.
     */
    public <V extends SpecificRecord> List<Timed<V>> read(Topic<V> topic, Instant from, Instant to,
            Predicate<V> filter) {
        var deserializer = topic.valueSerde(registry).deserializer();
        List<Timed<V>> kept = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-range",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> times = new HashMap<>();
            partitions.forEach(p -> times.put(p, from.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> starts = consumer.offsetsForTimes(times);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp start = starts.get(partition);
                if (start == null) {
                    ends.remove(partition);
                    consumer.pause(List.of(partition));
                } else {
                    consumer.seek(partition, start.offset());
                }
            }
            long scanned = 0;
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (!ends.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic.name() + " took longer than " + READ_TIMEOUT);
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    Long end = ends.get(partition);
                    if (end == null || record.offset() >= end) {
                        continue;
                    }
                    if (++scanned > maxRecords) {
                        throw new TooManyRecordsException(topic.name() + " holds more than " + maxRecords
                                + " records in this range; narrow it");
                    }
                    if (record.timestamp() > to.toEpochMilli() || record.value() == null) {
                        continue;
                    }
                    V value;
                    try {
                        value = deserializer.deserialize(topic.name(), record.value());
                    } catch (RuntimeException unreadable) {
                        continue;
                    }
                    if (filter.test(value)) {
                        kept.add(new Timed<>(value, Instant.ofEpochMilli(record.timestamp())));
                    }
                }
                ends.entrySet().removeIf(e -> {
                    boolean done = consumer.position(e.getKey()) >= e.getValue();
                    if (done) {
                        consumer.pause(List.of(e.getKey()));
                    }
                    return done;
                });
            }
        }
        kept.sort(Comparator.comparing(Timed::timestamp));
        return kept;
    }
}
