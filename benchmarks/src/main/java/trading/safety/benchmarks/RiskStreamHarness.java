package trading.safety.benchmarks;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import trading.safety.contract.registry.ConfluentRegistryClient;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.TopicProvisioner;
import trading.safety.contract.topic.Topics;
import trading.safety.embedded.HttpReadiness;
import trading.safety.embedded.TestRegistry;
import trading.safety.risk.app.RiskStreamsRunner;
import trading.safety.risk.config.RiskProperties;
import trading.safety.risk.domain.DataQualityGate;
import trading.safety.risk.domain.DrawdownPolicy;
import trading.safety.risk.domain.RiskLimits;
import trading.safety.risk.processor.RiskMetrics;
import trading.safety.risk.topology.RiskTopology;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.DrawdownState;
import trading.safety.v1.MarketBar;
import trading.safety.v1.OrderType;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.Side;
import trading.safety.v1.SignalSource;
import trading.safety.v1.SymbolQuality;
import trading.safety.v1.TimeInForce;
import trading.safety.v1.TradeSignal;

/**
 * Load harness for risk-stream, with the broker and the registry as their own processes.
 * <ol>
 *   <li>Throughput: the same preloaded signals (10,000 accounts with a broker snapshot each, 500 tradable
 *   symbols) are read by risk-stream's topology and, alternately, by a bare one-store Streams app (Avro in,
 *   one RocksDB get and put per record, Avro out), both exactly_once_v2 in this process with the same
 *   threads and commit interval; the rate between 10% and 90% of the input is compared.</li>
 *   <li>Latency and memory: the risk-stream service runs as its own process, catches up on everything
 *   above plus a year of daily bars for the 500 symbols, then gets signals at a fixed rate; latency is
 *   from a signal's append (its record timestamp) to its decision reaching a read_committed consumer,
 *   once per commit interval given. The service's resident set size is read from /proc at the end.</li>
 * </ol>
 *
 * <p>Usage: {@code RiskStreamHarness <risk-stream exec jar> [signals] [runs] [latency seconds, 0 to skip the
 * service phase] [commit intervals ms, comma-separated] [latency rate] [throughput runs, default runs, 0 to
 * skip] [service stream threads, default 1] [service producer linger ms, default the service's]}
 */
public final class RiskStreamHarness {

    private static final int ACCOUNTS = 10_000;
    private static final int SYMBOLS = 500;
    private static final int HISTORY_DAYS = 260;
    private static final int THREADS = 2;
    private static final Duration COMMIT = Duration.ofMillis(100);
    private static final String BARE_IN = "bench.bare-in";
    private static final String BARE_OUT = "bench.bare-out";
    private static final String SERVICE_APP_ID = "risk-stream-bench";

    private final String bootstrap;
    private final SchemaRegistry registry;
    private final Path work;
    private final Random random = new Random(42);

