package trading.safety.router.app;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.contract.control.ControlAudit;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.DeadLetters;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.router.broker.BrokerAccount;
import trading.safety.router.broker.BrokerAdapter;
import trading.safety.router.broker.BrokerException;
import trading.safety.router.broker.BrokerOrder;
import trading.safety.router.broker.Execution;
import trading.safety.router.broker.ExecutionPage;
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.broker.SubmitResult;
import trading.safety.router.domain.BrokerHealth;
import trading.safety.router.domain.BrokerRecords;
import trading.safety.router.domain.ControlActions;
import trading.safety.router.domain.FlattenIntents;
import trading.safety.router.domain.RouterControls;
import trading.safety.router.domain.RouterRecords;
import trading.safety.router.domain.RoutingGate;
import trading.safety.v1.BrokerRole;
import trading.safety.v1.OrderEventType;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.Severity;

/**
 * The router's one loop: read approved intents (read committed), check the controls again, send each to the
 * active broker with the intent id as client order id, and record what happened. Everything it writes for a
 * batch (order events, fills, flatten intents, snapshots, dead letters) is one Kafka transaction together with
 * the intents' offsets and the brokers' execution cursors, so after a crash the next owner of a partition
 * starts exactly where the last commit left off.
 *
 * <p>What a crash can leave open is a broker call whose outcome was not committed. Every intent below the
 * log-end offset found when a partition is assigned may have been sent by the previous owner, so for those the
 * router first asks every broker for the client order id and only submits when none has it. A broker that
 * answers a submission with an error is asked the same way before the intent is recorded as failed.
 */
