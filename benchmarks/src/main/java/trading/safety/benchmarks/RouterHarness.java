package trading.safety.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
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
import trading.safety.contract.registry.ConfluentRegistryClient;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.TopicProvisioner;
import trading.safety.contract.topic.Topics;
import trading.safety.router.app.RouterMetrics;
import trading.safety.router.app.RouterService;
import trading.safety.router.config.RouterProperties;
import trading.safety.router.paper.PaperBroker;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

/**
 * Load harness for order-router, with Kafka and the registry as their own processes and the router (with the
 * paper broker in process, as the local stack runs it) in this one:
 * <ol>
 *   <li>intent to broker-accepted latency at a fixed rate, open loop: from an intent's append (its record
 *   timestamp) to the paper broker's answer (the ACCEPTED event's time, taken right after the call);</li>
 *   <li>kill-switch propagation: while intents keep arriving, the global kill switch is turned on and off;
 *   per round, from the control record's append to the first intent the router refuses, and the count of
 *   entries accepted after that first refusal while the switch was on;</li>
 *   <li>cancel-all: 1,000 resting limit orders, then the kill switch; from its append to the last CANCELLED.</li>
 * </ol>
 * Arguments: rate (1000), seconds per latency run (20), latency runs (3), kill-switch rounds (20), resting
 * orders to cancel (1000), warm-up seconds at the rate before the first measured run (30).
 */
public final class RouterHarness {

    private static final int ACCOUNTS = 100;
    private static final int SYMBOLS = 50;

    private final String bootstrap;
    private final SchemaRegistry registry;
    // A copy-on-write list here copied every event seen so far on each add: hundreds of MB/s of garbage in
    // the process that also runs the router, whose GC pauses then showed up as routing latency.
    private final Queue<OrderEvent> events = new ConcurrentLinkedQueue<>();
    private final Map<String, Long> appended = new java.util.concurrent.ConcurrentHashMap<>();
    private final KafkaProducer<String, byte[]> producer;
    private long sequence;

