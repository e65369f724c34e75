package trading.safety.contract.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * A registry held in memory, for unit tests and benchmarks. It enforces NONE, BACKWARD and
 * BACKWARD_TRANSITIVE the way a real registry does; other levels are accepted as BACKWARD.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final AtomicInteger nextId = new AtomicInteger(1);
    private final Map<Integer, Schema> byId = new ConcurrentHashMap<>();
    private final Map<String, List<Schema>> versions = new ConcurrentHashMap<>();
    private final Map<String, Integer> ids = new ConcurrentHashMap<>();
    private final Map<String, Compatibility> levels = new ConcurrentHashMap<>();
    private volatile Compatibility globalLevel = Compatibility.BACKWARD;

    @Override
    public synchronized int register(String subject, Schema schema) {
        Integer existing = ids.get(subject + "\n" + schema);
        if (existing != null) {
            return existing;
        }
        CompatibilityResult result = checkCompatibility(subject, schema);
        if (!result.compatible()) {
            throw new IncompatibleSchemaException(subject, compatibility(subject), result.messages());
        }
        int id = byId.entrySet().stream()
                .filter(e -> e.getValue().equals(schema))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseGet(nextId::getAndIncrement);
        byId.put(id, schema);
        versions.computeIfAbsent(subject, s -> new ArrayList<>()).add(schema);
        ids.put(subject + "\n" + schema, id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema schema = byId.get(id);
        if (schema == null) {
            throw new SchemaNotFoundException(id);
        }
        return schema;
    }

    @Override
    public void setCompatibility(String subject, Compatibility level) {
        levels.put(subject, level);
    }

    /** Sets the level used by subjects without their own. */
    public void setGlobalCompatibility(Compatibility level) {
        globalLevel = level;
    }

    @Override
    public Compatibility compatibility(String subject) {
        return levels.getOrDefault(subject, globalLevel);
    }

    @Override
    public synchronized CompatibilityResult checkCompatibility(String subject, Schema schema) {
        List<Schema> existing = versions.getOrDefault(subject, List.of());
        Compatibility level = compatibility(subject);
        if (existing.isEmpty() || level == Compatibility.NONE) {
            return CompatibilityResult.ok();
        }
        List<Schema> against = level.name().endsWith("TRANSITIVE")
                ? existing
                : List.of(existing.get(existing.size() - 1));
        List<String> messages = new ArrayList<>();
        for (Schema writer : against) {
            SchemaPairCompatibility pair = SchemaCompatibility.checkReaderWriterCompatibility(schema, writer);
            pair.getResult().getIncompatibilities().forEach(i -> messages.add(
                    i.getType() + " at " + i.getLocation() + ": " + i.getMessage()));
        }
        return new CompatibilityResult(messages.isEmpty(), messages);
    }

    @Override
    public List<String> subjects() {
        return List.copyOf(versions.keySet());
    }
}
