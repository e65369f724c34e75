package trading.safety.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import trading.safety.benchmarks.PipelineStack.Part;
import trading.safety.contract.registry.ConfluentRegistryClient;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

/**
 * The whole pipeline ({@link PipelineStack}: every part its own process) under a steady signal load through
 * signal-ingest's REST API ({@link PipelineLoad}, open loop):
 * <ol>
 *   <li>latency per signal, from its 202 at the load generator to its order intent read (read_committed, as
 *   the router reads it) by {@link PipelineTrace} in the same process, and to its broker-accepted order event
 *   (the router's time on the event, taken at the paper broker's answer; every process runs on this machine's
 *   one clock); p50/p99/p99.9 per run, after a warm-up at the same rate;</li>
 *   <li>memory of every part (RSS now and peak, from {@code /proc}) at the end of the latency runs, still under
 *   load;</li>
 *   <li>the kill switch: while the signal load goes on, and intents are also appended straight to
 *   {@code trading.order-intents.v1} (as risk-stream appends them) so that intents keep reaching the router
 *   once risk-stream refuses signals too, {@code POST /api/v1/kill-switch} (HALT_ONLY, operator token) to the
 *   ops console; per round, from just before the call to the first order event in which the router refuses
 *   an intent for the kill switch; then the switch is lifted and intents flow again.</li>
 * </ol>
 *
 * <p>The warm-up's backlog is drained (the load paused until every warm-up signal is decided) before the
 * runs. Arguments: signals per second (1000), seconds per latency run (30), latency runs (3), warm-up seconds
 * (60), kill-switch rounds (10), intents per second appended straight during the kill-switch rounds (200).
 * Risk-stream runs with the fault harness's relaxed limits (per-minute order limits, heat, daily loss and
 * drawdown far out of reach), so that nearly every signal is approved. Run from the repository root.
 */
public final class PipelineLatencyHarness {

