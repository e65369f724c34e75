package trading.safety.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import trading.safety.contract.registry.InMemorySchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topics;
import trading.safety.recon.domain.AccountLedger;
import trading.safety.recon.domain.Reconciler;
import trading.safety.recon.topology.ReconTopology;
import trading.safety.v1.BrokerPosition;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.Fill;
import trading.safety.v1.Side;

/**
 * Reconciling one broker snapshot of {@code positions} positions against a ledger of as many holdings:
 * <ul>
 *   <li>{@code topology}: the whole of recon-stream's work for the snapshot, as its stream thread does it:
 *       decoding the Avro snapshot, reading and writing the account's ledger in its store (RocksDB when
 *       {@code durable}), comparing every position, cash and the day's PnL, and encoding the result;</li>
 *   <li>{@code fillThenSnapshot}: a fill of one symbol, then the snapshot (alternately one that differs by
 *       that fill and one that matches), so the account's ledger is written back each time: a busy account;</li>
 *   <li>{@code compareOnly}: the comparison alone ({@link Reconciler#compare}), for scale.</li>
 * </ul>
 * Sample time, so the report has percentiles. The topology runs in a {@link TopologyTestDriver}: the same
 * processors, stores and serdes, without the broker round trips (those are the kill-switch harness's).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class ReconcileBenchmark {

    private static final String ACCOUNT = "ACC-BENCH";
    private static final Instant T0 = Instant.parse("2026-11-20T14:30:00Z");

    @Param({"10000"})
    public int positions;

    @Param({"true", "false"})
    public boolean durable;

    private Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, byte[]> snapshots;
    private TestInputTopic<String, byte[]> fills;
    private org.apache.kafka.common.serialization.Serializer<Fill> fillSerializer;
    private long fillNumber;
    private TestOutputTopic<String, byte[]> results;
    private byte[] snapshotBytes;
    private long second;
    private Reconciler reconciler;
    private AccountLedger ledger;
    private java.util.Map<String, BigDecimal> brokerQuantities;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        stateDir = Files.createTempDirectory("recon-bench");
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        reconciler = new Reconciler(new BigDecimal("0.01"), 2);
        Properties properties = new Properties();
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, "recon-bench");
        properties.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ReconTopology.build(ReconTopology.Settings.runbookDefaults(durable),
                registry), properties);
        snapshots = driver.createInputTopic(Topics.BROKER_SNAPSHOTS.name(), new StringSerializer(),
                new ByteArraySerializer());
        fills = driver.createInputTopic(Topics.FILLS.name(), new StringSerializer(), new ByteArraySerializer());
        fillSerializer = Topics.FILLS.valueSerde(registry).serializer();
        results = driver.createOutputTopic(Topics.RECON_RESULTS.name(), new StringDeserializer(),
                new ByteArrayDeserializer());
        List<BrokerPosition> held = new ArrayList<>(positions);
        java.util.Map<String, AccountLedger.Holding> holdings = new java.util.HashMap<>();
        brokerQuantities = new java.util.HashMap<>();
        BigDecimal marketValue = BigDecimal.ZERO;
        for (int i = 0; i < positions; i++) {
            String symbol = String.format("S%05d", i);
            BigDecimal quantity = BigDecimal.valueOf(10 + i % 90);
            BigDecimal price = new BigDecimal("25.125").add(BigDecimal.valueOf(i % 500));
            held.add(BrokerPosition.newBuilder().setSymbol(symbol).setQuantity(Decimals.of(quantity))
                    .setAvgPrice(Decimals.of(price)).setMarketValue(Decimals.of(quantity.multiply(price))).build());
            holdings.put(symbol, new AccountLedger.Holding(quantity, price));
            brokerQuantities.put(symbol, quantity);
            marketValue = marketValue.add(quantity.multiply(price));
        }
        BigDecimal cash = new BigDecimal("1000000");
        snapshotBytes = Topics.BROKER_SNAPSHOTS.valueSerde(registry).serializer().serialize(
                Topics.BROKER_SNAPSHOTS.name(), BrokerSnapshot.newBuilder().setEventId("snap-bench")
                        .setCausationId(null).setAccountId(ACCOUNT).setBrokerId("paper").setAsOf(T0)
                        .setCash(Decimals.of(cash)).setEquity(Decimals.of(cash.add(marketValue)))
                        .setPositions(held).setOpenOrders(0).build());
        ledger = AccountLedger.empty().withBalances(cash, holdings);
        // The first snapshot opens the ledger with every position; each later one is reconciled against it.
        pipe();
        if (results.readRecordsToList().size() != 1) {
            throw new IllegalStateException("the opening snapshot gave no result");
        }
    }

    @Benchmark
    public int topology() {
        pipe();
        return results.readRecordsToList().size();
    }

    @Benchmark
    public int fillThenSnapshot() {
        fillNumber++;
        second++;
        Instant at = T0.plusSeconds(second);
        fills.pipeInput(ACCOUNT, fillSerializer.serialize(Topics.FILLS.name(), Fill.newBuilder()
                .setEventId("fill:B-" + fillNumber).setCausationId(null).setFillId("B-" + fillNumber)
                .setIntentId("intent-B-" + fillNumber).setAccountId(ACCOUNT).setSymbol("S00000")
                .setSide(fillNumber % 2 == 1 ? Side.BUY : Side.SELL).setQuantity(Decimals.of(1))
                .setPrice(Decimals.of("25.125")).setFee(Decimals.of(0)).setBrokerId("paper").setFilledAt(at)
                .build()), at);
        pipe();
        return results.readRecordsToList().size();
    }

    @Benchmark
    public int compareOnly() {
        return reconciler.compare(ledger, ledger.cash(), brokerQuantities).size();
    }

    private void pipe() {
        second++;
        snapshots.pipeInput(ACCOUNT, snapshotBytes, T0.plusSeconds(second));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        driver.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
