package trading.safety.recon.processor;

import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Which strategy each intent belongs to, remembered for {@code memory} from the intent's record time, so the
 * intent's order events and fills (which carry no strategy) can be attributed.
 */
final class IntentStrategies {

    /** How far an intent's record time may be after its fill's or order event's (different writers' clocks). */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private final WindowStore<String, String> store;
    private final Duration memory;

    IntentStrategies(WindowStore<String, String> store, Duration memory) {
        this.store = store;
        this.memory = memory;
    }

    void remember(String intentId, String strategyId, long timestamp) {
        store.put(intentId, strategyId, timestamp);
    }

    /** The intent's strategy, or null when the intent is unknown (older than the memory, or a flatten order). */
    String strategyOf(String intentId, long timestamp) {
        try (WindowStoreIterator<String> found = store.fetch(intentId, Instant.ofEpochMilli(timestamp).minus(memory),
                Instant.ofEpochMilli(timestamp).plus(CLOCK_SKEW))) {
            return found.hasNext() ? found.next().value : null;
        }
    }
}
