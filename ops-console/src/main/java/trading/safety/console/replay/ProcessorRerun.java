package trading.safety.console.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.UnreadableRecordException;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.processor.AccountRiskProcessor;
import trading.safety.risk.processor.SymbolQualityProcessor;
import trading.safety.risk.processor.SymbolQualityStateSerde;
import trading.safety.risk.topology.RiskTopology;
import trading.safety.service.streams.LatestBytesProcessor;
import trading.safety.service.streams.TopologyNodes;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.SymbolQuality;

/**
 * Runs risk-stream's own processors over recorded inputs, wired as Kafka Streams wires them in the service,
 * without Kafka Streams' task machinery:
 * <ul>
 *   <li>each market-data partition is a task with its own {@link SymbolQualityProcessor} and gate store, each
 *   account partition a task with its own {@link AccountRiskProcessor}, account store, replay store and stream
 *   time (the largest timestamp the task has processed, which is what the processor's replay window is measured
 *   from);</li>
 *   <li>sources read with the topic catalog's serdes; a record whose bytes can never be read is a dead letter
 *   and skipped, any other failure fails the replay (as {@code DeadLetterHandler} does);</li>
 *   <li>the control topic and the symbol verdicts are global stores of the latest bytes per key, kept by
 *   {@link LatestBytesProcessor}; the verdicts the gate forwards and the control records the account processor
 *   forwards are serialized as their sinks would and put there once the record that made them is processed,
 *   as they come back from their topics; decisions are serialized as their sink would and read back as the
 *   decisions topic is; every other output is dropped.</li>
 * </ul>
 * Store suppliers and serdes are the topology's; the sink names the account processor forwards to are read
 * from the topology's description. The account topics are co-partitioned, so the account partitions are split
 * into groups run in parallel; control and market data go to every group (each keeps its own global stores:
 * what the account processor writes to the control topic is keyed by its own account). A group's records are
 * merged by {@link TimestampMerge}.
 */
final class ProcessorRerun {

    /** The topics every group reads; the others are the co-partitioned account topics. */
    static final Set<String> SHARED = Set.of(Topics.CONTROL.name(), Topics.MARKET_DATA.name());

    private static final int MARKET_SUBTOPOLOGY = 0;
    private static final int ACCOUNT_SUBTOPOLOGY = 1;
    private static final int GLOBAL_SUBTOPOLOGY = 2;

    private final RiskTopology.Settings settings;
    private final SchemaRegistry registry;
    private final int groups;
    private final AccountRiskProcessor.Wiring wiring;
    private final Map<String, Deserializer<?>> keyReaders = new HashMap<>();
    private final Map<String, Deserializer<?>> valueReaders = new HashMap<>();
    private final Serializer<SignalDecision> decisionWriter;
    private final Deserializer<SignalDecision> decisionReader;

    /** What the re-run decided within the range, and how many inputs it dead-lettered. */
    record Result(List<SignalDecision> decisions, long unreadableInputs) {
    }

    ProcessorRerun(RiskTopology.Settings settings, SchemaRegistry registry, int groups) {
        this.settings = settings.inMemory();
        this.registry = registry;
        this.groups = groups;
        Map<String, String> sinks = sinksByTopic(RiskTopology.build(this.settings, registry));
        this.wiring = RiskTopology.wiring(this.settings, sinks.get(Topics.SIGNAL_DECISIONS.name()),
                sinks.get(Topics.ORDER_INTENTS.name()), sinks.get(Topics.RISK_STATE.name()),
                sinks.get(Topics.ALERTS.name()), sinks.get(Topics.CONTROL.name()), sinks.get(Topics.AUDIT.name()));
        for (Topic<?> topic : List.of(Topics.MARKET_DATA, Topics.SIGNALS, Topics.FILLS, Topics.BROKER_SNAPSHOTS,
                Topics.RECON_RESULTS)) {
            keyReaders.put(topic.name(), topic.keySerde().deserializer());
            valueReaders.put(topic.name(), topic.valueSerde(registry).deserializer());
        }
        this.decisionWriter = Topics.SIGNAL_DECISIONS.valueSerde(registry).serializer();
        this.decisionReader = Topics.SIGNAL_DECISIONS.valueSerde(registry).deserializer();
    }

