package trading.safety.service.streams;

import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueBytesStoreSupplier;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topic;

/**
 * Named sources, sinks and stores for the Streams services' topologies; serdes come from the topic catalog.
 */
public final class TopologyNodes {

    private TopologyNodes() {
    }

    /** Adds a source named {@code name} reading {@code topic}; answers the name. */
    public static String source(Topology topology, String name, Topic<? extends SpecificRecord> topic,
            SchemaRegistry registry) {
        topology.addSource(name, topic.keySerde().deserializer(), topic.valueSerde(registry).deserializer(),
                topic.name());
        return name;
    }

    /**
     * Adds a global store named {@code store} that holds the latest value bytes per key of the compacted
     * {@code topic} (undecoded, so a record that cannot be read still occupies its key and its reader can fail
     * closed on it), fed by the source {@code sourceName} and the processor {@code processorName}.
     */
    public static void latestBytesGlobalStore(Topology topology, String store, Topic<? extends SpecificRecord> topic,
            String sourceName, String processorName) {
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(), sourceName,
                Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topic.name(),
                processorName, () -> new LatestBytesProcessor(store));
    }

    /** A key-value store: RocksDB for a running service, in memory for tests and replays. */
    public static KeyValueBytesStoreSupplier keyValueStore(String name, boolean durable) {
        return durable ? Stores.persistentKeyValueStore(name) : Stores.inMemoryKeyValueStore(name);
    }

    /**
     * A window store of single-record windows (a key remembered at its record time for {@code retention}), no
     * duplicates: RocksDB for a running service, in memory for tests and replays.
     */
    public static WindowBytesStoreSupplier windowStore(String name, Duration retention, boolean durable) {
        return windowStore(name, retention, durable, false);
    }

    /**
     * As {@link #windowStore(String, Duration, boolean)}; with {@code duplicates}, every put is kept, even
     * under a key and time already stored (such a store is never cached).
     */
    public static WindowBytesStoreSupplier windowStore(String name, Duration retention, boolean durable,
            boolean duplicates) {
        return durable ? Stores.persistentWindowStore(name, retention, Duration.ofMillis(1), duplicates)
                : Stores.inMemoryWindowStore(name, retention, Duration.ofMillis(1), duplicates);
    }

    /** Adds a sink named {@code name} writing {@code topic}, fed by {@code parents}. */
    @SuppressWarnings("unchecked")
    public static void sink(Topology topology, String name, Topic<? extends SpecificRecord> topic,
            SchemaRegistry registry, String... parents) {
        topology.addSink(name, topic.name(), topic.keySerde().serializer(),
                (Serializer<SpecificRecord>) topic.valueSerde(registry).serializer(), parents);
    }
}