    private RouterHarness(String bootstrap, SchemaRegistry registry) {
        this.bootstrap = bootstrap;
        this.registry = registry;
        this.producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(),
                new ByteArraySerializer());
    }

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int resting = args.length > 4 ? Integer.parseInt(args[4]) : 1000;
        int warmUp = args.length > 5 ? Integer.parseInt(args[5]) : 30;
        Path work = Files.createTempDirectory("router-load");
        try (Infrastructure infrastructure = Infrastructure.start(work)) {
            System.out.println(infrastructure.pids() + "; logs in " + work);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    infrastructure.bootstrap()))) {
                new TopicProvisioner(admin, (short) 1, 1, Duration.ofSeconds(60)).provision(Topics.ALL);
            }
            SchemaRegistry registry = new ConfluentRegistryClient(infrastructure.registryUrl(), Duration.ofSeconds(10));
            new RouterHarness(infrastructure.bootstrap(), registry).run(rate, seconds, runs, rounds, resting, warmUp);
        }
    }

    private void run(int rate, int seconds, int runs, int rounds, int resting, int warmUp) throws Exception {
        PaperBroker paper = new PaperBroker("paper", PaperBroker.Settings.defaults(), Clock.systemUTC());
        for (int i = 0; i < ACCOUNTS; i++) {
            paper.openAccount(account(i));
        }
        for (int i = 0; i < SYMBOLS; i++) {
            paper.onPrice("SYM" + i, new BigDecimal("100"));
        }
        RouterProperties properties = new RouterProperties("bench-router", "bench-router-1", "paper", null, 5,
                Duration.ofMinutes(5), false, Duration.ofHours(1), Duration.ofMillis(100), Map.of(), 500,
                Duration.ofMillis(100),
                Duration.ofHours(48),
                new RouterProperties.Paper(null, Duration.ofSeconds(2), List.of(), Duration.ZERO, 0, 0,
                        new BigDecimal("0.005"), new BigDecimal("100000"), 42, null),
                new RouterProperties.Alpaca(URI.create("http://127.0.0.1/"), null, Duration.ofSeconds(2)),
                new RouterProperties.Tradier(URI.create("http://127.0.0.1/"), List.of(), null, null, null, null, null,
                        null, Duration.ofHours(1), Duration.ofSeconds(2)));
        RouterService router = new RouterService(bootstrap, properties, null, Map.of("paper", paper), registry,
                Clock.systemUTC(), new RouterMetrics(new SimpleMeterRegistry()));
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> readEvents(reading), "event-reader");
        reader.start();
        router.start();
        try {
            router.awaitReady(Duration.ofSeconds(60));
            offer("warm", rate, warmUp, null);
            awaitEvents(e -> e.getIntentId().startsWith("warm-"), rate * warmUp, Duration.ofSeconds(60));

            List<double[]> results = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                String prefix = "lat" + run + "-";
                int total = rate * seconds;
                offer("lat" + run, rate, seconds, null);
                List<OrderEvent> accepted = awaitEvents(e -> e.getIntentId().startsWith(prefix)
                        && e.getType() == OrderEventType.ACCEPTED, total, Duration.ofSeconds(120));
                long[] latencies = accepted.stream()
                        .mapToLong(e -> e.getAt().toEpochMilli() - appended.get(e.getIntentId())).sorted().toArray();
                double[] r = {pct(latencies, 0.5), pct(latencies, 0.99), pct(latencies, 0.999),
                    latencies[latencies.length - 1], accepted.size(), total};
                results.add(r);
                System.out.printf("latency run %d, %d intents/s: p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, max %.0f ms, "
                        + "accepted %.0f/%.0f%n", run, rate, r[0], r[1], r[2], r[3], r[4], r[5]);
            }
            System.out.printf("intent to broker-accepted, %d intents/s, medians of %d: p50 %.0f ms, p99 %.0f ms, "
                    + "p99.9 %.0f ms%n", rate, runs, median(results, 0), median(results, 1), median(results, 2));

            killSwitchRounds(rate, rounds);
            cancelAll(resting);
        } finally {
            router.stop();
            reading.set(false);
            reader.join();
            producer.close();
        }
    }

    /** Turns the global kill switch on and off while intents arrive; reports propagation and leaks. */
    private void killSwitchRounds(int rate, int rounds) throws Exception {
        AtomicBoolean offering = new AtomicBoolean(true);
        Thread load = new Thread(() -> {
            try {
                offer("ks", rate, 3_600, offering);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "kill-switch-load");
        load.start();
        // One round that is not counted: the first control record paid for the producer's metadata of the
        // control topic (fetched on its first send, after the append time was taken) and for the reader's
        // first fetch with data, 280 ms in one sitting; neither is what an operator's later switch waits for.
        control(true, "bench-ks-warm");
        Thread.sleep(400);
        control(false, "bench-ks-warm-off");
        Thread.sleep(1_000);
        List<long[]> windows = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            long on = control(true, "bench-ks-on-" + round);
            Thread.sleep(400);
            long off = control(false, "bench-ks-off-" + round);
            windows.add(new long[] {on, off});
            Thread.sleep(400);
        }
        offering.set(false);
        load.join();
        long offered = appended.keySet().stream().filter(id -> id.startsWith("ks-")).count();
        awaitEvents(e -> e.getIntentId().startsWith("ks-") && e.getType() != OrderEventType.FILLED, (int) offered,
                Duration.ofSeconds(60)); // every intent of the rounds answered, accepted or refused
        List<Long> propagation = new ArrayList<>();
        List<String> slowest = new ArrayList<>();
        long leaked = 0;
        for (long[] window : windows) {
            List<OrderEvent> inWindow = events.stream().filter(e -> e.getIntentId().startsWith("ks-")
                    && e.getAt().toEpochMilli() >= window[0] && e.getAt().toEpochMilli() < window[1]).toList();
            Instant firstRefusal = inWindow.stream().filter(e -> e.getType() == OrderEventType.REJECTED)
                    .map(OrderEvent::getAt).min(Instant::compareTo).orElse(null);
            if (firstRefusal == null) {
                System.out.println("kill-switch round without a refusal: window " + Arrays.toString(window));
                continue;
            }
            propagation.add(firstRefusal.toEpochMilli() - window[0]);
            slowest.add(String.format("%5d ms: appended %s, first refusal %s", firstRefusal.toEpochMilli() - window[0],
                    Instant.ofEpochMilli(window[0]), firstRefusal));
            leaked += inWindow.stream().filter(e -> e.getType() == OrderEventType.ACCEPTED
                    && e.getAt().isAfter(firstRefusal)).count();
        }
        long[] sorted = propagation.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("kill switch, %d rounds at %d intents/s: append to first refusal p50 %.0f ms, p99 %.0f ms, "
                + "max %.0f ms; entries accepted after the first refusal: %d%n", sorted.length, rate,
                pct(sorted, 0.5), pct(sorted, 0.99), (double) sorted[sorted.length - 1], leaked);
        slowest.sort(java.util.Comparator.reverseOrder());
        System.out.println("slowest rounds:\n  " + String.join("\n  ", slowest.subList(0, Math.min(5, slowest.size()))));
    }

    /** Places resting limit orders, then turns the kill switch on and times the cancellations. */
    private void cancelAll(int resting) throws Exception {
        for (int i = 0; i < resting; i++) {
            String id = "rest-" + i;
            send(intent(id, account(i % ACCOUNTS), "SYM" + (i % SYMBOLS), OrderType.LIMIT, "1"));
        }
        producer.flush();
        awaitEvents(e -> e.getIntentId().startsWith("rest-") && e.getType() == OrderEventType.ACCEPTED, resting,
                Duration.ofSeconds(60));
        long on = control(true, "bench-cancel-all");
        List<OrderEvent> cancelled = awaitEvents(e -> e.getIntentId().startsWith("rest-")
                && e.getType() == OrderEventType.CANCELLED, resting, Duration.ofSeconds(60));
        long last = cancelled.stream().mapToLong(e -> e.getAt().toEpochMilli()).max().orElse(on);
        System.out.printf("cancel-all of %d open orders: %d ms from the kill switch's append to the last "
                + "cancellation%n", cancelled.size(), last - on);
        control(false, "bench-cancel-all-off");
    }

    /** Offers intents at {@code rate} per second, open loop, for {@code seconds} or until {@code until} is false. */
    private void offer(String prefix, int rate, int seconds, AtomicBoolean until) throws Exception {
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        for (int i = 0; i < rate * seconds && (until == null || until.get()); i++) {
            long due = start + i * interval;
            while (System.nanoTime() < due) {
                LockSupport.parkNanos(due - System.nanoTime());
            }
            int n = (int) (sequence++ % (ACCOUNTS * SYMBOLS));
            send(intent(prefix + "-" + i, account(n % ACCOUNTS), "SYM" + (n % SYMBOLS), OrderType.MARKET, null));
        }
        producer.flush();
    }

    private void send(OrderIntent intent) {
        long now = System.currentTimeMillis();
        appended.put(intent.getIntentId(), now);
        producer.send(new ProducerRecord<>(Topics.ORDER_INTENTS.name(), null, now, intent.getAccountId(),
                Topics.ORDER_INTENTS.valueSerde(registry).serializer().serialize(Topics.ORDER_INTENTS.name(), intent)));
    }

    private long control(boolean active, String commandId) throws Exception {
        long now = System.currentTimeMillis();
        ControlRecord record = ControlRecord.newBuilder().setEventId(commandId).setCausationId(null)
                .setKey("kill-switch").setActive(active).setMode("HALT_ONLY").setReason("benchmark")
                .setOperator("bench").setOrigin("MANUAL").setCommandId(commandId).setAt(Instant.ofEpochMilli(now))
                .setParams(Map.of()).build();
        byte[] value = Topics.CONTROL.valueSerde(registry).serializer().serialize(Topics.CONTROL.name(), record);
        long sent = System.currentTimeMillis(); // the clock starts at the send, not while the record is built
        producer.send(new ProducerRecord<>(Topics.CONTROL.name(), null, sent, "kill-switch", value)).get();
        return sent;
    }

    private static OrderIntent intent(String id, String account, String symbol, OrderType type, String limit) {
        return OrderIntent.newBuilder().setEventId("intent:" + id).setCausationId(null).setIntentId(id)
                .setSignalId(null).setAccountId(account).setStrategyId("bench").setSymbol(symbol).setSide(Side.BUY)
                .setQuantity(Decimals.of(1)).setOrderType(type).setLimitPrice(limit == null ? null : Decimals.of(limit))
                .setTimeInForce(TimeInForce.DAY).setPurpose(IntentPurpose.ENTRY).setCreatedAt(Instant.now()).build();
    }

    private void readEvents(AtomicBoolean reading) {
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.ORDER_EVENTS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            var deserializer = Topics.ORDER_EVENTS.valueSerde(registry).deserializer();
            while (reading.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    events.add(deserializer.deserialize(record.topic(), record.value()));
                }
            }
        }
    }

    /** Waits until {@code count} events match, and returns them. */
    private List<OrderEvent> awaitEvents(Predicate<OrderEvent> filter, int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<OrderEvent> matched = List.of();
        while (System.nanoTime() < deadline) {
            matched = events.stream().filter(filter).toList();
            if (matched.size() >= count) {
                break;
            }
            Thread.sleep(200);
        }
        return matched;
    }

    private static String account(int i) {
        return "ACC-B" + i;
    }

    private static double pct(long[] sorted, double p) {
        return sorted.length == 0 ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static double median(List<double[]> results, int index) {
        double[] values = results.stream().mapToDouble(r -> r[index]).sorted().toArray();
        int mid = values.length / 2;
        return values.length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
