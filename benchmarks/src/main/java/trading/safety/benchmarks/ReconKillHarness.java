package trading.safety.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import trading.safety.contract.registry.ConfluentRegistryClient;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.TopicProvisioner;
import trading.safety.contract.topic.Topics;
import trading.safety.recon.topology.ReconTopology;
import trading.safety.v1.BrokerPosition;
import trading.safety.v1.BrokerSnapshot;

/**
 * Time from the second bad broker snapshot to the account's kill-switch record, on a real broker (its own
 * process) with recon-stream's topology as the service runs it (exactly-once v2, RocksDB, the service's
 * 100 ms commit interval). Each round takes a new account: an opening snapshot, a first snapshot that differs
 * (PENDING, awaited), then the second, timed from just before it is sent until the kill-switch record is
 * readable by a read_committed consumer. The first {@code warmUp} rounds are not counted.
 *
 * <p>Arguments: rounds (default 100), warm-up rounds (default 10).
 */
public final class ReconKillHarness {

    private static final Duration COMMIT = Duration.ofMillis(100);

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Path work = Files.createTempDirectory("recon-kill");
        try (Infrastructure infrastructure = Infrastructure.start(work)) {
            System.out.printf("%s; logs in %s%n", infrastructure.pids(), work);
            SchemaRegistry registry = new ConfluentRegistryClient(infrastructure.registryUrl(),
                    Duration.ofSeconds(10));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    infrastructure.bootstrap()))) {
                new TopicProvisioner(admin, (short) 1, 1, Duration.ofSeconds(60)).provision(Topics.ALL);
            }
            run(infrastructure.bootstrap(), registry, work, rounds, warmUp);
        }
    }

    private static void run(String bootstrap, SchemaRegistry registry, Path work, int rounds, int warmUp)
            throws Exception {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "recon-kill-bench");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, (int) COMMIT.toMillis());
        props.put(StreamsConfig.STATE_DIR_CONFIG, work.resolve("streams-state").toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        ReconTopology.Settings settings = ReconTopology.Settings.runbookDefaults(true);
        Map<String, AtomicInteger> results = new ConcurrentHashMap<>();
        Map<String, Long> killedAt = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        try (KafkaStreams streams = new KafkaStreams(ReconTopology.build(settings, registry), props);
                KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all",
                        ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer())) {
            streams.start();
            Thread reader = new Thread(() -> read(bootstrap, results, killedAt, reading), "recon-kill-reader");
            reader.start();
            var serializer = Topics.BROKER_SNAPSHOTS.valueSerde(registry).serializer();
            List<Long> micros = new ArrayList<>();
            for (int round = 0; round < warmUp + rounds; round++) {
                String account = "ACC-K" + round;
                send(producer, serializer, snapshot(account, 0, "10"));
                send(producer, serializer, snapshot(account, 1, "15"));
                await(() -> results.getOrDefault(account, new AtomicInteger()).get() >= 2, account + " PENDING");
                long started = System.nanoTime();
                send(producer, serializer, snapshot(account, 2, "15"));
                await(() -> killedAt.containsKey("kill-switch/account/" + account), account + " kill switch");
                if (round >= warmUp) {
                    micros.add((killedAt.get("kill-switch/account/" + account) - started) / 1_000);
                }
            }
            reading.set(false);
            reader.join();
            long[] sorted = micros.stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("second bad snapshot to kill-switch record, %d rounds (after %d warm-up), commit "
                    + "interval %d ms: p50 %.1f ms, p99 %.1f ms, max %.1f ms, min %.1f ms%n", rounds, warmUp,
                    COMMIT.toMillis(), pct(sorted, 0.50) / 1000, pct(sorted, 0.99) / 1000,
                    sorted[sorted.length - 1] / 1000.0, sorted[0] / 1000.0);
            System.out.println("all (ms): " + Arrays.toString(Arrays.stream(sorted).mapToObj(m -> String.format(
                    "%.0f", m / 1000.0)).toArray()));
            streams.close(Duration.ofSeconds(30));
        }
    }

    /** Counts committed reconciliation results per account and notes when each kill-switch record arrived. */
    private static void read(String bootstrap, Map<String, AtomicInteger> results, Map<String, Long> killedAt,
            AtomicBoolean reading) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.RECON_RESULTS.name(), Topics.CONTROL.name())) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(20))) {
                    long now = System.nanoTime();
                    if (record.topic().equals(Topics.CONTROL.name())) {
                        killedAt.putIfAbsent(record.key(), now);
                    } else {
                        results.computeIfAbsent(record.key(), k -> new AtomicInteger()).incrementAndGet();
                    }
                }
            }
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer,
            org.apache.kafka.common.serialization.Serializer<BrokerSnapshot> serializer, BrokerSnapshot snapshot)
            throws Exception {
        producer.send(new ProducerRecord<>(Topics.BROKER_SNAPSHOTS.name(), snapshot.getAccountId(),
                serializer.serialize(Topics.BROKER_SNAPSHOTS.name(), snapshot))).get();
    }

    private static BrokerSnapshot snapshot(String account, int n, String quantity) {
        return BrokerSnapshot.newBuilder().setEventId("snap-" + account + "-" + n).setCausationId(null)
                .setAccountId(account).setBrokerId("paper").setAsOf(Instant.now())
                .setCash(Decimals.of("100000")).setEquity(Decimals.of("100000"))
                .setPositions(List.of(BrokerPosition.newBuilder().setSymbol("AAPL").setQuantity(Decimals.of(quantity))
                        .setAvgPrice(Decimals.of("100")).setMarketValue(Decimals.of("0")).build()))
                .setOpenOrders(0).build();
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no " + what + " within 60 s");
            }
            Thread.sleep(1);
        }
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private ReconKillHarness() {
    }
}
