package trading.safety.console.replay;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.console.replay.Mismatch.Kind;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.UnreadableRecordException;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.processor.RiskRecords;
import trading.safety.risk.topology.RiskTopology;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.SignalDecision;

/**
 * The audit replay: re-runs risk-stream's own processors over the recorded input topics and compares what it
 * decides with the decisions recorded for a range.
 *
 * <p>Inputs are every record of {@link #INPUTS} from the earliest retained offset up to the end offsets of the
 * moment the replay starts, with a timestamp at or before {@code to}; history before {@code from} is re-run
 * because decisions depend on state built from it (drawdown peaks, duplicate windows, data-quality history).
 * Left out: the control records the topology writes itself (the re-run writes them again into its control
 * store), and {@code trading.symbol-quality.v1} (derived from market data). The records go through
 * risk-stream's own processors, one task per partition as in the service, with in-memory stores (see
 * {@link ProcessorRerun}), each with its own timestamp, merged as {@link TimestampMerge} describes, ties broken
 * in {@link #INPUTS} order and then by partition. Replayed and recorded decisions count when their
 * {@code decidedAt} is within {@code [from, to]}.
 *
 * <p>One replay runs at a time; a second caller gets {@link ReplayBusyException} at once.
 */
public final class AuditReplay {

    /**
     * The input topics, in tie-break order: at one millisecond, operator control and market data come before
     * account records, and signals last, so a signal is checked against the state recorded with it.
     */
    public static final List<Topic<?>> INPUTS = List.of(Topics.CONTROL, Topics.MARKET_DATA, Topics.RECON_RESULTS,
            Topics.BROKER_SNAPSHOTS, Topics.FILLS, Topics.SIGNALS);

    private static final Logger log = LoggerFactory.getLogger(AuditReplay.class);

    private final ReplayLimits limits;
    private final SnapshotReader reader;
    private final ProcessorRerun rerun;
    private final Deserializer<SignalDecision> decisions;
    private final Deserializer<ControlRecord> controls;
    private final AtomicBoolean running = new AtomicBoolean();

    /**
     * @param consumerConfig how to reach the cluster: at least {@code bootstrap.servers}, plus any security
     *     settings; isolation, offsets and deserializers are the replay's own
     * @param registry the schema registry the recorded bytes were written with
     * @param settings risk-stream's decision settings (see {@link RiskSettingsLoader}); run with in-memory stores
     */
    public AuditReplay(Map<String, Object> consumerConfig, SchemaRegistry registry, RiskTopology.Settings settings,
            ReplayLimits limits) {
        this.limits = limits;
        this.rerun = new ProcessorRerun(settings, registry, limits.threads());
        this.reader = new SnapshotReader(consumerConfig, limits.readTimeout());
        this.decisions = Topics.SIGNAL_DECISIONS.valueSerde(registry).deserializer();
        this.controls = Topics.CONTROL.valueSerde(registry).deserializer();
    }

    /**
     * Re-runs the recorded inputs up to {@code to} and compares the decisions within {@code [from, to]}.
     *
     * @throws InvalidReplayRangeException if a bound is missing or {@code from} is after {@code to}
     * @throws ReplayTooLargeException if the inputs up to {@code to} exceed {@link ReplayLimits#maxInputRecords()}
     * @throws ReplayBusyException if another replay is running
     */
    public ReplayReport replay(Instant from, Instant to) {
        if (from == null || to == null || from.isAfter(to)) {
            throw new InvalidReplayRangeException(from, to);
        }
        if (!running.compareAndSet(false, true)) {
            throw new ReplayBusyException();
        }
        try {
            return run(from, to);
        } finally {
            running.set(false);
        }
    }

    /** Whether a replay is running now. */
    public boolean running() {
        return running.get();
    }