public final class IntentRouter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(IntentRouter.class);
    private static final String SERVICE = "order-router";

    /**
     * @param transactionalId unique per instance, stable across its restarts
     * @param primaryBroker the broker used while no {@code broker/active} record names another
     * @param secondaryBroker where the router fails over to (null: nowhere)
     * @param failoverAfterFailures consecutive failures of the active broker that fail it over
     * @param failoverAfterUnreachable how long the active broker may be unreachable before failover
     * @param dryRun run everything but never call a broker
     * @param fillPollIntervals per broker id, how often its executions are read when not every
     *     {@code fillPollInterval} (brokers with request limits)
     * @param commitInterval how long a transaction collects records before it commits
     * @param tokenWarning how long before a broker's access token expires a WARNING alert is raised
     */
    public record Settings(String bootstrapServers, String groupId, String transactionalId, String primaryBroker,
            String secondaryBroker, int failoverAfterFailures, Duration failoverAfterUnreachable, boolean dryRun,
            Duration snapshotInterval, Duration fillPollInterval, Map<String, Duration> fillPollIntervals,
            int maxPollRecords, Duration commitInterval,
            Duration tokenWarning) {
    }

    private final Settings settings;
    private final Map<String, BrokerAdapter> brokers;
    private final ControlTableReader controls;
    private final SchemaRegistry registry;
    private final Clock clock;
    private final RouterMetrics metrics;
    private final BlockingQueue<ControlActions.Action> actions = new LinkedBlockingQueue<>();
    private final Map<TopicPartition, Long> inDoubtBelow = new HashMap<>();
    private final Map<Integer, Map<String, String>> cursors = new HashMap<>();
    private final Map<String, Serializer<?>> serializers = new HashMap<>();
    private final BrokerHealth health;
    private final Set<String> paused = new HashSet<>();
    private final Map<String, TokenAlert> tokenAlerts = new HashMap<>();
    private String failoverSentTo;
    private String publishedBrokers = "";
    private final Deserializer<OrderIntent> intents;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private KafkaProducer<String, byte[]> producer;
    private int partitions;
    private boolean cursorsMoved;
    private final List<ProducerRecord<String, byte[]>> pending = new ArrayList<>();
    private boolean pendingWork;
    private Future<Void> committing;
    private final ExecutorService committer = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "order-router-commit");
        t.setDaemon(true);
        return t;
    });
    private Instant transactionStarted;
    private Instant nextSnapshot = Instant.EPOCH;
    private final Map<String, Instant> nextFillPoll = new HashMap<>();
    private Instant nextTokenCheck = Instant.EPOCH;
    private Instant nextProgressLog = Instant.EPOCH;
    private long routed;
    private static final Duration PROGRESS_LOG_INTERVAL = Duration.ofSeconds(10);
    private static final Duration TOKEN_CHECK_INTERVAL = Duration.ofSeconds(1);

    public IntentRouter(Settings settings, Map<String, BrokerAdapter> brokers, ControlTableReader controls,
            SchemaRegistry registry, Clock clock, RouterMetrics metrics) {
        if (settings.secondaryBroker() != null && !brokers.containsKey(settings.secondaryBroker())) {
            throw new IllegalArgumentException("secondary broker '" + settings.secondaryBroker() + "' is not one of "
                    + brokers.keySet());
        }
        if (!brokers.containsKey(settings.primaryBroker())) {
            throw new IllegalArgumentException("primary broker '" + settings.primaryBroker() + "' is not one of "
                    + brokers.keySet());
        }
        this.settings = settings;
        this.brokers = Map.copyOf(brokers);
        this.controls = controls;
        this.registry = registry;
        this.clock = clock;
        this.metrics = metrics;
        this.intents = Topics.ORDER_INTENTS.valueSerde(registry).deserializer();
        this.health = new BrokerHealth(settings.failoverAfterFailures(), settings.failoverAfterUnreachable());
        brokers.keySet().forEach(id -> metrics.connection(id, () -> health.status(id).connected()));
        brokers.values().stream().filter(b -> b.tokenExpiresAt().isPresent())
                .forEach(b -> metrics.token(b.id(), b::tokenExpiresAt, b::tokenRenewsItself));
        this.thread = new Thread(this::run, "order-router");
    }

    public void start() {
        thread.start();
    }

    /** Queues what a kill switch or an operator's command asks for to the routing thread (the one calling brokers). */
    public void onAction(ControlActions.Action action) {
        actions.add(action);
    }

    /** The broker intents go to now: the one an active {@code broker/active} record names, else the primary. */
    public String activeBroker(RouterControls c) {
        return c.activeBroker().filter(brokers::containsKey).orElse(settings.primaryBroker());
    }

    private void run() {
        while (running) {
            try {
                if (!controls.awaitCaughtUp(Duration.ofSeconds(1))) {
                    continue;
                }
                session();
            } catch (WakeupException | InterruptedException stopping) {
                return;
            } catch (RuntimeException e) {
                // A failed transaction or a fenced producer: start over like a restarted process, which
                // settles whatever was in flight by asking the brokers.
                log.error("routing session ended; starting a new one in 1 s", e);
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private void session() {
        try (KafkaConsumer<String, byte[]> c = newConsumer(); KafkaProducer<String, byte[]> p = newProducer()) {
            consumer = c;
            producer = p;
            inDoubtBelow.clear();
            cursors.clear();
            transactionStarted = null;
            committing = null;
            p.initTransactions();
            partitions = c.partitionsFor(Topics.ORDER_INTENTS.name()).size();
            c.subscribe(List.of(Topics.ORDER_INTENTS.name()), new Assignment());
            try {
                loop(c);
                commit(); // a graceful stop records what was routed; a crash leaves it to the next owner to settle
            } finally {
                settleCommitQuietly(); // the producer closes after a commit still running, not under it
                pending.clear();
                pendingWork = false;
            }
        } finally {
            consumer = null;
        }
    }

    private void loop(KafkaConsumer<String, byte[]> c) {
        while (running) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = c.poll(Duration.ofMillis(10));
            } catch (WakeupException stopping) {
                break;
            }
            List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> record : records) {
                route(record, out);
            }
            ControlActions.Action action;
            while ((action = actions.poll()) != null) {
                act(action, out);
            }
            Instant now = clock.instant();
            pollFills(out, now);
            if (!now.isBefore(nextTokenCheck)) {
                nextTokenCheck = now.plus(TOKEN_CHECK_INTERVAL);
                tokens(out, now);
            }
            failover(out, now);
            String brokersNow = brokersSignature();
            if (!brokersNow.equals(publishedBrokers)) {
                statuses(out); // the active broker or a broker's connectivity changed
            }
            if (!now.isBefore(nextSnapshot)) {
                nextSnapshot = now.plus(settings.snapshotInterval());
                snapshots(out);
            }
            if (!records.isEmpty() || !out.isEmpty() || cursorsMoved) {
                pending.addAll(out);
                pendingWork = true;
                routed += records.count();
            }
            sendPending();
            if (transactionStarted != null
                    && !clock.instant().isBefore(transactionStarted.plus(settings.commitInterval()))) {
                commitInBackground();
            }
            if (routed > 0 && !now.isBefore(nextProgressLog)) {
                log.info("routed {} intents in the last {} s", routed, PROGRESS_LOG_INTERVAL.toSeconds());
                routed = 0;
                nextProgressLog = now.plus(PROGRESS_LOG_INTERVAL);
            }
        }
    }

    private void route(ConsumerRecord<String, byte[]> record, List<ProducerRecord<String, byte[]>> out) {
        OrderIntent intent;
        try {
            intent = intents.deserialize(record.topic(), record.value());
        } catch (RuntimeException e) {
            metrics.deadLetter();
            log.error("unreadable intent at {}-{}@{} goes to the dead-letter topic: {}", record.topic(),
                    record.partition(), record.offset(), e.getMessage());
            out.add(output(Topics.DLQ, record.topic(), DeadLetters.of(new DeadLetters.Source(record.topic(),
                    record.partition(), record.offset(), record.key() == null ? null
                            : record.key().getBytes(StandardCharsets.UTF_8), record.value()), e, SERVICE,
                    clock.instant())));
            return;
        }
        RouterControls now = controls.controls();
        String brokerId = activeBroker(now);
        Optional<RoutingGate.Refusal> refusal = RoutingGate.check(intent, now, brokerId, paused.contains(brokerId));
        if (refusal.isPresent()) {
            metrics.refused(refusal.get().reason().name());
            log.debug("intent {} of {} refused: {}", intent.getIntentId(), intent.getAccountId(),
                    refusal.get().detail());
            out.add(event(intent, brokerId, null, OrderEventType.REJECTED,
                    "[" + refusal.get().reason() + "] " + refusal.get().detail(), null));
            return;
        }
        if (settings.dryRun()) {
            log.info("[DRY_RUN] intent {} would go to {}: {} {} {}", intent.getIntentId(), brokerId,
                    intent.getSide(), intent.getQuantity().toPlainString(), intent.getSymbol());
            out.add(output(Topics.ORDER_EVENTS, intent.getAccountId(), RouterRecords.event(intent.getIntentId(),
                    intent.getAccountId(), brokerId, null, OrderEventType.SUBMITTED, "not sent to " + brokerId, null,
                    true, clock.instant())));
            return;
        }
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        if (record.offset() < inDoubtBelow.getOrDefault(partition, -1L)) {
            Optional<Held> held = findAnywhere(intent.getIntentId());
            if (held == null) {
                log.warn("intent {} is in doubt and no broker could be asked; recorded FAILED, not resubmitted",
                        intent.getIntentId());
                out.add(event(intent, brokerId, null, OrderEventType.FAILED, "in doubt after a restart and no broker "
                        + "could be asked; not resubmitted", null));
                return;
            }
            if (held.isPresent()) {
                out.add(settled(intent, held.get(), "settled after a restart: " + held.get().brokerId
                        + " already had it"));
                return;
            }
        }
        submit(intent, brokerId, out);
    }

    private void submit(OrderIntent intent, String brokerId, List<ProducerRecord<String, byte[]>> out) {
        BrokerAdapter broker = brokers.get(brokerId);
        OrderRequest request = new OrderRequest(intent.getIntentId(), intent.getAccountId(), intent.getSymbol(),
                intent.getSide(), intent.getQuantity(), intent.getOrderType(), intent.getLimitPrice(),
                intent.getTimeInForce(), FlattenIntents.isFlatten(intent));
        long started = System.nanoTime();
        try {
            SubmitResult result = broker.submit(request);
            long micros = (System.nanoTime() - started) / 1_000;
            succeeded(brokerId);
            metrics.submitted(brokerId, micros);
            switch (result.outcome()) {
                case ACCEPTED -> out.add(event(intent, brokerId, result.order().brokerOrderId(),
                        OrderEventType.ACCEPTED, null, micros));
                case REJECTED -> {
                    metrics.rejected(brokerId);
                    out.add(event(intent, brokerId, result.order() == null ? null : result.order().brokerOrderId(),
                            OrderEventType.REJECTED, result.reason(), micros));
                }
                case DUPLICATE -> out.add(settled(intent, new Held(brokerId, result.order()),
                        brokerId + " already had this client order id"));
                default -> throw new IllegalStateException("unknown outcome " + result.outcome());
            }
        } catch (BrokerException e) {
            failed(brokerId, e);
            // The order may have reached the broker before the error: ask before recording a failure.
            Optional<Held> held = findAnywhere(intent.getIntentId());
            if (held != null && held.isPresent()) {
                out.add(settled(intent, held.get(), "submission errored (" + e.getMessage() + ") but "
                        + held.get().brokerId + " has it"));
            } else {
                log.warn("intent {} of {} failed at {} and no broker has it: {}", intent.getIntentId(),
                        intent.getAccountId(), brokerId, e.getMessage());
                out.add(event(intent, brokerId, null, OrderEventType.FAILED, e.getMessage(), null));
            }
        }
    }

    /** Where an order with this client order id is held, empty if nowhere; null if a broker could not be asked. */
    private Optional<Held> findAnywhere(String clientOrderId) {
        boolean unknown = false;
        for (BrokerAdapter broker : brokers.values()) {
            try {
                Optional<BrokerOrder> order = broker.findByClientOrderId(clientOrderId);
                succeeded(broker.id());
                if (order.isPresent()) {
                    return Optional.of(new Held(broker.id(), order.get()));
                }
            } catch (BrokerException e) {
                failed(broker.id(), e);
                unknown = true;
            }
        }
        return unknown ? null : Optional.empty();
    }

    private record Held(String brokerId, BrokerOrder order) {
    }

    private ProducerRecord<String, byte[]> settled(OrderIntent intent, Held held, String reason) {
        OrderEventType type = switch (held.order.status()) {
            case REJECTED -> OrderEventType.REJECTED;
            case CANCELLED -> OrderEventType.CANCELLED;
            default -> OrderEventType.ACCEPTED;
        };
        return event(intent, held.brokerId, held.order.brokerOrderId(), type, reason, null);
    }

    private ProducerRecord<String, byte[]> event(OrderIntent intent, String brokerId, String brokerOrderId,
            OrderEventType type, String reason, Long micros) {
        return output(Topics.ORDER_EVENTS, intent.getAccountId(), RouterRecords.event(intent.getIntentId(),
                intent.getAccountId(), brokerId, brokerOrderId, type, reason, micros, false, clock.instant()));
    }

    /**
     * Cancels the open orders of the action's scope at every broker and writes FLATTEN intents for the
     * positions of its accounts at the active broker, as the action asks; only for accounts of owned partitions.
     */
    private void act(ControlActions.Action action, List<ProducerRecord<String, byte[]>> out) {
        Set<Integer> owned = ownedPartitions();
        String what = action.kind().label() + " " + action.commandId();
        metrics.acted(action.kind().name());
        if (action.cancelOrders()) {
            int cancelled = cancelOpenOrders(action, what, owned, out);
            log.warn("{} ({}, by {}): {} open orders cancelled", what, action.scope(), action.operator(), cancelled);
        }
        if (action.flatten()) {
            int flattens = flatten(action, what, owned, out);
            log.warn("{} ({}, by {}): {} flatten intents written", what, action.scope(), action.operator(),
                    flattens);
        }
    }

    private int cancelOpenOrders(ControlActions.Action action, String what, Set<Integer> owned,
            List<ProducerRecord<String, byte[]>> out) {
        int cancelled = 0;
        for (BrokerAdapter broker : brokers.values()) {
            try {
                for (BrokerOrder order : broker.openOrders()) {
                    if (inScope(order.accountId(), action, owned)) {
                        BrokerOrder after = broker.cancel(order.brokerOrderId());
                        cancelled++;
                        out.add(output(Topics.ORDER_EVENTS, order.accountId(), RouterRecords.event(
                                order.clientOrderId(), order.accountId(), broker.id(), order.brokerOrderId(),
                                after.status() == BrokerOrder.Status.CANCELLED ? OrderEventType.CANCELLED
                                        : OrderEventType.ACCEPTED,
                                what + ": cancel all open orders", null, settings.dryRun(), clock.instant())));
                    }
                }
            } catch (BrokerException e) {
                failed(broker.id(), e);
                log.error("{}: cannot cancel open orders at {}: {}", what, broker.id(), e.getMessage());
            }
        }
        return cancelled;
    }

    private int flatten(ControlActions.Action action, String what, Set<Integer> owned,
            List<ProducerRecord<String, byte[]>> out) {
        int written = 0;
        BrokerAdapter broker = brokers.get(activeBroker(controls.controls()));
        try {
            for (String accountId : broker.accounts()) {
                if (inScope(accountId, action, owned)) {
                    BrokerAccount account = broker.account(accountId);
                    for (OrderIntent flatten : FlattenIntents.of(account, action.commandId(), clock.instant())) {
                        out.add(output(Topics.ORDER_INTENTS, accountId, flatten));
                        written++;
                    }
                }
            }
        } catch (BrokerException e) {
            failed(broker.id(), e);
            log.error("{}: cannot read positions at {} to flatten them: {}", what, broker.id(), e.getMessage());
        }
        return written;
    }

    private boolean inScope(String accountId, ControlActions.Action action, Set<Integer> owned) {
        return (action.accountId() == null || action.accountId().equals(accountId))
                && owned.contains(partitionOf(accountId));
    }

    /**
     * Publishes new executions. Each owned partition has its own cursor per broker (from its committed
     * metadata); partitions at the same cursor share one read, so once caught up an instance reads each
     * feed once per interval however many partitions it owns.
     */
    private void pollFills(List<ProducerRecord<String, byte[]>> out, Instant now) {
        for (BrokerAdapter broker : brokers.values()) {
            if (now.isBefore(nextFillPoll.getOrDefault(broker.id(), Instant.EPOCH))) {
                continue;
            }
            nextFillPoll.put(broker.id(), now.plus(settings.fillPollIntervals().getOrDefault(broker.id(),
                    settings.fillPollInterval())));
            Map<String, List<Integer>> byCursor = new HashMap<>();
            for (int partition : ownedPartitions()) {
                String cursor = cursors.computeIfAbsent(partition, p -> new HashMap<>()).get(broker.id());
                byCursor.computeIfAbsent(cursor == null ? "" : cursor, c -> new ArrayList<>()).add(partition);
            }
            for (Map.Entry<String, List<Integer>> group : byCursor.entrySet()) {
                String cursor = group.getKey().isEmpty() ? null : group.getKey();
                try {
                    ExecutionPage page = broker.executionsAfter(cursor, 1_000);
                    succeeded(broker.id());
                    for (Execution execution : page.executions()) {
                        if (group.getValue().contains(partitionOf(execution.accountId()))) {
                            out.add(output(Topics.FILLS, execution.accountId(), RouterRecords.fill(broker.id(),
                                    execution)));
                            out.add(output(Topics.ORDER_EVENTS, execution.accountId(),
                                    RouterRecords.filled(broker.id(), execution)));
                            metrics.filled(broker.id());
                        }
                    }
                    if (!page.nextCursor().equals(cursor)) {
                        for (int partition : group.getValue()) {
                            cursors.get(partition).put(broker.id(), page.nextCursor());
                        }
                        cursorsMoved = true;
                    }
                } catch (BrokerException e) {
                    failed(broker.id(), e);
                    log.warn("cannot read executions from {}: {}", broker.id(), e.getMessage());
                }
            }
        }
    }

    private void snapshots(List<ProducerRecord<String, byte[]>> out) {
        statuses(out);
        BrokerAdapter broker = brokers.get(activeBroker(controls.controls()));
        Set<Integer> owned = ownedPartitions();
        Instant asOf = clock.instant();
        try {
            for (String accountId : broker.accounts()) {
                if (owned.contains(partitionOf(accountId))) {
                    out.add(output(Topics.BROKER_SNAPSHOTS, accountId,
                            RouterRecords.snapshot(broker.id(), broker.account(accountId), asOf)));
                }
            }
        } catch (BrokerException e) {
            failed(broker.id(), e);
            log.warn("cannot take account snapshots at {}: {}", broker.id(), e.getMessage());
        }
    }

    private void succeeded(String brokerId) {
        if (health.success(brokerId, clock.instant())) {
            log.info("broker {} answers again", brokerId);
        }
    }

    private void failed(String brokerId, BrokerException e) {
        metrics.failure(brokerId);
        health.failure(brokerId, e.getMessage(), e.connectivity(), clock.instant());
    }

    /**
     * Fails over to the secondary when the active broker has failed: writes {@code broker/active} (origin
     * AUTO:BROKER_FAILOVER) and a CRITICAL alert, once per switch. Failback is an operator's record. Orders
     * still open at the failed broker are not forgotten: its execution feed keeps being read, so their fills
     * are published when it answers again.
     */
    private void failover(List<ProducerRecord<String, byte[]>> out, Instant now) {
        String active = activeBroker(controls.controls());
        String secondary = settings.secondaryBroker();
        if (active.equals(failoverSentTo)) {
            failoverSentTo = null; // the switch is in force
        }
        if (secondary == null || active.equals(secondary) || failoverSentTo != null
                || !ownedPartitions().contains(partitionOf(active))) {
            return;
        }
        Optional<String> why = health.failed(active, now);
        if (why.isEmpty()) {
            return;
        }
        var record = BrokerRecords.failover(active, secondary, why.get(), now);
        log.error("failing over from broker {} to {}: {}", active, secondary, why.get());
        out.add(output(Topics.CONTROL, record.getKey(), record));
        out.add(output(Topics.AUDIT, record.getKey(), ControlAudit.of(record, null)));
        out.add(output(Topics.ALERTS, "BROKER_FAILOVER", BrokerRecords.alert(Severity.CRITICAL, "BROKER_FAILOVER",
                active, "broker " + active + " failed (" + why.get() + "); orders now go to " + secondary
                        + "; failback is manual", record.getCommandId(), now)));
        failoverSentTo = secondary;
    }

    /**
     * Keeps each broker's access token: renews it when due, pauses a broker whose token expired (entries are
     * refused, exits and cancels still go) and resumes it once renewed. The instance that owns the broker id's
     * partition raises a WARNING alert when expiry is nearer than the warning time and a CRITICAL one when it
     * passed, and clears them when a renewed token is valid again.
     */
    private void tokens(List<ProducerRecord<String, byte[]>> out, Instant now) {
        Set<Integer> owned = ownedPartitions();
        for (BrokerAdapter broker : brokers.values()) {
            String id = broker.id();
            try {
                broker.refreshToken();
            } catch (BrokerException e) {
                log.warn("cannot renew the access token of broker {}: {}", id, e.getMessage());
            }
            Optional<Instant> expiresAt = broker.tokenExpiresAt();
            if (expiresAt.isEmpty()) {
                continue;
            }
            BrokerRecords.TokenState state = BrokerRecords.TokenState.of(expiresAt.get(), broker.tokenRenewsItself(),
                    now, settings.tokenWarning());
            if (state == BrokerRecords.TokenState.EXPIRED && paused.add(id)) {
                log.error("broker {} paused: its access token expired at {}; entries are refused until it is "
                        + "renewed", id, expiresAt.get());
            } else if (state != BrokerRecords.TokenState.EXPIRED && paused.remove(id)) {
                log.info("broker {} resumed: its access token is valid until {}", id, expiresAt.get());
            }
            TokenAlert alerted = tokenAlerts.getOrDefault(id, TokenAlert.NONE);
            if (state == alerted.state() || !owned.contains(partitionOf(id))) {
                continue;
            }
            if (alerted.state() != BrokerRecords.TokenState.VALID) {
                String type = alerted.state().alertType();
                out.add(output(Topics.ALERTS, type, BrokerRecords.alert(alerted.state().severity(), type, id,
                        "access token of broker " + id + " renewed, valid until " + expiresAt.get(),
                        "token:" + alerted.expiresAt(), true, now)));
            }
            if (state != BrokerRecords.TokenState.VALID) {
                String message = state == BrokerRecords.TokenState.EXPIRED
                        ? "access token of broker " + id + " expired at " + expiresAt.get() + ": broker paused, "
                                + "entries refused, exits and cancels still sent; renew the token"
                        : "access token of broker " + id + " expires at " + expiresAt.get() + " (in less than "
                                + settings.tokenWarning().toHours() + " h) and will not be renewed automatically "
                                + "(no refresh token, or renewal failed); renew it";
                out.add(output(Topics.ALERTS, state.alertType(), BrokerRecords.alert(state.severity(),
                        state.alertType(), id, message, "token:" + expiresAt.get(), now)));
            }
            tokenAlerts.put(id, new TokenAlert(state, expiresAt.get()));
        }
    }

    /** The token state a broker's alerts last announced, and the expiry they named. */
    private record TokenAlert(BrokerRecords.TokenState state, Instant expiresAt) {
        static final TokenAlert NONE = new TokenAlert(BrokerRecords.TokenState.VALID, null);
    }

    /** What the published broker statuses show: the active broker, who is connected, paused, token expiry. */
    private String brokersSignature() {
        StringBuilder signature = new StringBuilder(activeBroker(controls.controls()));
        for (String id : new java.util.TreeSet<>(brokers.keySet())) {
            signature.append(';').append(id).append('=').append(health.status(id).connected())
                    .append(paused.contains(id) ? ",paused" : "")
                    .append(brokers.get(id).tokenExpiresAt().map(t -> "," + t).orElse(""));
        }
        return signature.toString();
    }

    /** A {@code BrokerStatus} per broker, from the instance that owns the broker id's partition. */
    private void statuses(List<ProducerRecord<String, byte[]>> out) {
        publishedBrokers = brokersSignature();
        String active = activeBroker(controls.controls());
        Set<Integer> owned = ownedPartitions();
        Instant now = clock.instant();
        for (BrokerAdapter broker : brokers.values()) {
            if (owned.contains(partitionOf(broker.id()))) {
                BrokerRole role = broker.id().equals(settings.primaryBroker()) ? BrokerRole.PRIMARY
                        : BrokerRole.SECONDARY;
                out.add(output(Topics.BROKER_STATUS, broker.id(), BrokerRecords.status(broker.id(), role,
                        broker.id().equals(active), paused.contains(broker.id()), health.status(broker.id()),
                        broker.tokenExpiresAt().orElse(null), now)));
            }
        }
    }

    /**
     * Sends what waits in the open transaction, opening one if needed, unless the previous transaction is still
     * committing: then it waits for the next loop. Broker calls are made as intents arrive; the transaction
     * (records, offsets, cursors) commits every commit interval on the commit thread, so neither the records'
     * sends nor a commit's round trips hold up the next intent's broker call.
     */
    private void sendPending() {
        if (!pendingWork || !commitSettled()) {
            return;
        }
        if (transactionStarted == null) {
            producer.beginTransaction();
            transactionStarted = clock.instant();
        }
        for (ProducerRecord<String, byte[]> record : pending) {
            producer.send(record);
        }
        pending.clear();
        pendingWork = false;
    }

    /**
     * Commits the open transaction on the commit thread, with the offsets and cursors of everything routed so
     * far (all of it was sent in this transaction: records wait in {@code pending} only while no transaction
     * is open). The routing thread does not touch the producer until the commit has settled.
     */
    private void commitInBackground() {
        if (transactionStarted == null || !commitSettled()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            offsets.put(partition, new OffsetAndMetadata(consumer.position(partition),
                    CursorMetadata.write(cursors.getOrDefault(partition.partition(), Map.of()))));
        }
        ConsumerGroupMetadata group = consumer.groupMetadata();
        KafkaProducer<String, byte[]> p = producer;
        transactionStarted = null;
        cursorsMoved = false;
        committing = committer.submit(() -> {
            p.sendOffsetsToTransaction(offsets, group);
            p.commitTransaction();
            return null;
        });
    }

    /** Commits everything routed, now: on a graceful stop and before partitions are given up. */
    private void commit() {
        awaitCommit();
        sendPending();
        commitInBackground();
        awaitCommit();
    }

    /** True when no commit is running; a commit that failed ends the session (rethrown here). */
    private boolean commitSettled() {
        if (committing == null) {
            return true;
        }
        if (!committing.isDone()) {
            return false;
        }
        awaitCommit();
        return true;
    }

    private void awaitCommit() {
        Future<Void> running = committing;
        if (running == null) {
            return;
        }
        committing = null;
        try {
            running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new org.apache.kafka.common.errors.InterruptException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new IllegalStateException("transaction commit failed", e.getCause());
        }
    }

    private void settleCommitQuietly() {
        try {
            awaitCommit();
        } catch (RuntimeException e) {
            log.debug("commit running at the end of a session failed: {}", e.toString());
        }
    }

    private Set<Integer> ownedPartitions() {
        Set<Integer> owned = new HashSet<>();
        for (TopicPartition partition : consumer.assignment()) {
            owned.add(partition.partition());
        }
        return owned;
    }

    /** The intents partition an account's records land in (the producers' default partitioner). */
    private int partitionOf(String accountId) {
        return Utils.toPositive(Utils.murmur2(accountId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private <V extends SpecificRecord> ProducerRecord<String, byte[]> output(Topic<V> topic, String key, V value) {
        @SuppressWarnings("unchecked")
        Serializer<V> serializer = (Serializer<V>) serializers.computeIfAbsent(topic.name(),
                name -> topic.valueSerde(registry).serializer());
        return new ProducerRecord<>(topic.name(), key, serializer.serialize(topic.name(), value));
    }

    /** On assignment: resume each partition's cursors, and mark what the previous owner may have sent. */
    private final class Assignment implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            if (assigned.isEmpty()) {
                return;
            }
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(assigned));
            Map<TopicPartition, Long> ends = consumer.endOffsets(assigned);
            for (TopicPartition partition : assigned) {
                OffsetAndMetadata offset = committed.get(partition);
                cursors.put(partition.partition(), new HashMap<>(CursorMetadata.read(offset == null ? null
                        : offset.metadata())));
                inDoubtBelow.put(partition, ends.getOrDefault(partition, 0L));
            }
            nextSnapshot = Instant.EPOCH; // the new partitions' accounts get a snapshot at once
            log.info("intents partitions assigned {}; intents below {} are settled with the brokers before any "
                    + "resubmission", assigned, inDoubtBelow);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            commit(); // what was routed for these partitions is recorded before another instance takes them
            for (TopicPartition partition : revoked) {
                inDoubtBelow.remove(partition);
                cursors.remove(partition.partition());
            }
        }
    }

    private KafkaConsumer<String, byte[]> newConsumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, settings.groupId(),
                // Static membership: a restarted instance takes its partitions back at once instead of
                // waiting for the dead member's session to time out.
                ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.transactionalId(),
                ConsumerConfig.CLIENT_ID_CONFIG, settings.transactionalId() + "-intents",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords(),
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    private KafkaProducer<String, byte[]> newProducer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId(),
                ProducerConfig.CLIENT_ID_CONFIG, settings.transactionalId(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        thread.join(30_000);
        committer.shutdown();
    }
}
