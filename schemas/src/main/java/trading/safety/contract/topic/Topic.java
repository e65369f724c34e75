package trading.safety.contract.topic;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.AvroSerde;

/**
 * One topic of the catalog: its name, what its key means, its value record, and the settings it
 * must be created with. Keys are always strings; values are always Avro in the Confluent wire
 * format. Immutable.
 *
 * @param retention how long records are kept; {@code null} for compacted topics (kept forever)
 */
public record Topic<V extends SpecificRecord>(
        String name,
        String keyMeaning,
        Class<V> valueType,
        int partitions,
        CleanupPolicy cleanupPolicy,
        Duration retention) {

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(valueType, "valueType");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        if (partitions < 1) {
            throw new IllegalArgumentException(name + ": partitions must be at least 1");
        }
        if ((cleanupPolicy == CleanupPolicy.DELETE) == (retention == null)) {
            throw new IllegalArgumentException(name + ": a delete topic needs a retention, a compacted one none");
        }
    }

    public Serde<String> keySerde() {
        return Serdes.String();
    }

    /** A new value serde bound to {@code registry}; build one per service and reuse it. */
    public AvroSerde<V> valueSerde(SchemaRegistry registry) {
        return new AvroSerde<>(registry, valueType);
    }

    /** The registry subject of the value schema. */
    public String valueSubject() {
        return SchemaRegistry.valueSubject(name);
    }

    /** The topic-level configs the provisioner creates the topic with. */
    public Map<String, String> configs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue());
        configs.put(TopicConfig.RETENTION_MS_CONFIG, retention == null ? "-1" : Long.toString(retention.toMillis()));
        return configs;
    }
}