    static final List<String> SERVICE_JVM = List.of("-Xmx512m", "-XX:+UseSerialGC");
    /** The accounts the load is spread over: 6, or {@code -Dpipeline.accounts=N}. */
    static final List<String> ACCOUNTS = java.util.stream.IntStream
            .rangeClosed(1, Integer.getInteger("pipeline.accounts", 6)).mapToObj(i -> "ACC-P" + i).toList();
    static final int SYMBOLS = 12;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int rate = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        int warmUp = args.length > 3 ? Integer.parseInt(args[3]) : 60;
        int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        int directRate = args.length > 5 ? Integer.parseInt(args[5]) : 200;
        Path work = Files.createTempDirectory("pipeline-latency");
        System.out.printf("whole pipeline latency at %s, load %s: %d signals/s, %d runs of %d s after %d s warm-up, "
                + "%d kill-switch rounds; services %s; work in %s%n", Instant.now(), PipelineTrace.loadAverage(),
                rate, runs, seconds, warmUp, rounds, SERVICE_JVM, work);
        long started = System.nanoTime();
        try (PipelineStack stack = PipelineStack.start(settings(), work)) {
            SchemaRegistry registry = new ConfluentRegistryClient(stack.registryUrl(), Duration.ofSeconds(10));
            try (PipelineTrace trace = new PipelineTrace(stack.bootstrap(), registry);
                    PipelineLoad load = startLoad(stack, rate)) {
                load.offer("warm", true);
                Thread.sleep(TimeUnit.SECONDS.toMillis(warmUp));
                // The runs start from a drained pipeline: the warm-up (the services' JIT, risk-stream's first
                // reading of the history) leaves a backlog on a busy machine, which would be timed as latency.
                load.offer("warm", false);
                load.awaitSettled(Duration.ofSeconds(60));
                boolean drained = trace.awaitDecided(load.accepted(), "warm-", Duration.ofMinutes(5));
                System.out.printf("warm-up %s at %s, load %s; decisions not approving so far: %s%n",
                        drained ? "drained" : "NOT drained within 5 min", Instant.now(), PipelineTrace.loadAverage(),
                        trace.rejections());
                // ... and the router and recon-stream, which work after the decisions, caught up too.
                boolean caughtUp = PipelineTrace.awaitCaughtUp(stack.url(Part.OPS_CONSOLE), PipelineStack.VIEWER_TOKEN,
                        50, Duration.ofMinutes(5));
                System.out.printf("every consumer group at most 50 behind %s at %s%n", caughtUp ? "" : "NOT within 5 min",
                        Instant.now());
                List<long[]> results = new ArrayList<>();
                for (int run = 1; run <= runs; run++) {
                    load.offer("lat" + run, true);
                    Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
                }
                load.offer("ks", true);
                System.out.printf("memory under load at %s (RSS now / peak, MiB; services %s, Kafka -Xmx512m, "
                        + "paper broker -Xmx1g, registry -Xmx384m):%n", Instant.now(), SERVICE_JVM);
                for (Part part : Part.values()) {
                    PipelineStack.Memory memory = stack.memory(part);
                    System.out.printf("  %-13s %6d / %6d%n", part.id, memory.rssKib() / 1024,
                            memory.peakRssKib() / 1024);
                }
                Thread.sleep(10_000); // the last run's signals reach the broker
                System.out.println("decisions not approving so far, by reason: " + trace.rejections());
                for (int run = 1; run <= runs; run++) {
                    results.add(latencies(load, trace, "lat" + run + "-", run, rate));
                }
                System.out.printf("medians of %d runs at %d signals/s: 202 to intent read p50 %.0f / p99 %.0f / "
                        + "p99.9 %.0f ms; 202 to broker-accepted p50 %.0f / p99 %.0f / p99.9 %.0f ms%n", runs, rate,
                        median(results, 0), median(results, 1), median(results, 2), median(results, 3),
                        median(results, 4), median(results, 5));
                killSwitch(stack, registry, trace, rounds, directRate);
                load.offer("end", false);
                load.awaitSettled(Duration.ofSeconds(60));
                System.out.println(load.counters());
                System.out.println("decisions not approving, by reason (kill-switch rounds included): "
                        + trace.rejections());
            }
        }
        System.out.printf("finished at %s after %d min, load %s%n", Instant.now(),
                TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - started), PipelineTrace.loadAverage());
    }

    /**
     * {@link #ACCOUNTS} with two strategies each, risk-stream with relaxed limits, and every service's registry
     * calls allowed 30 s instead of 5 s: five services starting at once on two shared cores made the
     * registry answer a startup call later than 5 s.
     */
    static PipelineStack.Settings settings() {
        String registryTimeout = "--safety.registry.request-timeout=30s";
        Map<Part, List<String>> arguments = new java.util.EnumMap<>(Part.class);
        for (Part part : Part.values()) {
            if (part.isService()) {
                arguments.put(part, List.of(registryTimeout));
            }
        }
        List<String> risk = new ArrayList<>(PipelineFaultHarness.RELAXED_RISK_LIMITS);
        risk.add(registryTimeout);
        arguments.put(Part.RISK_STREAM, risk);
        return new PipelineStack.Settings(Path.of("").toAbsolutePath(), ACCOUNTS, 2, SERVICE_JVM, arguments);
    }

    /** The load, its history loaded and its bar feed started, not yet offering signals. */
    static PipelineLoad startLoad(PipelineStack stack, int rate) throws Exception {
        PipelineLoad load = new PipelineLoad(stack.url(Part.SIGNAL_INGEST), stack.paperUrl(), stack.strategyKeys(),
                SYMBOLS, rate, 64);
        try {
            load.backfill();
            load.start(Duration.ofSeconds(2));
            return load;
        } catch (Exception e) {
            load.close();
            throw e;
        }
    }

    /** One run's p50/p99/p99.9 of 202 to intent read and of 202 to broker-accepted, in ms. */
    private static long[] latencies(PipelineLoad load, PipelineTrace trace, String prefix, int run, int rate) {
        Map<String, Long> brokerAccepted = trace.brokerAcceptedBySignal();
        List<Long> toIntent = new ArrayList<>();
        List<Long> toBroker = new ArrayList<>();
        int accepted = 0;
        int decided = 0;
        int approved = 0;
        for (Map.Entry<String, Long> signal : load.accepted().entrySet()) {
            String id = signal.getKey();
            if (!id.startsWith(prefix)) {
                continue;
            }
            accepted++;
            decided += trace.decidedAt(id) == null ? 0 : 1;
            approved += trace.approved(id) ? 1 : 0;
            Long intent = trace.intentReadAt(id);
            if (intent != null) {
                toIntent.add(intent - signal.getValue());
            }
            Long broker = brokerAccepted.get(id);
            if (broker != null) {
                toBroker.add(broker - signal.getValue());
            }
        }
        long[] i = toIntent.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] b = toBroker.stream().mapToLong(Long::longValue).sorted().toArray();
        long[] r = {PipelineTrace.quantile(i, 0.5), PipelineTrace.quantile(i, 0.99), PipelineTrace.quantile(i, 0.999),
            PipelineTrace.quantile(b, 0.5), PipelineTrace.quantile(b, 0.99), PipelineTrace.quantile(b, 0.999)};
        System.out.printf("run %d at %d/s: accepted %d, decided %d, approved %d, intents read %d, broker-accepted "
                + "%d; 202 to intent p50 %d / p99 %d / p99.9 %d / max %d ms; 202 to broker-accepted p50 %d / p99 %d"
                + " / p99.9 %d / max %d ms%n", run, rate, accepted, decided, approved, i.length, b.length, r[0], r[1],
                r[2], PipelineTrace.quantile(i, 1), r[3], r[4], r[5], PipelineTrace.quantile(b, 1));
        return r;
    }

    private static double median(List<long[]> results, int index) {
        return PipelineTrace.median(results.stream().map(r -> r[index]).toList());
    }

    /**
     * Kill-switch rounds through the console while intents arrive, one uncounted first: on, until the router's
     * first refusal for it, a second on, lift, two seconds of intents flowing again.
     */
    private static void killSwitch(PipelineStack stack, SchemaRegistry registry, PipelineTrace trace, int rounds,
            int directRate) throws Exception {
        URI uri = URI.create(stack.url(Part.OPS_CONSOLE) + "/api/v1/kill-switch");
        AtomicBoolean appending = new AtomicBoolean(true);
        Thread direct = new Thread(() -> appendIntents(stack, registry, directRate, appending), "direct-intents");
        direct.start();
        List<Long> propagation = new ArrayList<>();
        List<Long> answers = new ArrayList<>();
        try {
            Thread.sleep(2_000);
            for (int round = 0; round <= rounds; round++) {
                long before = System.currentTimeMillis();
                int status = call(uri, "POST", "{\"mode\":\"HALT_ONLY\",\"reason\":\"pipeline benchmark round "
                        + round + "\"}");
                long answered = System.currentTimeMillis();
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                long refused = -1;
                while (refused < 0 && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
                    refused = trace.firstKillSwitchRefusal(before);
                }
                Thread.sleep(1_000);
                int lifted = call(uri, "DELETE", "{\"reason\":\"pipeline benchmark round " + round + " over\"}");
                System.out.printf("kill-switch round %d%s: console %d in %d ms, first refusal %s, lift %d%n", round,
                        round == 0 ? " (not counted)" : "", status, answered - before,
                        refused < 0 ? "NONE within 30 s" : (refused - before) + " ms after the call", lifted);
                if (round > 0 && refused >= 0) {
                    propagation.add(refused - before);
                    answers.add(answered - before);
                }
                Thread.sleep(2_000);
            }
        } finally {
            appending.set(false);
            direct.join();
        }
        long[] sorted = propagation.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf("kill switch, %d rounds: console call to the router's first refusal median %.0f ms, "
                + "p90 %d ms, max %d ms; console answer median %.0f ms%n", sorted.length,
                PipelineTrace.median(propagation), PipelineTrace.quantile(sorted, 0.9),
                PipelineTrace.quantile(sorted, 1), PipelineTrace.median(answers));
    }

    private static int call(URI uri, String method, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + PipelineStack.OPERATOR_TOKEN)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /** Market orders of one share, round robin over the accounts and symbols, appended as risk-stream would. */
    private static void appendIntents(PipelineStack stack, SchemaRegistry registry, int rate, AtomicBoolean until) {
        var serializer = Topics.ORDER_INTENTS.valueSerde(registry).serializer();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap(), ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new ByteArraySerializer())) {
            long start = System.nanoTime();
            long interval = TimeUnit.SECONDS.toNanos(1) / rate;
            String run = Long.toString(System.currentTimeMillis(), 36);
            for (long i = 0; until.get(); i++) {
                LockSupport.parkNanos(start + i * interval - System.nanoTime());
                String account = ACCOUNTS.get((int) (i % ACCOUNTS.size()));
                String id = "direct-" + run + "-" + i;
                OrderIntent intent = OrderIntent.newBuilder().setEventId("intent:" + id).setCausationId(null)
                        .setIntentId(id).setSignalId(null).setAccountId(account).setStrategyId("bench-direct")
                        .setSymbol(String.format("SYM%02d", i / ACCOUNTS.size() % SYMBOLS))
                        .setSide(i / (ACCOUNTS.size() * SYMBOLS) % 2 == 0 ? Side.BUY : Side.SELL)
                        .setQuantity(Decimals.of(1)).setOrderType(OrderType.MARKET).setLimitPrice(null)
                        .setTimeInForce(TimeInForce.DAY).setPurpose(IntentPurpose.ENTRY).setCreatedAt(Instant.now())
                        .build();
                producer.send(new ProducerRecord<>(Topics.ORDER_INTENTS.name(), account,
                        serializer.serialize(Topics.ORDER_INTENTS.name(), intent)));
            }
        }
    }
}
