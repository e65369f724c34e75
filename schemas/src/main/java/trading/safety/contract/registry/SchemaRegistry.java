package trading.safety.contract.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * The subset of the Confluent Schema Registry API this system uses. Implementations are
 * thread-safe; {@link #register} is idempotent for an identical schema.
 */
public interface SchemaRegistry {

    /** Registers {@code schema} under {@code subject} and returns its global id. */
    int register(String subject, Schema schema);

    /**
     * Returns the schema with this global id.
     *
     * @throws SchemaNotFoundException when the registry has no schema with that id
     */
    Schema schemaById(int id);

    /** Sets the compatibility level that new versions of {@code subject} must satisfy. */
    void setCompatibility(String subject, Compatibility level);

    /** Returns the compatibility level in force for {@code subject} (its own, else the global one). */
    Compatibility compatibility(String subject);

    /**
     * Tests {@code schema} against the latest version of {@code subject} under the subject's
     * compatibility level, without registering it. A subject with no versions accepts anything.
     */
    CompatibilityResult checkCompatibility(String subject, Schema schema);

    /** Lists every subject with at least one version. */
    List<String> subjects();

    /** The subject under which a topic's value schema is registered. */
    static String valueSubject(String topic) {
        return topic + "-value";
    }
}
