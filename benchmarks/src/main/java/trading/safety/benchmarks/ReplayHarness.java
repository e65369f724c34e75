package trading.safety.benchmarks;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.springframework.core.env.StandardEnvironment;
import trading.safety.console.replay.AuditReplay;
import trading.safety.console.replay.ReplayLimits;
import trading.safety.console.replay.ReplayReport;
import trading.safety.console.replay.RiskSettingsLoader;
import trading.safety.contract.registry.ConfluentRegistryClient;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.TopicProvisioner;
import trading.safety.contract.topic.Topics;
import trading.safety.embedded.ApicurioDistribution;
import trading.safety.embedded.ApicurioRegistry;
import trading.safety.embedded.EmbeddedKafka;
import trading.safety.embedded.TestRegistry;
import trading.safety.risk.topology.RiskTopology;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.Fill;
import trading.safety.v1.MarketBar;
import trading.safety.v1.OrderType;
import trading.safety.v1.ReconStatus;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.Side;
import trading.safety.v1.SignalSource;
import trading.safety.v1.TimeInForce;
import trading.safety.v1.TradeSignal;

/**
 * Audit replay speed: a recorded range on an in-process KRaft broker (Apicurio Registry as its own process),
 * re-verified by ops-console's {@link AuditReplay} several times; the median rate of decisions re-verified.
 *
 * <p>The range: a year of daily bars for every symbol (the data-quality gate wants 250 days), then
 * {@code signals} signals spread evenly over {@code accounts} accounts (one every 25 ms overall), a broker
 * snapshot per account every 5 minutes, a reconciliation result per account, a fill for one signal in ten
 * and an operator disabling one of three strategies a third of the way in. The recorded decisions are what
 * risk-stream's topology decides over those inputs in a test driver, written to the decisions topic with
 * their {@code decidedAt} as timestamp. Every input has a timestamp of its own, so the order is unambiguous.
 *
 * <p>Usage: {@code ReplayHarness [signals, default 100000] [accounts, default 50] [runs, default 5] [replay
 * threads, default the processors]}; one more run before them warms the JIT up and is not counted.
 */
public final class ReplayHarness {

    private static final int HISTORY_DAYS = 260;
    private static final long SIGNAL_SPACING_MS = 25;
    private static final long SNAPSHOT_EVERY_MS = Duration.ofMinutes(5).toMillis();
    private static final BigDecimal PRICE = Decimals.of("100");
    private static final List<String> SYMBOLS = IntStream.range(0, 20).mapToObj(i -> "SYM" + i).toList();
    private static final List<String> STRATEGIES = List.of("trend", "mean-revert", "breakout");

