package trading.safety.console.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.StandardEnvironment;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.registry.InMemorySchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.topology.RiskTopology;
import trading.safety.service.streams.DeadLetterHandler;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.Fill;
import trading.safety.v1.MarketBar;
import trading.safety.v1.OrderType;
import trading.safety.v1.ReconStatus;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.Side;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.TradeSignal;

/**
 * The processor re-run decides byte for byte what risk-stream's topology decides in a {@link TopologyTestDriver},
 * over a generated history: three weeks of trading for six accounts on three account partitions, a year of bars
 * on two market partitions, a drawdown through HALT and one through PANIC (whose kill switch the topology writes
 * itself), fills, duplicate intents, replayed signalIds, records out of timestamp order, an unreadable signal,
 * and an operator disabling a strategy, switching one account's kill switch and the global one on and off.
 *
 * <p>The driver runs everything in one task, the service (and the re-run) one task per partition. So the
 * reference is one driver per account partition, fed that partition's records with all of control and market
 * data, merged as the re-run merges them: per task, its stores and its stream time are then the service's.
 * (Under that merge, a task's stream time when it processes a record equals the single driver's anyway: every
 * record merged before it has a timestamp no later than one the task has already processed. What one task
 * cannot see is another's stores: the last test shows the one difference the generated history has.)
 */
class ProcessorRerunTest {

    private static final Instant START = SampleRecords.T0;
    private static final int TRADING_DAYS = 15;
    private static final List<String> ACCOUNTS = List.of("ACC-1", "ACC-2", "ACC-3", "ACC-4", "ACC-5", "ACC-6");
    private static final String HALTED = "ACC-1";
    private static final String PANICKED = "ACC-4";
    private static final String SWITCHED_OFF = "ACC-5";
    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA");
    private static final List<String> STRATEGIES = List.of("momentum", "breakout", "mean-revert");
    private static final BigDecimal PRICE = Decimals.of("100");
    /** A signalId of the halted account's partition, sent again by an account on another partition. */
    private static final String SHARED_ID = HALTED + "-2-5";
    /** A signal of partition 0, replayed out of timestamp order a day later. */
    private static final String LATE_REPLAYED = "ACC-2-1-1";
    private static final Instant FROM = Instant.EPOCH;
    private static final Instant TO = Instant.parse("2100-01-01T00:00:00Z");

    private static InMemorySchemaRegistry registry;
    private static RiskTopology.Settings settings;
    private static Map<TopicPartition, List<InputRecord>> inputs;

    @TempDir
    Path stateDir;

    @BeforeAll
    static void generate() {
        registry = new InMemorySchemaRegistry();
        settings = RiskSettingsLoader.settings(new StandardEnvironment());
        inputs = new History(new Random(20261123L)).generate();
    }

    @Test
    void decidesByteForByteWhatTheTopologyDecidesPerPartition() throws Exception {
        ProcessorRerun.Result rerun = new ProcessorRerun(settings, registry, 1).run(
                AuditReplay.inTieBreakOrder(inputs), FROM, TO);

        Map<Integer, List<byte[]>> rerunByPartition = new HashMap<>();
        for (SignalDecision decision : rerun.decisions()) {
            rerunByPartition.computeIfAbsent(accountPartition(decision.getAccountId()), p -> new ArrayList<>())
                    .add(serialize(Topics.SIGNAL_DECISIONS, decision));
        }
        long driverDeadLetters = 0;
        int compared = 0;
        for (int partition = 0; partition < 3; partition++) {
            Driven driven = drive(only(partition));
            driverDeadLetters += driven.deadLetters();
            List<byte[]> replayed = rerunByPartition.getOrDefault(partition, List.of());
            assertThat(replayed).as("partition " + partition).hasSameSizeAs(driven.decisions());
            for (int i = 0; i < replayed.size(); i++) {
                assertThat(replayed.get(i)).as("partition " + partition + " decision " + i)
                        .isEqualTo(driven.decisions().get(i));
            }
            compared += replayed.size();
        }
        assertThat(compared).isGreaterThan(1_500);
        assertThat(rerun.unreadableInputs()).isEqualTo(1).isEqualTo(driverDeadLetters);
        assertHistoryCoversTheRules(rerun.decisions());
    }

