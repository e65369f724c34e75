package trading.safety.router.app;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topics;
import trading.safety.router.domain.RouterControls;
import trading.safety.v1.ControlRecord;

/**
 * Keeps the whole control topic in memory, read committed, from its beginning: every router instance needs
 * every key. {@link #controls()} is the latest view; until the reader has reached the end offsets it found
 * at start, {@link #awaitCaughtUp} blocks, and the router routes nothing (it fails closed by waiting, not by
 * guessing). Each live change is handed to a listener on the reader's thread.
 */
public final class ControlTableReader extends WholeTopicReader {

    private static final Logger log = LoggerFactory.getLogger(ControlTableReader.class);

    /** A key's record before and after a change (either may be null: new, deleted, or unreadable). */
    public interface ChangeListener {
        void changed(String key, ControlRecord before, ControlRecord after, RouterControls now);
    }

    private final Deserializer<ControlRecord> deserializer;
    private final ChangeListener listener;
    private final Map<String, ControlRecord> records = new HashMap<>();
    private final Set<String> unreadable = new HashSet<>();
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private Map<TopicPartition, Long> ends = Map.of();
    private volatile RouterControls controls = RouterControls.empty();

    public ControlTableReader(String bootstrapServers, String clientId, SchemaRegistry registry,
            ChangeListener listener) {
        super(bootstrapServers, clientId, Topics.CONTROL.name());
        this.deserializer = Topics.CONTROL.valueSerde(registry).deserializer();
        this.listener = listener;
    }

    public RouterControls controls() {
        return controls;
    }

    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    void started(Map<TopicPartition, Long> endOffsets) {
        ends = endOffsets;
    }

    @Override
    void onRecord(ConsumerRecord<String, byte[]> record) {
        String key = record.key();
        if (key == null) {
            return;
        }
        ControlRecord before = records.get(key);
        ControlRecord after = null;
        if (record.value() == null) {
            records.remove(key);
            unreadable.remove(key);
        } else {
            try {
                after = deserializer.deserialize(record.topic(), record.value());
                records.put(key, after);
                unreadable.remove(key);
            } catch (RuntimeException e) {
                log.error("control record {} at {}-{}@{} is unreadable; entries stop until it is replaced: {}", key,
                        record.topic(), record.partition(), record.offset(), e.getMessage());
                records.remove(key);
                unreadable.add(key);
            }
        }
        if (caughtUp.getCount() == 0) {
            // Only live changes act: history read at start was acted on when it happened. While catching up
            // the view is published once per poll instead of copied for every record.
            RouterControls now = new RouterControls(records, unreadable);
            controls = now;
            listener.changed(key, before, after, now);
        }
    }

    @Override
    void polled(ConsumerRecords<String, byte[]> batch, KafkaConsumer<String, byte[]> consumer) {
        if (caughtUp.getCount() == 0) {
            return;
        }
        if (!batch.isEmpty()) {
            controls = new RouterControls(records, unreadable);
        }
        if (ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
            caughtUp.countDown();
            log.info("control table caught up: {} keys, {} unreadable", records.size(), unreadable.size());
        }
    }

    @Override
    void failed(RuntimeException error) {
        log.error("control table reader stopped; the router refuses entries", error);
        Set<String> all = new HashSet<>(unreadable);
        all.add("(control reader stopped: " + error.getMessage() + ")");
        controls = new RouterControls(records, all);
    }
}
