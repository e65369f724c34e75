package trading.safety.benchmarks;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;
import trading.safety.v1.ReconciliationResult;

/**
 * Follows the pipeline's outputs live, read_committed, from their ends when it starts, and notes when (this
 * process's wall clock, epoch ms) each record was read: the evidence a recovery is timed by. Its consumer,
 * like the services', rides out a restart of the broker.
 */
final class PipelineWatch implements AutoCloseable {

    /** A record read: when it was read, and the time it carries that a recovery is judged by. */
    record Seen(long readAt, long carriedAt, String id) {
    }

    private final String bootstrap;
    private final SchemaRegistry registry;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    /** Decisions, carrying their record timestamp (the signal's append time, which Kafka Streams passes on). */
    private final Queue<Seen> decisions = new ConcurrentLinkedQueue<>();
    /** Broker-accepted order events, carrying the event's time, by intent id. */
    private final Queue<Seen> accepted = new ConcurrentLinkedQueue<>();
    /** Reconciliation results, carrying the snapshot's as-of time. */
    private final Queue<Seen> reconciliations = new ConcurrentLinkedQueue<>();
    /** Each intent's record timestamp (its signal's append time). */
    private final Map<String, Long> intents = new ConcurrentHashMap<>();

    PipelineWatch(String bootstrap, SchemaRegistry registry) {
        this.bootstrap = bootstrap;
        this.registry = registry;
        this.thread = new Thread(this::follow, "pipeline-watch");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** A read_committed consumer of every partition of {@code topics}, from their ends. */
    static KafkaConsumer<String, byte[]> tail(String bootstrap, List<String> topics) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<TopicPartition> partitions = topics.stream()
                .flatMap(t -> consumer.partitionsFor(t).stream().map(p -> new TopicPartition(t, p.partition())))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        return consumer;
    }

    private void follow() {
        var events = Topics.ORDER_EVENTS.valueSerde(registry).deserializer();
        var results = Topics.RECON_RESULTS.valueSerde(registry).deserializer();
        var orderIntents = Topics.ORDER_INTENTS.valueSerde(registry).deserializer();
        try (KafkaConsumer<String, byte[]> consumer = tail(bootstrap, List.of(Topics.SIGNAL_DECISIONS.name(),
                Topics.ORDER_INTENTS.name(), Topics.ORDER_EVENTS.name(), Topics.RECON_RESULTS.name()))) {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    String topic = record.topic();
                    if (topic.equals(Topics.SIGNAL_DECISIONS.name())) {
                        decisions.add(new Seen(now, record.timestamp(), null));
                    } else if (topic.equals(Topics.ORDER_INTENTS.name())) {
                        intents.put(orderIntents.deserialize(topic, record.value()).getIntentId(), record.timestamp());
                    } else if (topic.equals(Topics.ORDER_EVENTS.name())) {
                        OrderEvent event = events.deserialize(topic, record.value());
                        if (event.getType() == OrderEventType.ACCEPTED) {
                            accepted.add(new Seen(now, event.getAt().toEpochMilli(), event.getIntentId()));
                        }
                    } else {
                        ReconciliationResult result = results.deserialize(topic, record.value());
                        reconciliations.add(new Seen(now, result.getSnapshotAsOf().toEpochMilli(), null));
                    }
                }
            }
        }
    }

    /** When the first decision for a signal appended at or after {@code since} was read, or -1. */
    long firstDecisionFor(long since) {
        return firstRead(decisions, s -> s.carriedAt() >= since);
    }

    /** When the first broker acceptance the router made at or after {@code since} was read, or -1. */
    long firstAcceptanceAfter(long since) {
        return firstRead(accepted, s -> s.carriedAt() >= since);
    }

    /** When the first broker acceptance of an intent whose signal was appended at or after {@code since} was read. */
    long firstAcceptanceOfSignalAfter(long since) {
        return firstRead(accepted, s -> intents.getOrDefault(s.id(), Long.MIN_VALUE) >= since);
    }

    /** When the first reconciliation of a broker snapshot taken at or after {@code since} was read, or -1. */
    long firstReconciliationOfSnapshotAfter(long since) {
        return firstRead(reconciliations, s -> s.carriedAt() >= since);
    }

    /** Forgets what was read so far (before a fault, nothing older matters), to keep the searches short. */
    void forget() {
        decisions.clear();
        accepted.clear();
        reconciliations.clear();
        intents.clear();
    }

    private static long firstRead(Queue<Seen> seen, java.util.function.Predicate<Seen> matches) {
        return seen.stream().filter(matches).mapToLong(Seen::readAt).min().orElse(-1);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