    @Test
    void groupsRunInParallelDecideTheSame() {
        List<List<InputRecord>> ranked = AuditReplay.inTieBreakOrder(inputs);
        ProcessorRerun.Result alone = new ProcessorRerun(settings, registry, 1).run(ranked, FROM, TO);
        ProcessorRerun.Result grouped = new ProcessorRerun(settings, registry, 2).run(ranked, FROM, TO);

        assertThat(bytesBySignal(grouped.decisions())).isEqualTo(bytesBySignal(alone.decisions()));
        assertThat(grouped.unreadableInputs()).isEqualTo(alone.unreadableInputs());
    }

    @Test
    void keepsOnlyDecisionsWithinTheRange() {
        Instant from = START.plus(Duration.ofDays(7));
        Instant to = START.plus(Duration.ofDays(9));
        List<SignalDecision> all = new ProcessorRerun(settings, registry, 1).run(
                AuditReplay.inTieBreakOrder(inputs), FROM, TO).decisions();
        List<SignalDecision> within = new ProcessorRerun(settings, registry, 1).run(
                AuditReplay.inTieBreakOrder(inputs), from, to).decisions();

        assertThat(within).isNotEmpty().hasSizeLessThan(all.size());
        assertThat(bytesBySignal(within)).isEqualTo(bytesBySignal(all.stream()
                .filter(d -> AuditReplay.within(d.getDecidedAt(), from, to)).toList()));
    }

    @Test
    void aSignalIdSentOnTwoPartitionsIsDecidedOnEachAsTheServiceDoes() throws Exception {
        List<SignalDecision> rerun = new ProcessorRerun(settings, registry, 1).run(
                AuditReplay.inTieBreakOrder(inputs), FROM, TO).decisions();
        Driven oneTask = drive(AuditReplay.inTieBreakOrder(inputs));

        assertThat(rerun.stream().filter(d -> d.getSignalId().equals(SHARED_ID)).map(SignalDecision::getAccountId))
                .containsExactlyInAnyOrder(HALTED, "ACC-3");
        assertThat(oneTask.decisions()).hasSize(rerun.size() - 1);
    }

    private static void assertHistoryCoversTheRules(List<SignalDecision> decisions) {
        assertThat(decisions.stream().map(d -> d.getPrimaryReason().name()).collect(Collectors.toSet()))
                .contains("NONE", "DRAWDOWN_HALT", "DUPLICATE_INTENT", "KILL_SWITCH", "STRATEGY_DISABLED");
        assertThat(decisions.stream().filter(d -> d.getAccountId().equals(PANICKED)
                && d.getPrimaryReason().name().equals("KILL_SWITCH")).count())
                .as("the kill switch the PANIC wrote, read back from the control store").isPositive();
        assertThat(decisions.stream().map(SignalDecision::getSignalId).distinct().count())
                .as("replayed signalIds absorbed but two").isEqualTo(decisions.size() - 2);
        assertThat(decisions.stream().filter(d -> d.getSignalId().equals(LATE_REPLAYED)))
                .as("the late replay, decided again").hasSize(2);
    }

    /** Each decision serialized (in hex), per signalId and account. */
    private static Map<String, List<String>> bytesBySignal(List<SignalDecision> decisions) {
        Map<String, List<String>> bySignal = new HashMap<>();
        decisions.forEach(d -> bySignal.computeIfAbsent(d.getSignalId() + "@" + d.getAccountId(),
                id -> new ArrayList<>()).add(HexFormat.of().formatHex(serialize(Topics.SIGNAL_DECISIONS, d))));
        return bySignal;
    }

