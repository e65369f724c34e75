package trading.safety.recon.processor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.control.ControlOrigin;
import trading.safety.v1.ControlRecord;

/**
 * The control topic's latest records as recon-stream's rules see them, decoded from the global store's bytes.
 * A record that cannot be read is reported as such, so each caller fails closed its own way (a rule that would
 * halt halts; a rule that would lift a halt or apply a sync does not).
 */
final class ControlReader {

    /** The latest record of a key: none, readable, or present but unreadable. */
    record Current(ControlRecord record, boolean unreadable) {

        boolean active() {
            return record != null && record.getActive();
        }

        boolean setBy(String rule) {
            return active() && ControlOrigin.auto(rule).equals(record.getOrigin());
        }
    }

    private static final Logger log = LoggerFactory.getLogger(ControlReader.class);

    private final KeyValueStore<String, byte[]> store;
    private final Deserializer<ControlRecord> reader;
    /**
     * The records this task wrote, by key: the global store has them only after the transaction commits, and
     * a rule must not act twice (or undo itself) on a stale view in between. The later record wins.
     */
    private final Map<String, ControlRecord> written = new HashMap<>();

    ControlReader(KeyValueStore<String, byte[]> store, Deserializer<ControlRecord> reader) {
        this.store = store;
        this.reader = reader;
    }

    Current read(ControlKey key) {
        Current stored = stored(key);
        ControlRecord mine = written.get(key.value());
        if (mine == null) {
            return stored;
        }
        if (stored.record() != null && !stored.record().getAt().isBefore(mine.getAt())) {
            written.remove(key.value());
            return stored;
        }
        return new Current(mine, false);
    }

    /** A record this task has just written. */
    void remember(ControlRecord record) {
        written.put(record.getKey(), record);
    }

    /**
     * The automatic rules that want a kill switch on: its {@code rules} param, else the rule of its origin
     * (empty for an operator's).
     */
    static Set<String> rules(ControlRecord record) {
        String listed = record.getParams().get("rules");
        if (listed != null && !listed.isBlank()) {
            return new TreeSet<>(Arrays.asList(listed.split(",")));
        }
        String rule = ControlOrigin.rule(record.getOrigin());
        return rule == null ? new TreeSet<>() : new TreeSet<>(Set.of(rule));
    }

    private Current stored(ControlKey key) {
        byte[] bytes = store.get(key.value());
        if (bytes == null) {
            return new Current(null, false);
        }
        try {
            return new Current(reader.deserialize(null, bytes), false);
        } catch (RuntimeException e) {
            log.warn("control record {} cannot be read: {}", key.value(), e.toString());
            return new Current(null, true);
        }
    }
}
