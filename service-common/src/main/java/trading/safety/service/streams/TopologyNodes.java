package trading.safety.service.streams;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topic;

/** Named sources and sinks whose serdes come from the topic catalog, for the Streams services' topologies. */
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

    /** Adds a sink named {@code name} writing {@code topic}, fed by {@code parent}. */
    @SuppressWarnings("unchecked")
    public static void sink(Topology topology, String name, Topic<? extends SpecificRecord> topic,
            SchemaRegistry registry, String parent) {
        topology.addSink(name, topic.name(), topic.keySerde().serializer(),
                (Serializer<SpecificRecord>) topic.valueSerde(registry).serializer(), parent);
    }
}