    private ReplayReport run(Instant from, Instant to) {
        long started = System.nanoTime();
        Recorded recorded = read(from, to);
        long read = System.nanoTime();
        ProcessorRerun.Result replayed = rerun.run(recorded.inputs(), from, to);
        long rerun = System.nanoTime();
        DecisionComparison.Result result = DecisionComparison.compare(recorded.decisions(), replayed.decisions());
        List<Mismatch> mismatches = new ArrayList<>(recorded.unreadable());
        mismatches.addAll(result.mismatches());
        long elapsedNanos = System.nanoTime() - started;
        log.info("replay of [{}, {}]: read {} inputs and {} recorded decisions in {} ms, re-ran them in {} ms, "
                + "compared in {} ms: {} mismatches", from, to, recorded.inputCount(), recorded.decisions().size(),
                (read - started) / 1_000_000, (rerun - read) / 1_000_000, (System.nanoTime() - rerun) / 1_000_000,
                mismatches.size());
        return new ReplayReport(from, to, recorded.inputCount(), recorded.leftOut(), replayed.unreadableInputs(),
                recorded.decisions().size(), replayed.decisions().size(),
                result.checked(), result.matched(), mismatches.size(),
                mismatches.subList(0, Math.min(mismatches.size(), limits.maxMismatchesListed())),
                elapsedNanos / 1_000_000, result.checked() / Math.max(elapsedNanos / 1e9, 1e-9));
    }

    /** What was on the topics: the inputs per partition in tie-break order, and the decisions in the range. */
    private record Recorded(List<List<InputRecord>> inputs, long inputCount, long leftOut,
            List<SignalDecision> decisions, List<Mismatch> unreadable) {
    }

    private Recorded read(Instant from, Instant to) {
        long toMs = to.toEpochMilli();
        Map<TopicPartition, List<InputRecord>> inputs = new HashMap<>();
        List<SignalDecision> decided = new ArrayList<>();
        List<Mismatch> unreadable = new ArrayList<>();
        AtomicLong kept = new AtomicLong();
        AtomicLong leftOut = new AtomicLong();
        List<String> topics = Stream.concat(INPUTS.stream().map(Topic::name),
                Stream.of(Topics.SIGNAL_DECISIONS.name())).toList();
        reader.read(topics, record -> {
            if (record.topic().equals(Topics.SIGNAL_DECISIONS.name())) {
                readDecision(record, from, to, decided, unreadable);
            } else if (record.timestamp() > toMs || writtenByTopology(record)) {
                leftOut.incrementAndGet();
            } else {
                if (kept.incrementAndGet() > limits.maxInputRecords()) {
                    throw new ReplayTooLargeException(limits.maxInputRecords());
                }
                inputs.computeIfAbsent(new TopicPartition(record.topic(), record.partition()), p -> new ArrayList<>())
                        .add(new InputRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                                record.key(), record.value(), record.headers()));
            }
        });
        return new Recorded(inTieBreakOrder(inputs), kept.get(), leftOut.get(), decided, unreadable);
    }

    /** The partitions' records, the partitions in tie-break order: {@link #INPUTS} order, then by partition. */
    static List<List<InputRecord>> inTieBreakOrder(Map<TopicPartition, List<InputRecord>> inputs) {
        List<String> order = INPUTS.stream().map(Topic::name).toList();
        return inputs.entrySet().stream()
                .sorted(Comparator.comparingInt((Map.Entry<TopicPartition, List<InputRecord>> e) ->
                        order.indexOf(e.getKey().topic())).thenComparingInt(e -> e.getKey().partition()))
                .map(Map.Entry::getValue).toList();
    }

    private void readDecision(ConsumerRecord<byte[], byte[]> record, Instant from, Instant to,
            List<SignalDecision> decided, List<Mismatch> unreadable) {
        try {
            SignalDecision decision = decisions.deserialize(record.topic(), record.value());
            if (decision != null && within(decision.getDecidedAt(), from, to)) {
                decided.add(decision);
            }
        } catch (UnreadableRecordException e) {
            // A record that cannot be read has no decidedAt: its record timestamp places it.
            if (within(Instant.ofEpochMilli(record.timestamp()), from, to)) {
                unreadable.add(new Mismatch(Kind.UNREADABLE_RECORDED, null, null, null, null, List.of(),
                        "partition " + record.partition() + " offset " + record.offset() + ": " + e.getMessage()));
            }
        }
    }

    private boolean writtenByTopology(ConsumerRecord<byte[], byte[]> record) {
        if (!record.topic().equals(Topics.CONTROL.name()) || record.value() == null) {
            return false;
        }
        try {
            return RiskRecords.writtenByTopology(controls.deserialize(record.topic(), record.value()));
        } catch (UnreadableRecordException e) {
            // The service saw these bytes too, and failed closed on them: so does the replay.
            return false;
        }
    }

    static boolean within(Instant at, Instant from, Instant to) {
        return !at.isBefore(from) && !at.isAfter(to);
    }
}