    /** Control and market data, and one account partition's records. */
    private static List<List<InputRecord>> only(int accountPartition) {
        Map<TopicPartition, List<InputRecord>> selected = new HashMap<>();
        inputs.forEach((partition, records) -> {
            if (ProcessorRerun.SHARED.contains(partition.topic()) || partition.partition() == accountPartition) {
                selected.put(partition, records);
            }
        });
        return AuditReplay.inTieBreakOrder(selected);
    }

    /** What the topology decided in a driver, as the bytes its sink wrote, and how many records it dead-lettered. */
    private record Driven(List<byte[]> decisions, long deadLetters) {
    }

    private Driven drive(List<List<InputRecord>> partitions) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "rerun-reference");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "reference.invalid:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory(stateDir, "driver").toString());
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.SERIALIZER, Topics.DLQ.valueSerde(registry).serializer());
        props.put(DeadLetterHandler.SERVICE, "rerun-reference");
        try (TopologyTestDriver driver = new TopologyTestDriver(RiskTopology.build(settings.inMemory(), registry),
                props, Instant.EPOCH)) {
            Map<String, TestInputTopic<byte[], byte[]>> topics = new HashMap<>();
            for (Topic<?> topic : AuditReplay.INPUTS) {
                topics.put(topic.name(), driver.createInputTopic(topic.name(), new ByteArraySerializer(),
                        new ByteArraySerializer()));
            }
            TestOutputTopic<byte[], byte[]> decisions = driver.createOutputTopic(Topics.SIGNAL_DECISIONS.name(),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            TimestampMerge.forEach(partitions, record -> topics.get(record.topic()).pipeInput(new TestRecord<>(
                    record.key(), record.value(), record.headers(), record.timestamp())));
            List<byte[]> written = decisions.readValuesToList();
            long deadLetters = driver.producedTopicNames().contains(Topics.DLQ.name())
                    ? driver.createOutputTopic(Topics.DLQ.name(), new ByteArrayDeserializer(),
                            new ByteArrayDeserializer()).getQueueSize() : 0;
            return new Driven(written, deadLetters);
        }
    }

    private static int accountPartition(String accountId) {
        return ACCOUNTS.indexOf(accountId) / 2;
    }

    @SuppressWarnings("unchecked")
    private static <V extends SpecificRecord> byte[] serialize(Topic<V> topic, Object value) {
        return ((Serializer<Object>) (Serializer<?>) topic.valueSerde(registry).serializer())
                .serialize(topic.name(), value);
    }

    /** The generated input topics, each partition's records in the order they were appended. */
    private static final class History {
        private final Random random;
        private final Map<TopicPartition, List<InputRecord>> partitions = new HashMap<>();
        private final Map<String, TradeSignal> sent = new HashMap<>();

        private History(Random random) {
            this.random = random;
        }

        private Map<TopicPartition, List<InputRecord>> generate() {
            for (int day = 260; day >= 1; day--) {
                for (String symbol : SYMBOLS) {
                    bar(symbol, START.minus(Duration.ofDays(day)).plus(Duration.ofHours(7)));
                }
            }
            int today = 0;
            for (Instant day = START; today < TRADING_DAYS; day = day.plus(Duration.ofDays(1))) {
                if (day.atZone(ZoneOffset.UTC).getDayOfWeek().getValue() >= DayOfWeek.SATURDAY.getValue()) {
                    continue;
                }
                trade(day, today++);
            }
            append(Topics.SIGNALS, 1, "ACC-3", new byte[] {9, 9, 9}, START.plus(Duration.ofDays(3)).toEpochMilli());
            return partitions;
        }

        private void trade(Instant open, int today) {
            for (String symbol : SYMBOLS) {
                bar(symbol, open.minusSeconds(60));
            }
            for (String account : ACCOUNTS) {
                ReconStatus status = account.equals(HALTED) && today >= 11 && today <= 12 ? ReconStatus.FAIL
                        : ReconStatus.PASS;
                add(Topics.RECON_RESULTS, account, recon(account, status, open.plusSeconds(1)), open.plusSeconds(1));
                add(Topics.BROKER_SNAPSHOTS, account, snapshot(account, equity(account, today),
                        open.plusSeconds(2)), open.plusSeconds(2));
            }
            controls(open, today);
            for (int minute = 1; minute <= 20; minute++) {
                for (String account : ACCOUNTS) {
                    signals(account, today, minute, open.plus(Duration.ofMinutes(minute))
                            .plusMillis(random.nextInt(50_000)));
                }
            }
            if (today == 2) {
                lateReplay(open);
            }
        }

        /**
         * On partition 0, a replay of this morning's first signal stamped hours ahead (absorbed), then one of
         * yesterday's, stamped a day and 10 minutes after it: the task's stream time is now more than a day past
         * the replayed signal's hour, so it is no longer looked for and the replay is decided again; measured from
         * the replay's own timestamp it would have been absorbed.
         */
        private void lateReplay(Instant open) {
            add(Topics.SIGNALS, HALTED, sent.get(HALTED + "-2-1"), open.plus(Duration.ofMinutes(150)));
            TradeSignal yesterday = sent.get(LATE_REPLAYED);
            add(Topics.SIGNALS, yesterday.getAccountId(), yesterday, yesterday.getCreatedAt()
                    .plus(Duration.ofDays(1)).plus(Duration.ofMinutes(10)));
        }

        private void signals(String account, int today, int minute, Instant at) {
            String id = account + "-" + today + "-" + minute;
            String symbol = SYMBOLS.get(random.nextInt(SYMBOLS.size()));
            Side side = random.nextInt(3) == 0 ? Side.SELL : Side.BUY;
            long quantity = 1 + random.nextInt(40);
            String strategy = STRATEGIES.get((today + minute) % STRATEGIES.size());
            TradeSignal signal = signal(id, account, strategy, symbol, side, quantity, at);
            sent.put(id, signal);
            add(Topics.SIGNALS, account, signal, at);
            if (random.nextInt(10) == 0) {
                add(Topics.SIGNALS, account, signal, at.plusMillis(500));
            }
            if (random.nextInt(15) == 0) {
                TradeSignal twin = signal(id + "-twin", account, strategy, symbol, side, quantity, at.plusSeconds(2));
                add(Topics.SIGNALS, account, twin, at.plusSeconds(2));
            }
            if (random.nextInt(4) == 0) {
                add(Topics.FILLS, account, fill(id, account, symbol, side, quantity, at.plusSeconds(3)),
                        at.plusSeconds(3));
            }
            if (random.nextInt(40) == 0) {
                // Late: written after the signal, stamped before it.
                add(Topics.FILLS, account, fill(id + "-late", account, symbol, side, 1, at.minusSeconds(40)),
                        at.minusSeconds(40));
            }
            if (account.equals("ACC-3") && today == 2 && minute == 6) {
                add(Topics.SIGNALS, account, signal(SHARED_ID, account, strategy, symbol, side, quantity, at), at);
            }
        }

        private void controls(Instant open, int today) {
            if (today == 4) {
                control(new ControlKey.StrategySwitch("breakout").value(), true, null, open.plusSeconds(300));
            }
            if (today == 6) {
                control(new ControlKey.StrategySwitch("breakout").value(), false, null, open.plusSeconds(300));
                control(new ControlKey.AccountKillSwitch(SWITCHED_OFF).value(), true, "HALT_ONLY",
                        open.plusSeconds(400));
            }
            if (today == 7) {
                control(new ControlKey.AccountKillSwitch(SWITCHED_OFF).value(), false, null, open.plusSeconds(100));
            }
            if (today == 9) {
                control(new ControlKey.GlobalKillSwitch().value(), true, "HALT_ONLY", open.plusSeconds(420));
                control(new ControlKey.GlobalKillSwitch().value(), false, null, open.plusSeconds(720));
            }
        }

        /** The halted account loses 9% on day 3, the panicked one 12% on day 5; the others wander within 3%. */
        private String equity(String account, int day) {
            if (account.equals(HALTED)) {
                return day < 3 ? "1000000" : "910000";
            }
            if (account.equals(PANICKED)) {
                return day < 5 ? "1000000" : "880000";
            }
            return String.valueOf(1_000_000 - random.nextInt(30_000));
        }

        private void bar(String symbol, Instant at) {
            add(Topics.MARKET_DATA, symbol, MarketBar.newBuilder().setEventId("bar-" + symbol + "-" + at.toEpochMilli())
                    .setCausationId(null).setSymbol(symbol).setBarTime(at).setOpen(PRICE).setHigh(PRICE).setLow(PRICE)
                    .setClose(PRICE).setVolume(Decimals.of(1000)).build(), at);
        }

        private void control(String key, boolean active, String mode, Instant at) {
            add(Topics.CONTROL, key, ControlRecord.newBuilder().setEventId("ctl-" + key + "-" + at.toEpochMilli())
                    .setCausationId(null).setKey(key).setActive(active).setMode(mode).setReason("test")
                    .setOperator("alice").setOrigin("MANUAL").setCommandId("cmd-" + key + "-" + at.toEpochMilli())
                    .setAt(at).setParams(Map.of()).build(), at);
        }

        private static TradeSignal signal(String id, String account, String strategy, String symbol, Side side,
                long quantity, Instant at) {
            return SampleRecords.signal().setEventId("evt-" + id).setSignalId(id).setAccountId(account)
                    .setStrategyId(strategy).setSymbol(symbol).setSide(side).setQuantity(Decimals.of(quantity))
                    .setOrderType(OrderType.MARKET).setLimitPrice(null).setReferencePrice(PRICE).setCreatedAt(at)
                    .build();
        }

        private static Fill fill(String id, String account, String symbol, Side side, long quantity, Instant at) {
            return Fill.newBuilder().setEventId("evt-fill-" + id).setCausationId(null).setFillId("exec-" + id)
                    .setIntentId("intent-" + id).setAccountId(account).setSymbol(symbol).setSide(side)
                    .setQuantity(Decimals.of(quantity)).setPrice(PRICE).setFee(Decimals.of("1"))
                    .setBrokerId("paper").setFilledAt(at).build();
        }

        private static BrokerSnapshot snapshot(String account, String equity, Instant at) {
            return BrokerSnapshot.newBuilder().setEventId("snap-" + account + "-" + at.toEpochMilli())
                    .setCausationId(null).setAccountId(account).setBrokerId("paper").setAsOf(at)
                    .setCash(Decimals.of(equity)).setEquity(Decimals.of(equity)).setPositions(List.of())
                    .setOpenOrders(0).build();
        }

        private static ReconciliationResult recon(String account, ReconStatus status, Instant at) {
            return ReconciliationResult.newBuilder().setEventId("recon-" + account + "-" + at.toEpochMilli())
                    .setCausationId(null).setAccountId(account).setBrokerId("paper").setSnapshotAsOf(at)
                    .setStatus(status).setDiscrepancies(List.of())
                    .setConsecutiveFailures(status == ReconStatus.FAIL ? 2 : 0).build();
        }

        private <V extends SpecificRecord> void add(Topic<V> topic, String key, V value, Instant at) {
            append(topic, topic == Topics.MARKET_DATA ? SYMBOLS.indexOf(key) / 2 : topic == Topics.CONTROL ? 0
                    : accountPartition(key), key, serialize(topic, value), at.toEpochMilli());
        }

        private void append(Topic<?> topic, int partition, String key, byte[] value, long timestamp) {
            List<InputRecord> records = partitions.computeIfAbsent(new TopicPartition(topic.name(), partition),
                    p -> new ArrayList<>());
            records.add(new InputRecord(topic.name(), partition, records.size(), timestamp,
                    key.getBytes(StandardCharsets.UTF_8), value, new RecordHeaders()));
        }
    }
}
