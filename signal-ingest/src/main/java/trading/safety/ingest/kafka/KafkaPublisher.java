package trading.safety.ingest.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.registry.SchemaRegistryException;
import trading.safety.contract.topic.Topic;

/**
 * Writes catalog records and returns only once Kafka acknowledged every one of them (idempotent
 * producer, acks=all), or throws within the configured bound. Nothing here ever waits unbounded.
 */
public final class KafkaPublisher implements AutoCloseable {

    /** A record to write with its key. */
    public record Keyed<V>(String key, V value) {
    }

    private final KafkaProducer<String, byte[]> producer;
    private final SchemaRegistry registry;
    private final Duration timeout;
    private final Map<String, Serializer<?>> serializers = new ConcurrentHashMap<>();

    public KafkaPublisher(String bootstrapServers, String clientId, SchemaRegistry registry, Duration timeout) {
        this.registry = registry;
        this.timeout = timeout;
        int timeoutMs = (int) timeout.toMillis();
        int lingerMs = 1;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs + lingerMs),
                new StringSerializer(), new ByteArraySerializer());
    }

    public Duration timeout() {
        return timeout;
    }

    /** Writes one record; see {@link #publishAll}. */
    public <V extends SpecificRecord> RecordMetadata publish(Topic<V> topic, String key, V value, long deadlineNanos) {
        return publishAll(topic, List.of(new Keyed<>(key, value)), deadlineNanos).get(0);
    }

    /**
     * Writes every record and waits for all acknowledgements until {@code deadlineNanos}
     * ({@link System#nanoTime()} based).
     *
     * @throws PublishFailedException when any write was not acknowledged in time or failed
     */
    public <V extends SpecificRecord> List<RecordMetadata> publishAll(Topic<V> topic, List<Keyed<V>> records,
            long deadlineNanos) {
        try {
            Serializer<V> serializer = serializer(topic);
            List<Future<RecordMetadata>> sends = new ArrayList<>(records.size());
            for (Keyed<V> record : records) {
                byte[] value = serializer.serialize(topic.name(), record.value());
                sends.add(producer.send(new ProducerRecord<>(topic.name(), record.key(), value)));
            }
            List<RecordMetadata> acknowledged = new ArrayList<>(sends.size());
            for (Future<RecordMetadata> send : sends) {
                long remaining = Math.max(0, deadlineNanos - System.nanoTime());
                acknowledged.add(send.get(remaining, TimeUnit.NANOSECONDS));
            }
            return acknowledged;
        } catch (TimeoutException e) {
            throw new PublishFailedException("no acknowledgement from Kafka within " + timeout, e);
        } catch (ExecutionException e) {
            throw new PublishFailedException("Kafka refused the write: " + e.getCause(), e.getCause());
        } catch (KafkaException | SchemaRegistryException e) {
            throw new PublishFailedException("cannot write to Kafka: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishFailedException("interrupted while waiting for Kafka", e);
        }
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> Serializer<V> serializer(Topic<V> topic) {
        return (Serializer<V>) serializers.computeIfAbsent(topic.name(),
                name -> topic.valueSerde(registry).serializer());
    }

    @Override
    public void close() {
        producer.close(timeout);
    }
}
