package trading.safety.console.view;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.AccountRiskState;
import trading.safety.v1.Alert;
import trading.safety.v1.AuditEvent;
import trading.safety.v1.BrokerStatus;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.StrategyHealth;
import trading.safety.v1.SymbolQuality;

/**
 * The console's materialized views, kept by one reader thread (read_committed, no consumer group): the
 * compacted state topics whole (control, broker status, risk state, symbol quality, strategy health), and
 * the event topics from {@code lookback} ago (alerts, audit, decisions, order events, reconciliation). A record
 * that cannot be read is counted and skipped; the views are what the console shows, never what it decides with.
 */
public final class ConsoleViews implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ConsoleViews.class);
    private static final Set<String> COMPACTED = Set.of(Topics.CONTROL.name(), Topics.BROKER_STATUS.name(),
            Topics.RISK_STATE.name(), Topics.SYMBOL_QUALITY.name(), Topics.STRATEGY_HEALTH.name());
    private static final Set<OrderEventType> OPEN = Set.of(OrderEventType.SUBMITTED, OrderEventType.ACCEPTED,
            OrderEventType.PARTIALLY_FILLED);
    private static final int TRANSITIONS_KEPT = 20;
    private static final Duration RETRY = Duration.ofSeconds(1);

    /** A change of an account's drawdown state, as the console saw it. */
    public record Transition(String accountId, String from, String to, Instant at) {
    }

    private final Map<String, ControlRecord> controls = new ConcurrentHashMap<>();
    private final Map<String, BrokerStatus> brokers = new ConcurrentHashMap<>();
    private final Map<String, AccountRiskState> risk = new ConcurrentHashMap<>();
    private final Map<String, Recent<AccountRiskState>> riskHistory = new ConcurrentHashMap<>();
    private final Map<String, Recent<Transition>> transitions = new ConcurrentHashMap<>();
    private final Map<String, SymbolQuality> symbols = new ConcurrentHashMap<>();
    private final Map<String, StrategyHealth> strategyHealth = new ConcurrentHashMap<>();
    private final Map<String, ReconciliationResult> latestRecon = new ConcurrentHashMap<>();
    private final Map<String, Alert> openAlerts = new ConcurrentHashMap<>();
    private final Map<String, OrderEvent> pendingOrders = new ConcurrentHashMap<>();
    private final Recent<ReconciliationResult> recentRecon;
    private final Recent<Alert> recentAlerts;
    private final Recent<AuditEvent> recentAudit;
    private final Recent<SignalDecision> recentDecisions;
    private final int history;
    private final AtomicLong unreadable = new AtomicLong();
    private final Map<String, Consumer<ConsumerRecord<String, byte[]>>> handlers = new HashMap<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Clock clock;
    private final Duration lookback;
    private volatile Map<TopicPartition, Long> startEnds = Map.of();
    private volatile boolean caughtUp;
    private volatile boolean running = true;
    private volatile Instant lastPoll;

    public ConsoleViews(String bootstrapServers, String clientId, SchemaRegistry registry, Clock clock,
            Duration lookback, int recent, int history) {
        this.clock = clock;
        this.lookback = lookback;
        this.history = history;
        this.recentRecon = new Recent<>(recent);
        this.recentAlerts = new Recent<>(recent);
        this.recentAudit = new Recent<>(recent);
        this.recentDecisions = new Recent<>(recent);
        handle(Topics.CONTROL, registry, (key, record) -> controls.put(key, record));
        handle(Topics.BROKER_STATUS, registry, (key, status) -> brokers.put(status.getBrokerId(), status));
        handle(Topics.RISK_STATE, registry, (key, state) -> onRiskState(state));
        handle(Topics.SYMBOL_QUALITY, registry, (key, quality) -> symbols.put(quality.getSymbol(), quality));
        handle(Topics.STRATEGY_HEALTH, registry, (key, health) -> strategyHealth.put(key, health));
        handle(Topics.RECON_RESULTS, registry, (key, result) -> {
            latestRecon.put(result.getAccountId(), result);
            recentRecon.add(result);
        });
        handle(Topics.ALERTS, registry, (key, alert) -> {
            recentAlerts.add(alert);
            if (alert.getResolved()) {
                openAlerts.remove(alert.getAlertId());
            } else {
                openAlerts.put(alert.getAlertId(), alert);
            }
        });
        handle(Topics.AUDIT, registry, (key, audit) -> recentAudit.add(audit));
        handle(Topics.SIGNAL_DECISIONS, registry, (key, decision) -> recentDecisions.add(decision));
        handle(Topics.ORDER_EVENTS, registry, (key, event) -> {
            if (OPEN.contains(event.getType()) && !event.getDryRun()) {
                pendingOrders.put(event.getIntentId(), event);
            } else {
                pendingOrders.remove(event.getIntentId());
            }
        });
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-views",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new StringDeserializer(), new ByteArrayDeserializer());
        this.thread = new Thread(this::run, clientId + "-views");
        this.thread.setDaemon(true);
    }

    /** Assigns every partition, places each at its start, and starts reading. */
    public ConsoleViews start() {
        List<TopicPartition> partitions = handlers.keySet().stream()
                .flatMap(topic -> consumer.partitionsFor(topic).stream()
                        .map(p -> new TopicPartition(topic, p.partition())))
                .toList();
        consumer.assign(partitions);
        long since = clock.millis() - lookback.toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        for (TopicPartition partition : partitions) {
            if (COMPACTED.contains(partition.topic())) {
                consumer.seekToBeginning(List.of(partition));
            } else {
                times.put(partition, since);
            }
        }
        Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        offsets.forEach((partition, offset) -> consumer.seek(partition,
                offset == null ? ends.get(partition) : offset.offset()));
        startEnds = ends;
        thread.start();
        return this;
    }

    /**
     * Reads until closed. A failed poll (Kafka away, a position that cannot be fetched) is logged and retried
     * after a pause rather than ending the thread: {@link #lastPoll()} tells how fresh the views are.
     */
    private void run() {
        try {
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        handlers.get(record.topic()).accept(record);
                    }
                    if (!caughtUp) {
                        caughtUp = startEnds.entrySet().stream()
                                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
                    }
                    lastPoll = clock.instant();
                } catch (WakeupException e) {
                    if (running) {
                        throw e;
                    }
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    log.warn("the console's views could not read ({}); retrying in {}", e.toString(), RETRY);
                    pause();
                }
            }
        } finally {
            consumer.close();
        }
    }

    private void pause() {
        try {
            Thread.sleep(RETRY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** When the reader last polled without an error; null before its first poll. */
    public Instant lastPoll() {
        return lastPoll;
    }

    private <V extends SpecificRecord> void handle(Topic<V> topic, SchemaRegistry registry,
            BiConsumer<String, V> onValue) {
        var deserializer = topic.valueSerde(registry).deserializer();
        handlers.put(topic.name(), record -> {
            if (record.value() == null) {
                if (topic.name().equals(Topics.CONTROL.name()) && record.key() != null) {
                    controls.remove(record.key());
                }
                return;
            }
            V value;
            try {
                value = deserializer.deserialize(topic.name(), record.value());
            } catch (RuntimeException e) {
                if (unreadable.incrementAndGet() <= 10) {
                    log.warn("skipping an unreadable record at {}-{}@{}: {}", record.topic(), record.partition(),
                            record.offset(), e.getMessage());
                }
                return;
            }
            onValue.accept(record.key(), value);
        });
    }

    private void onRiskState(AccountRiskState state) {
        String account = state.getAccountId();
        AccountRiskState previous = risk.put(account, state);
        riskHistory.computeIfAbsent(account, a -> new Recent<>(history)).add(state);
        if (previous != null && previous.getState() != state.getState()) {
            transitions.computeIfAbsent(account, a -> new Recent<>(TRANSITIONS_KEPT)).add(new Transition(account,
                    previous.getState().name(), state.getState().name(), state.getUpdatedAt()));
        }
    }

    public boolean caughtUp() {
        return caughtUp;
    }

    public long unreadableRecords() {
        return unreadable.get();
    }

    public Map<String, ControlRecord> controls() {
        return Map.copyOf(controls);
    }

    public ControlRecord control(String key) {
        return controls.get(key);
    }

    public Map<String, BrokerStatus> brokers() {
        return Map.copyOf(brokers);
    }

    public Map<String, AccountRiskState> riskStates() {
        return Map.copyOf(risk);
    }

    public List<AccountRiskState> riskHistory(String accountId) {
        Recent<AccountRiskState> kept = riskHistory.get(accountId);
        return kept == null ? List.of() : kept.snapshot();
    }

    public List<Transition> transitions(String accountId) {
        Recent<Transition> kept = transitions.get(accountId);
        return kept == null ? List.of() : kept.snapshot();
    }

    public Map<String, SymbolQuality> symbols() {
        return Map.copyOf(symbols);
    }

    public Map<String, StrategyHealth> strategyHealth() {
        return Map.copyOf(strategyHealth);
    }

    public Map<String, ReconciliationResult> latestReconciliation() {
        return Map.copyOf(latestRecon);
    }

    public List<ReconciliationResult> recentReconciliation() {
        return recentRecon.snapshot();
    }

    public Map<String, Alert> openAlerts() {
        return Map.copyOf(openAlerts);
    }

    public List<Alert> recentAlerts() {
        return recentAlerts.snapshot();
    }

    public List<AuditEvent> recentAudit() {
        return recentAudit.snapshot();
    }

    public List<SignalDecision> recentDecisions() {
        return recentDecisions.snapshot();
    }

    public Map<String, OrderEvent> pendingOrders() {
        return Map.copyOf(pendingOrders);
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