    private final SchemaRegistry registry;
    /** The first signal's time: recent, so the broker's retention keeps the range. */
    private final Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(2));
    private final Random random = new Random(7);
    private final List<Input> inputs = new ArrayList<>();

    /** One generated input record, on its way to the broker and the recording driver. */
    private record Input(Topic<?> topic, String key, byte[] value, long timestamp) {
    }

    private ReplayHarness(SchemaRegistry registry) {
        this.registry = registry;
    }

    public static void main(String[] args) throws Exception {
        int signals = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int accounts = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int threads = args.length > 3 ? Integer.parseInt(args[3]) : Runtime.getRuntime().availableProcessors();
        Path work = Files.createTempDirectory("replay-bench");
        ApicurioRegistry apicurio = ApicurioRegistry.start(ApicurioDistribution.unpack(ApicurioDistribution.archive(),
                Paths.get(System.getProperty("java.io.tmpdir"), "trading-safety-apicurio-"
                        + ApicurioDistribution.version())), TestRegistry.freePort(), TestRegistry.freePort(), null,
                work.resolve("registry.log"), Duration.ofSeconds(90));
        try (EmbeddedKafka kafka = EmbeddedKafka.start(work.resolve("kafka"), TestRegistry.freePort(),
                TestRegistry.freePort())) {
            System.out.printf("broker in process, registry pid %d; work in %s%n", apicurio.pid(), work);
            SchemaRegistry registry = new ConfluentRegistryClient(apicurio.confluentApiUrl(), Duration.ofSeconds(10));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()))) {
                new TopicProvisioner(admin, (short) 1, 1, Duration.ofSeconds(60)).provision(Topics.ALL);
                // The gate needs 250 days of bars and the contract keeps market data 30 days: a replay is exact only
                // where the history is retained (docs/decisions.md), so this broker keeps it.
                admin.incrementalAlterConfigs(Map.of(new ConfigResource(ConfigResource.Type.TOPIC,
                        Topics.MARKET_DATA.name()), List.of(new AlterConfigOp(new ConfigEntry(
                                TopicConfig.RETENTION_MS_CONFIG, "-1"), AlterConfigOp.OpType.SET)))).all().get();
            }
            RiskTopology.Settings settings = RiskSettingsLoader.settings(new StandardEnvironment());
            ReplayHarness harness = new ReplayHarness(registry);
            Instant end = harness.generate(signals, accounts);
            long started = System.nanoTime();
            int recorded = harness.record(kafka.bootstrapServers(), settings);
            System.out.printf("wrote %,d inputs and %,d recorded decisions in %.1f s%n", harness.inputs.size(),
                    recorded, (System.nanoTime() - started) / 1e9);
            AuditReplay replay = new AuditReplay(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()), registry, settings, new ReplayLimits(5_000_000, 10, Duration.ofMinutes(10), threads));
            harness.measure(replay, end, runs);
        } finally {
            apicurio.close();
        }
    }

    private void measure(AuditReplay replay, Instant end, int runs) {
        double[] rates = new double[runs];
        for (int run = 0; run <= runs; run++) {
            ReplayReport report = replay.replay(start, end);
            System.out.printf("%s: %,d inputs, %,d decisions checked, %,d matched, %,d ms, %,.0f decisions/s%n",
                    run == 0 ? "warm-up" : "run " + run, report.inputRecords(), report.checked(), report.matched(),
                    report.elapsedMs(), report.decisionsPerSecond());
            if (!report.consistent()) {
                throw new IllegalStateException(report.mismatchCount() + " mismatches, the first: "
                        + report.mismatches());
            }
            if (run > 0) {
                rates[run - 1] = report.decisionsPerSecond();
            }
        }
        double[] sorted = rates.clone();
        Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        System.out.printf("audit replay, median of %d runs: %,.0f decisions re-verified per second (runs: %s)%n",
                runs, median, Arrays.toString(Arrays.stream(rates).map(Math::rint).toArray()));
    }

    /** Generates the range's inputs; answers the time of the last one. */
    private Instant generate(int signals, int accounts) {
        List<String> names = IntStream.range(0, accounts).mapToObj(a -> "ACC-" + a).toList();
        for (int s = 0; s < SYMBOLS.size(); s++) {
            for (int day = HISTORY_DAYS; day >= 1; day--) {
                Instant at = start.minus(Duration.ofDays(day)).plus(Duration.ofHours(6));
                add(Topics.MARKET_DATA, SYMBOLS.get(s), bar(SYMBOLS.get(s), at), at.toEpochMilli() + s);
            }
        }
        long first = start.toEpochMilli();
        long last = first + signals * SIGNAL_SPACING_MS;
        // Offsets within the 25 ms grid keep every timestamp distinct: signals 0, snapshots 3, recon 11, fills 12.
        for (int a = 0; a < accounts; a++) {
            long at = first - Duration.ofMinutes(10).toMillis() + a * SIGNAL_SPACING_MS + 11;
            add(Topics.RECON_RESULTS, names.get(a), recon(names.get(a), Instant.ofEpochMilli(at)), at);
        }
        for (long slot = first - SNAPSHOT_EVERY_MS; slot <= last; slot += SNAPSHOT_EVERY_MS) {
            for (int a = 0; a < accounts; a++) {
                long at = slot + a * SIGNAL_SPACING_MS + 3;
                add(Topics.BROKER_SNAPSHOTS, names.get(a), snapshot(names.get(a), Instant.ofEpochMilli(at)), at);
            }
        }
        long disabledAt = first + (last - first) / 3 + 7;
        add(Topics.CONTROL, "strategy/breakout", disable("breakout", Instant.ofEpochMilli(disabledAt)), disabledAt);
        for (int i = 0; i < signals; i++) {
            long at = first + i * SIGNAL_SPACING_MS;
            TradeSignal signal = signal("bench-" + i, names.get(i % accounts), STRATEGIES.get(i % STRATEGIES.size()),
                    Instant.ofEpochMilli(at));
            add(Topics.SIGNALS, signal.getAccountId(), signal, at);
            if (random.nextInt(10) == 0) {
                add(Topics.FILLS, signal.getAccountId(), fill(signal, Instant.ofEpochMilli(at + 12)), at + 12);
            }
        }
        inputs.sort(Comparator.comparingLong(Input::timestamp));
        return Instant.ofEpochMilli(inputs.get(inputs.size() - 1).timestamp());
    }

    /**
     * Sends the inputs, runs risk-stream's topology over them once and sends its decisions as the record;
     * answers how many decisions were recorded.
     */
    private int record(String bootstrap, RiskTopology.Settings settings) throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "replay-bench-recording");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("replay-bench-state").toString());
        int recorded = 0;
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20, ProducerConfig.BATCH_SIZE_CONFIG, 262_144),
                new StringSerializer(), new ByteArraySerializer());
                TopologyTestDriver driver = new TopologyTestDriver(RiskTopology.build(settings, registry), props,
                        Instant.EPOCH)) {
            Map<String, TestInputTopic<String, byte[]>> topics = new HashMap<>();
            TestOutputTopic<String, byte[]> decisions = driver.createOutputTopic(Topics.SIGNAL_DECISIONS.name(),
                    new StringDeserializer(), new ByteArrayDeserializer());
            for (Input input : inputs) {
                producer.send(new ProducerRecord<>(input.topic().name(), null, input.timestamp(), input.key(),
                        input.value()));
                topics.computeIfAbsent(input.topic().name(), name -> driver.createInputTopic(name,
                        new StringSerializer(), new ByteArraySerializer()))
                        .pipeInput(new TestRecord<>(input.key(), input.value(), null, input.timestamp()));
                while (!decisions.isEmpty()) {
                    TestRecord<String, byte[]> decision = decisions.readRecord();
                    producer.send(new ProducerRecord<>(Topics.SIGNAL_DECISIONS.name(), null,
                            decision.timestamp(), decision.key(), decision.value()));
                    recorded++;
                }
                for (String other : driver.producedTopicNames()) {
                    if (!other.equals(Topics.SIGNAL_DECISIONS.name())) {
                        driver.createOutputTopic(other, new StringDeserializer(), new ByteArrayDeserializer())
                                .readRecordsToList();
                    }
                }
            }
            producer.flush();
        }
        return recorded;
    }

    private <V extends SpecificRecord> void add(Topic<V> topic, String key, V value, long timestamp) {
        inputs.add(new Input(topic, key, topic.valueSerde(registry).serializer().serialize(topic.name(), value),
                timestamp));
    }

    private TradeSignal signal(String id, String account, String strategy, Instant at) {
        return TradeSignal.newBuilder().setEventId("evt-" + id).setCausationId(null).setSignalId(id)
                .setAccountId(account).setStrategyId(strategy).setSymbol(SYMBOLS.get(random.nextInt(SYMBOLS.size())))
                .setSide(random.nextInt(3) == 0 ? Side.SELL : Side.BUY).setQuantity(Decimals.of(1 + random.nextInt(100)))
                .setOrderType(OrderType.MARKET).setLimitPrice(null).setTimeInForce(TimeInForce.DAY)
                .setReferencePrice(PRICE).setCreatedAt(at).setSource(SignalSource.KAFKA)
                .setTags(Map.of()).build();
    }

    private static Fill fill(TradeSignal signal, Instant at) {
        return Fill.newBuilder().setEventId("fill-" + signal.getSignalId()).setCausationId(null)
                .setFillId("exec-" + signal.getSignalId()).setIntentId("intent-" + signal.getSignalId())
                .setAccountId(signal.getAccountId()).setSymbol(signal.getSymbol()).setSide(signal.getSide())
                .setQuantity(signal.getQuantity()).setPrice(PRICE).setFee(Decimals.of("1"))
                .setBrokerId("paper").setFilledAt(at).build();
    }

    private static BrokerSnapshot snapshot(String account, Instant at) {
        return BrokerSnapshot.newBuilder().setEventId("snap-" + account + "-" + at.toEpochMilli()).setCausationId(null)
                .setAccountId(account).setBrokerId("paper").setAsOf(at).setCash(Decimals.of(1_000_000))
                .setEquity(Decimals.of(1_000_000)).setPositions(List.of()).setOpenOrders(0).build();
    }

    private static ReconciliationResult recon(String account, Instant at) {
        return ReconciliationResult.newBuilder().setEventId("recon-" + account).setCausationId(null)
                .setAccountId(account).setBrokerId("paper").setSnapshotAsOf(at).setStatus(ReconStatus.PASS)
                .setDiscrepancies(List.of()).setConsecutiveFailures(0).build();
    }

    private static ControlRecord disable(String strategy, Instant at) {
        return ControlRecord.newBuilder().setEventId("ctl-" + strategy).setCausationId(null)
                .setKey("strategy/" + strategy).setActive(true).setMode(null).setReason("benchmark")
                .setOperator("bench").setOrigin("MANUAL").setCommandId("cmd-" + strategy).setAt(at)
                .setParams(Map.of()).build();
    }

    /** A flat bar at the signals' reference price, so no bar is a jump. */
    private static MarketBar bar(String symbol, Instant at) {
        return MarketBar.newBuilder().setEventId("bar-" + symbol + "-" + at.toEpochMilli()).setCausationId(null)
                .setSymbol(symbol).setBarTime(at).setOpen(PRICE).setHigh(PRICE).setLow(PRICE).setClose(PRICE)
                .setVolume(Decimals.of(1000)).build();
    }
}
