package trading.safety.service.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topic;

/**
 * Writes contract records to a real broker and reads back what services committed, for integration tests.
 * Reads are read_committed from the topic's beginning, so a record an aborted transaction wrote is never
 * seen, and a duplicate of an earlier record counts.
 */
public final class TopicProbe implements AutoCloseable {

    private final String bootstrapServers;
    private final SchemaRegistry registry;
    private final KafkaProducer<String, byte[]> producer;

    public TopicProbe(String bootstrapServers, SchemaRegistry registry) {
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new ByteArraySerializer());
    }

    /** Appends a record and waits for the broker's acknowledgement. */
    public <V extends SpecificRecord> void send(Topic<V> topic, String key, V value) throws Exception {
        producer.send(new ProducerRecord<>(topic.name(), key,
                topic.valueSerde(registry).serializer().serialize(topic.name(), value))).get();
    }

    /**
     * Waits until {@code count} committed records with {@code key} that match {@code filter} are on the topic,
     * and returns them; fails if more than {@code count} are there by then. One key's records share a
     * partition, in order, so a duplicate of an earlier record arrives before the last one awaited.
     */
    public <V extends SpecificRecord> List<V> awaitCommitted(Topic<V> topic, String key, int count,
            Predicate<V> filter) {
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = reader(topic)) {
            var deserializer = topic.valueSerde(registry).deserializer();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        V value = deserializer.deserialize(topic.name(), record.value());
                        if (filter.test(value)) {
                            seen.add(value);
                        }
                    }
                }
                return seen.size() >= count;
            });
        }
        assertThat(seen).as(topic.name()).hasSize(count);
        return seen;
    }

    public <V extends SpecificRecord> List<V> awaitCommitted(Topic<V> topic, String key, int count) {
        return awaitCommitted(topic, key, count, value -> true);
    }

    /** Every committed record with {@code key} on the topic now (reads until the end offsets). */
    public <V extends SpecificRecord> List<V> committed(Topic<V> topic, String key) {
        return committed(topic, key::equals);
    }

    /** Every committed record on the topic now whose key matches (reads until the end offsets). */
    public <V extends SpecificRecord> List<V> committed(Topic<V> topic, Predicate<String> keys) {
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = reader(topic)) {
            var deserializer = topic.valueSerde(registry).deserializer();
            var ends = consumer.endOffsets(consumer.assignment());
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    if (record.key() != null && keys.test(record.key())) {
                        seen.add(deserializer.deserialize(topic.name(), record.value()));
                    }
                }
                return ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
        }
        return seen;
    }

    private KafkaConsumer<String, byte[]> reader(Topic<?> topic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    @Override
    public void close() {
        producer.close();
    }
}
