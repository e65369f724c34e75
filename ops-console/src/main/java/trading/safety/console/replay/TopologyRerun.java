package trading.safety.console.replay;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.topology.RiskTopology;
import trading.safety.service.streams.DeadLetterHandler;
import trading.safety.v1.SignalDecision;

/**
 * Runs risk-stream's topology over recorded inputs in {@link TopologyTestDriver}s, one per group of account
 * partitions, in parallel. The account topics are co-partitioned, so an account's records all fall in one
 * group, as they fall in one task of the service; control and market data, which every task sees (global
 * stores, and the verdicts derived from bars), go to every group. Each group's records are merged by
 * {@link TimestampMerge}.
 */
final class TopologyRerun {

    /** The topics every group reads; the others are the co-partitioned account topics. */
    static final Set<String> SHARED = Set.of(Topics.CONTROL.name(), Topics.MARKET_DATA.name());

    private static final Logger log = LoggerFactory.getLogger(TopologyRerun.class);

    /** How many inputs go in between two drains of a driver's output queues. */
    private static final int DRAIN_EVERY = 4_096;

    private final RiskTopology.Settings settings;
    private final SchemaRegistry registry;
    private final Deserializer<SignalDecision> decisions;
    private final int groups;

    /** What the re-run decided within the range, and how many inputs it dead-lettered. */
    record Result(List<SignalDecision> decisions, long unreadableInputs) {
    }

    TopologyRerun(RiskTopology.Settings settings, SchemaRegistry registry, int groups) {
        this.settings = settings;
        this.registry = registry;
        this.decisions = Topics.SIGNAL_DECISIONS.valueSerde(registry).deserializer();
        this.groups = groups;
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
                running.add(pool.submit(() -> runGroup(inputs, countShared, from, to)));
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

    /** @param countShared whether this group counts dead letters of the shared topics (one group does) */
    private Result runGroup(List<List<InputRecord>> inputs, boolean countShared, Instant from, Instant to) {
        Path stateDir = temporaryDirectory();
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "audit-replay");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "replay.invalid:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        // One record is buffered at a time, so waiting for other partitions could not change the order; not
        // waiting spares the text Kafka Streams builds for every idle-partition check.
        props.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, StreamsConfig.MAX_TASK_IDLE_MS_DISABLED);
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.SERIALIZER, Topics.DLQ.valueSerde(registry).serializer());
        props.put(DeadLetterHandler.SERVICE, "ops-console-replay");
        Outputs outputs = new Outputs(countShared, from, to);
        try (TopologyTestDriver driver = new TopologyTestDriver(RiskTopology.build(settings, registry), props,
                Instant.EPOCH)) {
            Map<String, TestInputTopic<byte[], byte[]>> topics = new HashMap<>();
            for (Topic<?> topic : AuditReplay.INPUTS) {
                topics.put(topic.name(), driver.createInputTopic(topic.name(), new ByteArraySerializer(),
                        new ByteArraySerializer()));
            }
            int[] piped = {0};
            TimestampMerge.forEach(inputs, record -> {
                topics.get(record.topic()).pipeInput(new TestRecord<>(record.key(), record.value(), record.headers(),
                        record.timestamp()));
                if (++piped[0] % DRAIN_EVERY == 0) {
                    outputs.drain(driver);
                }
            });
            outputs.drain(driver);
        } finally {
            deleteTree(stateDir);
        }
        return new Result(outputs.decided, outputs.deadLettered);
    }

    /** One driver's outputs: its decisions within the range and its dead letters; the rest is dropped. */
    private final class Outputs {
        private final boolean countShared;
        private final Instant from;
        private final Instant to;
        private final List<SignalDecision> decided = new ArrayList<>();
        private long deadLettered;

        private Outputs(boolean countShared, Instant from, Instant to) {
            this.countShared = countShared;
            this.from = from;
            this.to = to;
        }

        private void drain(TopologyTestDriver driver) {
            for (String topic : driver.producedTopicNames()) {
                TestOutputTopic<byte[], byte[]> output = driver.createOutputTopic(topic, new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
                while (!output.isEmpty()) {
                    TestRecord<byte[], byte[]> record = output.readRecord();
                    if (topic.equals(Topics.SIGNAL_DECISIONS.name())) {
                        SignalDecision decision = decisions.deserialize(topic, record.value());
                        if (AuditReplay.within(decision.getDecidedAt(), from, to)) {
                            decided.add(decision);
                        }
                    } else if (topic.equals(Topics.DLQ.name())) {
                        // A dead letter's key is the topic its record came from.
                        String source = new String(record.key(), StandardCharsets.UTF_8);
                        if (countShared || !SHARED.contains(source)) {
                            deadLettered++;
                        }
                    }
                }
            }
        }
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("audit-replay");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            log.warn("cannot remove the replay's state directory {}: {}", root, e.toString());
        }
    }
}