    /** The sink writing each topic; a topic written by two sinks is refused, as the wiring could not tell them. */
    static Map<String, String> sinksByTopic(Topology topology) {
        Map<String, String> sinks = new HashMap<>();
        for (TopologyDescription.Subtopology subtopology : topology.describe().subtopologies()) {
            for (TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Sink sink && sinks.put(sink.topic(), sink.name()) != null) {
                    throw new IllegalStateException("two sinks write " + sink.topic());
                }
            }
        }
        return sinks;
    }

    /** @param partitions each partition's records in offset order, the partitions in tie-break order */
    Result run(List<List<InputRecord>> partitions, Instant from, Instant to) {
        List<List<List<InputRecord>>> byGroup = new ArrayList<>();
        for (int group = 0; group < groups; group++) {
            byGroup.add(new ArrayList<>());
        }
        for (List<InputRecord> partition : partitions) {
            InputRecord first = partition.get(0);
            if (SHARED.contains(first.topic())) {
                byGroup.forEach(group -> group.add(partition));
            } else {
                byGroup.get(first.partition() % groups).add(partition);
            }
        }
        if (groups == 1) {
            return new Group(true, from, to).run(byGroup.get(0));
        }
        AtomicInteger threads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(groups, task -> {
            Thread thread = new Thread(task, "audit-replay-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Result>> running = new ArrayList<>();
            for (int group = 0; group < groups; group++) {
                List<List<InputRecord>> inputs = byGroup.get(group);
                boolean countShared = group == 0;
                running.add(pool.submit(() -> new Group(countShared, from, to).run(inputs)));
            }
            List<SignalDecision> decided = new ArrayList<>();
            long unreadable = 0;
            for (Future<Result> group : running) {
                Result result = group.get();
                decided.addAll(result.decisions());
                unreadable += result.unreadableInputs();
            }
            return new Result(decided, unreadable);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the replay was interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("the replay failed", e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** A re-run of some account partitions with every shared input: its tasks, global stores and outputs. */
    private final class Group {
        private final boolean countShared;
        private final Instant from;
        private final Instant to;
        private final List<SignalDecision> decided = new ArrayList<>();
        private long deadLettered;
        private final GlobalStore controls = new GlobalStore(RiskTopology.CONTROL_STORE, Topics.CONTROL);
        private final GlobalStore verdicts = new GlobalStore(RiskTopology.SYMBOL_VERDICT_STORE,
                Topics.SYMBOL_QUALITY);
        private final Map<Integer, Task> marketTasks = new HashMap<>();
        private final Map<Integer, Task> accountTasks = new HashMap<>();
        /** What the record being processed wrote to a global store's topic, put there once it is processed. */
        private final List<Runnable> pendingGlobalWrites = new ArrayList<>();

        /** @param countShared whether this group counts dead letters of the shared topics (one group does) */
        private Group(boolean countShared, Instant from, Instant to) {
            this.countShared = countShared;
            this.from = from;
            this.to = to;
        }

        private Result run(List<List<InputRecord>> inputs) {
            TimestampMerge.forEach(inputs, this::process);
            return new Result(decided, deadLettered);
        }

        private void process(InputRecord record) {
            if (record.topic().equals(Topics.CONTROL.name())) {
                controls.put(record.key(), record.value(), record.timestamp());
                return;
            }
            Object key;
            Object value;
            try {
                key = keyReaders.get(record.topic()).deserialize(record.topic(), record.headers(), record.key());
                value = valueReaders.get(record.topic()).deserialize(record.topic(), record.headers(),
                        record.value());
            } catch (RuntimeException e) {
                if (!UnreadableRecordException.isCauseOf(e)) {
                    throw new IllegalStateException("cannot read " + record.topic() + "/" + record.partition() + "@"
                            + record.offset() + " for a reason that may pass", e);
                }
                if (countShared || !SHARED.contains(record.topic())) {
                    deadLettered++;
                }
                return;
            }
            boolean market = record.topic().equals(Topics.MARKET_DATA.name());
            Task task = market ? marketTasks.computeIfAbsent(record.partition(), this::marketTask)
                    : accountTasks.computeIfAbsent(record.partition(), this::accountTask);
            task.process(record, key, value);
            pendingGlobalWrites.forEach(Runnable::run);
            pendingGlobalWrites.clear();
        }

        private Task marketTask(int partition) {
            ReplayContext<String, SymbolQuality> context = new ReplayContext<>(
                    new TaskId(MARKET_SUBTOPOLOGY, partition), this::fromGate);
            context.register(Stores.keyValueStoreBuilder(
                    TopologyNodes.keyValueStore(RiskTopology.SYMBOL_QUALITY_STORE, false),
                    Topics.MARKET_DATA.keySerde(), new SymbolQualityStateSerde()).withLoggingDisabled().build());
            return new Task(new SymbolQualityProcessor(settings.gate(), RiskTopology.SYMBOL_QUALITY_STORE), context);
        }

        private Task accountTask(int partition) {
            ReplayContext<String, SpecificRecord> context = new ReplayContext<>(
                    new TaskId(ACCOUNT_SUBTOPOLOGY, partition), this::fromAccounts);
            for (StoreBuilder<?> store : RiskTopology.accountStores(settings)) {
                context.register(store.withLoggingDisabled().build());
            }
            context.share(controls.store);
            context.share(verdicts.store);
            return new Task(new AccountRiskProcessor(settings.risk(), wiring,
                    Topics.CONTROL.valueSerde(registry).deserializer(),
                    Topics.SYMBOL_QUALITY.valueSerde(registry).deserializer(), settings.metrics()), context);
        }

        /** The gate forwards its verdicts to its one child, the sink of the verdicts' topic. */
        private void fromGate(Record<?, ?> record, String child) {
            String key = (String) record.key();
            byte[] bytes = verdicts.serialize(record.value());
            long timestamp = record.timestamp();
            pendingGlobalWrites.add(() -> verdicts.put(key, bytes, timestamp));
        }

        private void fromAccounts(Record<?, ?> record, String child) {
            if (wiring.decisionsSink().equals(child)) {
                byte[] bytes = decisionWriter.serialize(Topics.SIGNAL_DECISIONS.name(), (SignalDecision) record.value());
                SignalDecision decision = decisionReader.deserialize(Topics.SIGNAL_DECISIONS.name(), bytes);
                if (AuditReplay.within(decision.getDecidedAt(), from, to)) {
                    decided.add(decision);
                }
            } else if (wiring.controlSink().equals(child)) {
                String key = (String) record.key();
                byte[] bytes = controls.serialize(record.value());
                long timestamp = record.timestamp();
                pendingGlobalWrites.add(() -> controls.put(key, bytes, timestamp));
            }
        }
    }

    /** One task: a processor in its context, and the largest timestamp it has processed. */
    private static final class Task {
        private final Processor<Object, Object, ?, ?> processor;
        private final ReplayContext<?, ?> context;
        private long streamTime = -1;

        @SuppressWarnings({"unchecked", "rawtypes"})
        private <K, V, KF, VF> Task(Processor<K, V, KF, VF> processor, ReplayContext<KF, VF> context) {
            this.processor = (Processor) processor;
            this.context = context;
            processor.init(context);
        }

        private void process(InputRecord input, Object key, Object value) {
            streamTime = Math.max(streamTime, input.timestamp());
            context.setCurrentStreamTimeMs(streamTime);
            context.setRecordMetadata(input.topic(), input.partition(), input.offset());
            processor.process(new Record<>(key, value, input.timestamp(), input.headers()));
        }
    }

    /** A global store of the latest bytes per key of a topic, kept by {@link LatestBytesProcessor}. */
    private final class GlobalStore {
        private final KeyValueStore<String, byte[]> store;
        private final LatestBytesProcessor keeper;
        private final Serializer<SpecificRecord> serializer;
        private final String topic;

        @SuppressWarnings("unchecked")
        private GlobalStore(String name, Topic<? extends SpecificRecord> topic) {
            this.topic = topic.name();
            this.serializer = (Serializer<SpecificRecord>) topic.valueSerde(registry).serializer();
            ReplayContext<Void, Void> context = new ReplayContext<>(new TaskId(GLOBAL_SUBTOPOLOGY, 0),
                    (record, child) -> {
                        throw new IllegalStateException("a global store's processor forwards nothing");
                    });
            store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(),
                    Serdes.ByteArray()).withLoggingDisabled().build();
            context.register(store);
            keeper = new LatestBytesProcessor(name);
            keeper.init(context);
        }

        private byte[] serialize(Object value) {
            return serializer.serialize(topic, (SpecificRecord) value);
        }

        /** The record as the global source reads it: the key as a string, the value as bytes. */
        private void put(byte[] key, byte[] value, long timestamp) {
            put(key == null ? null : Serdes.String().deserializer().deserialize(topic, key), value, timestamp);
        }

        private void put(String key, byte[] value, long timestamp) {
            keeper.process(new Record<>(key, value, timestamp));
        }
    }
}
