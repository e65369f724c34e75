package trading.safety.contract.topic;

import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificData;
import trading.safety.contract.registry.Compatibility;
import trading.safety.contract.registry.SchemaRegistry;

/**
 * Registers each topic's value schema under {@code <topic>-value} with BACKWARD compatibility
 * before a service starts, so an incompatible contract change stops the service at startup
 * rather than at its first write.
 */
public final class SchemaProvisioner {

    private final SchemaRegistry registry;
    private final Compatibility compatibility;

    public SchemaProvisioner(SchemaRegistry registry, Compatibility compatibility) {
        this.registry = registry;
        this.compatibility = compatibility;
    }

    /** @return subject name to registered schema id */
    public Map<String, Integer> provision(Collection<Topic<?>> topics) {
        Map<String, Integer> ids = new TreeMap<>();
        for (Topic<?> topic : topics) {
            registry.setCompatibility(topic.valueSubject(), compatibility);
            ids.put(topic.valueSubject(), registry.register(topic.valueSubject(),
                    SpecificData.getForClass(topic.valueType()).getSchema(topic.valueType())));
        }
        return ids;
    }
}