    private RiskStreamHarness(String bootstrap, SchemaRegistry registry, Path work) {
        this.bootstrap = bootstrap;
        this.registry = registry;
        this.work = work;
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: RiskStreamHarness <risk-stream exec jar> [signals] [runs] [latency seconds] "
                    + "[commit intervals ms] [latency rate] [throughput runs] [service stream threads] [linger ms]");
            System.exit(2);
        }
        Path serviceJar = Paths.get(args[0]);
        int signals = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int latencySeconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int[] intervals = Arrays.stream((args.length > 4 ? args[4] : "100,20,10").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int rate = args.length > 5 ? Integer.parseInt(args[5]) : 1000;
        int throughputRuns = args.length > 6 ? Integer.parseInt(args[6]) : runs;
        int serviceThreads = args.length > 7 ? Integer.parseInt(args[7]) : 1;
        String linger = args.length > 8 ? args[8] + "ms" : null;

        Path work = Files.createTempDirectory("risk-load");
        try (Infrastructure infrastructure = Infrastructure.start(work)) {
            System.out.printf("%s; logs in %s%n", infrastructure.pids(), work);
            RiskStreamHarness harness = new RiskStreamHarness(infrastructure.bootstrap(),
                    new ConfluentRegistryClient(infrastructure.registryUrl(), Duration.ofSeconds(10)), work);
            harness.provision();
            harness.preload(signals);
            if (throughputRuns > 0) {
                harness.throughput(signals, throughputRuns);
            }
            if (latencySeconds > 0) {
                harness.serviceLatencyAndMemory(serviceJar, infrastructure.registryUrl(), intervals, rate, runs,
                        latencySeconds, serviceThreads, linger);
            }
        }
    }

    private void provision() throws Exception {
        try (Admin admin = admin()) {
            new TopicProvisioner(admin, (short) 1, 1, Duration.ofSeconds(60)).provision(Topics.ALL);
            admin.createTopics(List.of(new NewTopic(BARE_IN, Topics.KEYED_PARTITIONS, (short) 1),
                    new NewTopic(BARE_OUT, Topics.KEYED_PARTITIONS, (short) 1))).all().get();
        }
    }

    /** Verdicts for every symbol, a snapshot for every account, then the signals, on both input topics. */
    private void preload(int signals) throws Exception {
        long started = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer(20)) {
            Instant now = Instant.now();
            for (int s = 0; s < SYMBOLS; s++) {
                String symbol = symbol(s);
                send(producer, Topics.SYMBOL_QUALITY, symbol, SymbolQuality.newBuilder().setEventId("q-" + symbol)
                        .setCausationId(null).setSymbol(symbol).setTradable(true).setIssues(List.of())
                        .setLastBarTime(now).setHistoryDays(HISTORY_DAYS).setUpdatedAt(now).build(), now);
            }
            for (int a = 0; a < ACCOUNTS; a++) {
                send(producer, Topics.BROKER_SNAPSHOTS, account(a), snapshot(account(a), now), now);
            }
            var serializer = Topics.SIGNALS.valueSerde(registry).serializer();
            for (int i = 0; i < signals; i++) {
                Instant at = Instant.now();
                TradeSignal signal = signal("pre-" + i, account(i % ACCOUNTS), at);
                byte[] bytes = serializer.serialize(Topics.SIGNALS.name(), signal);
                producer.send(new ProducerRecord<>(Topics.SIGNALS.name(), null, at.toEpochMilli(),
                        signal.getAccountId(), bytes));
                producer.send(new ProducerRecord<>(BARE_IN, null, at.toEpochMilli(), signal.getAccountId(), bytes));
            }
            producer.flush();
        }
        System.out.printf("preloaded %d symbols, %d accounts and %d signals in %.1f s%n", SYMBOLS, ACCOUNTS, signals,
                (System.nanoTime() - started) / 1e9);
    }

    private void throughput(int signals, int runs) throws Exception {
        List<Double> bare = new ArrayList<>();
        List<Double> risk = new ArrayList<>();
        // Run 0 of each warms the JIT up and is not counted.
        for (int run = 0; run <= runs; run++) {
            AtomicLong bareCount = new AtomicLong();
            double bareRate = measure("bench-bare-" + run, bareTopology(bareCount), bareCount, signals);
            AtomicLong riskCount = new AtomicLong();
            double riskRate = measure("bench-risk-" + run, riskTopology(riskCount), riskCount, signals);
            if (run == 0) {
                System.out.printf("warm-up: bare %,.0f records/s, risk-stream %,.0f signals/s%n", bareRate, riskRate);
                continue;
            }
            bare.add(bareRate);
            risk.add(riskRate);
            System.out.printf("throughput run %d: bare %,.0f records/s, risk-stream %,.0f signals/s (%.0f%%)%n", run,
                    bareRate, riskRate, 100 * riskRate / bareRate);
        }
        double bareMedian = median(bare);
        double riskMedian = median(risk);
        System.out.printf("throughput, exactly_once_v2, %d threads, commit %d ms, medians of %d: bare %,.0f/s, "
                + "risk-stream %,.0f/s, ratio %.2f (per-run ratios %s)%n", THREADS, COMMIT.toMillis(), runs,
                bareMedian, riskMedian, riskMedian / bareMedian, ratios(risk, bare));
    }

    /** Runs a topology over the whole preloaded input; the rate between 10% and 90% of it. */
    private double measure(String applicationId, Topology topology, AtomicLong processed, int total)
            throws InterruptedException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) COMMIT.toMillis());
        props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, THREADS);
        props.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("streams-state").toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        try (KafkaStreams streams = new KafkaStreams(topology, props)) {
            streams.start();
            long low = total / 10;
            long high = total - low;
            long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            while (processed.get() < low && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long t1 = System.nanoTime();
            long c1 = processed.get();
            while (processed.get() < high && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            long t2 = System.nanoTime();
            long c2 = processed.get();
            System.out.println("  " + applicationId + " thread time: " + threadRatios(streams));
            streams.close(Duration.ofSeconds(30));
            streams.cleanUp();
            return (c2 - c1) / ((t2 - t1) / 1e9);
        }
    }

    /** Where the stream threads spent their time (Streams' own ratios, averaged over threads). */
    private static String threadRatios(KafkaStreams streams) {
        Map<String, double[]> sums = new java.util.TreeMap<>();
        streams.metrics().forEach((name, metric) -> {
            if (name.group().equals("stream-thread-metrics") && (name.name().endsWith("-ratio")
                    || name.name().equals("commit-latency-avg")) && metric.metricValue() instanceof Double value
                    && !value.isNaN()) {
                double[] sum = sums.computeIfAbsent(name.name(), k -> new double[2]);
                sum[0] += value;
                sum[1]++;
            }
        });
        List<String> parts = new ArrayList<>();
        sums.forEach((name, sum) -> parts.add(String.format("%s %.2f", name, sum[0] / sum[1])));
        return String.join(", ", parts);
    }

    private Topology riskTopology(AtomicLong decided) {
        RiskProperties settings = new RiskProperties("unused", "unused", StreamsConfig.EXACTLY_ONCE_V2, COMMIT,
                THREADS, Duration.ofMillis(100), Duration.ofHours(24), new RiskProperties.Calendar("America/New_York", List.of(),
                        List.of("SATURDAY", "SUNDAY")),
                DrawdownPolicy.runbookDefaults(), RiskLimits.defaults(), DataQualityGate.runbookDefaults());
        return RiskTopology.build(RiskStreamsRunner.settings(settings, new RiskMetrics() {
            @Override
            public void decided(boolean approved, ReasonCode primaryReason, long appendedAtMs) {
                decided.incrementAndGet();
            }

            @Override
            public void replayAbsorbed() {
            }

            @Override
            public void riskState(String accountId, DrawdownState state, BigDecimal drawdown) {
            }
        }), registry);
    }

    /** The platform's reference: Avro in, one RocksDB get and put per record, Avro out. */
    private Topology bareTopology(AtomicLong processed) {
        Topology topology = new Topology();
        var signals = Topics.SIGNALS.valueSerde(registry);
        topology.addSource("in", Serdes.String().deserializer(), signals.deserializer(), BARE_IN);
        topology.addProcessor("count", () -> new Processor<String, TradeSignal, String, TradeSignal>() {
            private KeyValueStore<String, Long> store;
            private ProcessorContext<String, TradeSignal> context;

            @Override
            public void init(ProcessorContext<String, TradeSignal> context) {
                this.context = context;
                this.store = context.getStateStore("counts");
            }

            @Override
            public void process(Record<String, TradeSignal> record) {
                Long seen = store.get(record.key());
                store.put(record.key(), seen == null ? 1 : seen + 1);
                context.forward(record);
                processed.incrementAndGet();
            }
        }, "in");
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore("counts"), Serdes.String(),
                Serdes.Long()), "count");
        topology.addSink("out", BARE_OUT, Serdes.String().serializer(), signals.serializer(), "count");
        return topology;
    }

    private void serviceLatencyAndMemory(Path serviceJar, String registryUrl, int[] intervals, int rate, int runs,
            int seconds, int threads, String linger) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(20)) {
            Instant first = Instant.now().minus(Duration.ofDays(HISTORY_DAYS));
            for (int day = 0; day < HISTORY_DAYS; day++) {
                Instant barTime = first.plus(Duration.ofDays(day));
                for (int s = 0; s < SYMBOLS; s++) {
                    send(producer, Topics.MARKET_DATA, symbol(s), bar(symbol(s), barTime), barTime);
                }
            }
        }
        System.out.printf("preloaded %,d daily bars for %d symbols%n", HISTORY_DAYS * SYMBOLS, SYMBOLS);
        List<String> jvm = List.of("-Xmx512m");
        Process service = null;
        try {
            for (int interval : intervals) {
                ChildProcesses.stop(service);
                int port = TestRegistry.freePort();
                Path log = work.resolve("risk-stream-" + interval + "ms.log");
                List<String> serviceArgs = new ArrayList<>(List.of("--server.port=" + port,
                        "--safety.kafka.bootstrap-servers=" + bootstrap, "--safety.registry.url=" + registryUrl,
                        "--safety.risk.application-id=" + SERVICE_APP_ID,
                        "--safety.risk.state-dir=" + work.resolve("service-state"),
                        "--safety.risk.commit-interval=" + interval + "ms", "--safety.risk.stream-threads=" + threads,
                        "--logging.level.root=WARN"));
                if (linger != null) {
                    serviceArgs.add("--safety.risk.producer-linger=" + linger);
                }
                service = ChildProcesses.jar(serviceJar, jvm, serviceArgs, log);
                HttpReadiness.await(service, URI.create("http://127.0.0.1:" + port + "/actuator/health"),
                        Duration.ofMinutes(3), log.toString());
                long caughtUp = awaitCaughtUp(Duration.ofMinutes(10));
                System.out.printf("risk-stream (pid %d, %s, commit %d ms, %d stream threads, producer linger %s) "
                        + "caught up in %.1f s after UP%n", service.pid(), String.join(" ", jvm), interval, threads,
                        linger == null ? "default" : linger, caughtUp / 1e9);
                // A restarted service compiles its hot paths again: let that settle before anything counts.
                latency("warm-" + interval, rate, 30);
                List<double[]> results = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    double[] r = latency("c" + interval + "-r" + run, rate, seconds);
                    results.add(r);
                    System.out.printf("latency run %d, commit %d ms, %d/s: p50 %.1f ms, p99 %.1f ms, p99.9 %.1f ms, "
                            + "max %.1f ms, decisions %d/%d%n", run, interval, rate, r[0], r[1], r[2], r[3],
                            (long) r[4], (long) r[5]);
                }
                System.out.printf("decision latency, commit %d ms, %d signals/s, medians of %d: p50 %.1f ms, "
                        + "p99 %.1f ms, p99.9 %.1f ms; service RSS %d MiB%n", interval, rate, runs,
                        median(results, 0), median(results, 1), median(results, 2), rssMiB(service));
            }
            System.out.printf("risk-stream memory with %d accounts and %d symbols of state: RSS %d MiB (%s)%n",
                    ACCOUNTS, SYMBOLS, rssMiB(service), String.join(" ", jvm));
        } finally {
            ChildProcesses.stop(service);
        }
    }

    /** Waits until the service's group has committed the end of every input partition; the nanos it took. */
    private long awaitCaughtUp(Duration limit) throws Exception {
        long started = System.nanoTime();
        List<Topic<?>> inputs = List.of(Topics.SIGNALS, Topics.MARKET_DATA, Topics.BROKER_SNAPSHOTS);
        try (Admin admin = admin()) {
            while (System.nanoTime() - started < limit.toNanos()) {
                Map<TopicPartition, OffsetSpec> ends = new java.util.HashMap<>();
                for (Topic<?> topic : inputs) {
                    for (int p = 0; p < topic.partitions(); p++) {
                        ends.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
                    }
                }
                var latest = admin.listOffsets(ends).all().get();
                Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(SERVICE_APP_ID)
                        .partitionsToOffsetAndMetadata().get();
                boolean done = latest.entrySet().stream().allMatch(e -> e.getValue().offset() == 0
                        || (committed.get(e.getKey()) != null
                        && committed.get(e.getKey()).offset() >= e.getValue().offset()));
                if (done) {
                    return System.nanoTime() - started;
                }
                Thread.sleep(500);
            }
        }
        throw new IllegalStateException("risk-stream did not catch up within " + limit);
    }

    /**
     * Offers {@code rate} signals per second for {@code seconds}, open loop, and measures each one's
     * decision from its append time to a read_committed consumer: {p50, p99, p99.9, max, seen, sent}.
     */
    private double[] latency(String runId, int rate, int seconds) throws Exception {
        int total = rate * seconds;
        long[] latencies = new long[total];
        AtomicLong seen = new AtomicLong();
        try (KafkaConsumer<String, byte[]> consumer = consumer();
                KafkaProducer<String, byte[]> producer = producer(0)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.SIGNAL_DECISIONS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            String prefix = "lat-" + runId + "-";
            var deserializer = Topics.SIGNAL_DECISIONS.valueSerde(registry).deserializer();
            var serializer = Topics.SIGNALS.valueSerde(registry).serializer();
            Thread sender = new Thread(() -> {
                long start = System.nanoTime();
                long interval = 1_000_000_000L / rate;
                for (int i = 0; i < total; i++) {
                    long due = start + i * interval;
                    while (System.nanoTime() < due) {
                        java.util.concurrent.locks.LockSupport.parkNanos(due - System.nanoTime());
                    }
                    Instant at = Instant.now();
                    TradeSignal signal = signal(prefix + i, account(random.nextInt(ACCOUNTS)), at);
                    producer.send(new ProducerRecord<>(Topics.SIGNALS.name(), null, at.toEpochMilli(),
                            signal.getAccountId(), serializer.serialize(Topics.SIGNALS.name(), signal)));
                }
                producer.flush();
            }, "latency-sender");
            sender.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(seconds + 30L).toNanos();
            while (seen.get() < total && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    var decision = deserializer.deserialize(record.topic(), record.value());
                    if (decision.getSignalId().startsWith(prefix)) {
                        latencies[(int) seen.getAndIncrement()] = now - record.timestamp();
                    }
                }
            }
            sender.join();
        }
        int n = (int) seen.get();
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new double[] {pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 0.999),
            n == 0 ? Double.NaN : sorted[n - 1], n, total};
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static long rssMiB(Process process) throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
            }
        }
        return -1;
    }

    private TradeSignal signal(String id, String account, Instant at) {
        return TradeSignal.newBuilder().setEventId("evt-" + id).setCausationId(null).setSignalId(id)
                .setAccountId(account).setStrategyId("bench").setSymbol(symbol(random.nextInt(SYMBOLS)))
                .setSide(random.nextBoolean() ? Side.BUY : Side.SELL).setQuantity(Decimals.of(1 + random.nextInt(100)))
                .setOrderType(OrderType.MARKET).setLimitPrice(null).setTimeInForce(TimeInForce.DAY)
                .setReferencePrice(Decimals.of("100")).setCreatedAt(at).setSource(SignalSource.KAFKA)
                .setTags(Map.of()).build();
    }

    private static BrokerSnapshot snapshot(String account, Instant at) {
        return BrokerSnapshot.newBuilder().setEventId("snap-" + account).setCausationId(null).setAccountId(account)
                .setBrokerId("paper").setAsOf(at).setCash(Decimals.of(1_000_000)).setEquity(Decimals.of(1_000_000))
                .setPositions(List.of()).setOpenOrders(0).build();
    }

    private MarketBar bar(String symbol, Instant at) {
        BigDecimal close = Decimals.of(BigDecimal.valueOf(100 + random.nextInt(5)));
        return MarketBar.newBuilder().setEventId("bar-" + symbol + "-" + at.toEpochMilli()).setCausationId(null)
                .setSymbol(symbol).setBarTime(at).setOpen(close).setHigh(close).setLow(close).setClose(close)
                .setVolume(Decimals.of(1000)).build();
    }

    private static String account(int i) {
        return "ACC-" + i;
    }

    private static String symbol(int i) {
        return "SYM" + i;
    }

    private <V extends SpecificRecord> void send(KafkaProducer<String, byte[]> producer, Topic<V> topic, String key,
            V value, Instant at) {
        producer.send(new ProducerRecord<>(topic.name(), null, at.toEpochMilli(), key,
                topic.valueSerde(registry).serializer().serialize(topic.name(), value)));
    }

    private KafkaProducer<String, byte[]> producer(int lingerMs) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144), new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }

    private static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double median(List<double[]> results, int index) {
        return median(results.stream().mapToDouble(r -> r[index]).toArray());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static String ratios(List<Double> risk, List<Double> bare) {
        List<String> ratios = new ArrayList<>();
        for (int i = 0; i < risk.size(); i++) {
            ratios.add(String.format("%.2f", risk.get(i) / bare.get(i)));
        }
        return String.join(", ", ratios);
    }
}
