package trading.safety.benchmarks;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import trading.safety.embedded.HttpReadiness;
import trading.safety.embedded.TestRegistry;

/**
 * Load harness for signal-ingest: the broker, the registry and the service each run as their own
 * process; this process is the load client. It offers signals at a fixed rate (open loop: latency is
 * measured from when a request was due, so a stalled service cannot hide its backlog), first
 * repeatedly at the reference rate, then at rising rates to find the highest one the service sustains.
 *
 * <p>Usage: {@code IngestLoadHarness <signal-ingest exec jar> [reference rate] [runs] [seconds per run]
 * [ramp rates, comma-separated] [seconds per ramp step]}
 */
public final class IngestLoadHarness {

    private static final String KEY = "bench-key-0123456789abcdef";
    private static final String OPERATOR = "bench-operator-0123456789";
    /** A step is sustained when it completes what was offered, without errors, with p99 under this. */
    private static final Duration SUSTAINED_P99 = Duration.ofMillis(100);

    /** Keep-alive connections of the load client: enough for the highest ramp rate at tens of ms. */
    private static final int CONNECTIONS = 64;

    private final Clock clock = Clock.systemUTC();
    private final RawHttpLoad load;
    private final AtomicLong sequence = new AtomicLong();

    private IngestLoadHarness(int port) {
        this.load = new RawHttpLoad("127.0.0.1", port, CONNECTIONS);
    }

    record Result(int offeredRate, int requests, int errors, double achievedRate, double p50Ms, double p99Ms,
            double p999Ms, double maxMs) {

        boolean sustained() {
            return errors == 0 && achievedRate >= 0.98 * offeredRate && p99Ms < SUSTAINED_P99.toMillis();
        }

        @Override
        public String toString() {
            return String.format("offered %5d/s  achieved %8.1f/s  requests %6d  errors %4d  p50 %7.2f ms  p99 %7.2f ms"
                    + "  p99.9 %7.2f ms  max %7.2f ms%s", offeredRate, achievedRate, requests, errors, p50Ms, p99Ms,
                    p999Ms, maxMs, sustained() ? "" : "  (not sustained)");
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: IngestLoadHarness <signal-ingest exec jar> [rate] [runs] [seconds] [ramp] [step seconds]");
            System.exit(2);
        }
        Path serviceJar = Paths.get(args[0]);
        int referenceRate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 20;
        int[] ramp = Arrays.stream((args.length > 4 ? args[4] : "2000,3000,4000,5000,6000,8000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int stepSeconds = args.length > 5 ? Integer.parseInt(args[5]) : 15;

        Path work = Files.createTempDirectory("ingest-load");
        try (Infrastructure infrastructure = Infrastructure.start(work)) {
            run(serviceJar, infrastructure, work, referenceRate, runs, seconds, ramp, stepSeconds);
        }
    }

    private static void run(Path serviceJar, Infrastructure infrastructure, Path work, int referenceRate, int runs,
            int seconds, int[] ramp, int stepSeconds) throws Exception {
        Process service = null;
        try {
            int port = TestRegistry.freePort();
            List<String> serviceJvm = new ArrayList<>(List.of("-Xmx512m"));
            // For profiling runs, e.g. SERVICE_JAVA_OPTS=-XX:StartFlightRecording=filename=ingest.jfr
            String extra = System.getenv("SERVICE_JAVA_OPTS");
            if (extra != null && !extra.isBlank()) {
                serviceJvm.addAll(Arrays.asList(extra.trim().split("\\s+")));
            }
            service = ChildProcesses.jar(serviceJar, serviceJvm, List.of(
                    "--server.port=" + port,
                    "--safety.kafka.bootstrap-servers=" + infrastructure.bootstrap(),
                    "--safety.registry.url=" + infrastructure.registryUrl(),
                    "--safety.ingest.strategy-keys=bench:ACC-BENCH:" + KEY,
                    "--safety.ingest.operator-token=" + OPERATOR,
                    "--logging.level.root=WARN"), work.resolve("signal-ingest.log"));
            HttpReadiness.await(service, URI.create("http://127.0.0.1:" + port + "/actuator/health"),
                    Duration.ofSeconds(120), work.resolve("signal-ingest.log").toString());
            System.out.printf("%s, signal-ingest pid %d; logs in %s%n", infrastructure.pids(), service.pid(), work);

            IngestLoadHarness harness = new IngestLoadHarness(port);
            // Three JVMs share two cores: let the service's JIT settle before anything counts.
            System.out.println("warm-up: 15 s at " + referenceRate / 2 + "/s, then 30 s at " + referenceRate + "/s");
            harness.run(referenceRate / 2, 15);
            harness.run(referenceRate, 30);

            List<Result> reference = new ArrayList<>();
            for (int i = 1; i <= runs; i++) {
                Result result = harness.run(referenceRate, seconds);
                reference.add(result);
                System.out.println("reference run " + i + ": " + result);
            }
            System.out.printf("reference rate %d/s over %d runs: median p50 %.2f ms, median p99 %.2f ms, "
                    + "median p99.9 %.2f ms, errors %d%n", referenceRate, runs,
                    median(reference.stream().mapToDouble(Result::p50Ms).toArray()),
                    median(reference.stream().mapToDouble(Result::p99Ms).toArray()),
                    median(reference.stream().mapToDouble(Result::p999Ms).toArray()),
                    reference.stream().mapToInt(Result::errors).sum());

            int maxSustained = 0;
            for (int rate : ramp) {
                Result result = harness.run(rate, stepSeconds);
                System.out.println("ramp: " + result);
                if (result.sustained()) {
                    maxSustained = Math.max(maxSustained, rate);
                }
            }
            System.out.println("highest sustained rate: " + maxSustained + "/s (no errors, >= 98% of offered "
                    + "completed, p99 < " + SUSTAINED_P99.toMillis() + " ms)");
        } finally {
            ChildProcesses.stop(service);
        }
    }

    /** Offers {@code rate} signals per second for {@code seconds}, open loop. */
    Result run(int rate, int seconds) throws InterruptedException {
        int total = rate * seconds;
        RawHttpLoad.Outcome outcome = load.run(rate, total, i -> request());
        long[] sorted = RawHttpLoad.sorted(outcome.latencies());
        double elapsedSeconds = (outcome.lastAnswerNanos() - outcome.startNanos()) / 1e9;
        return new Result(rate, total, outcome.errors(), total / elapsedSeconds,
                RawHttpLoad.percentileMs(sorted, 0.50), RawHttpLoad.percentileMs(sorted, 0.99),
                RawHttpLoad.percentileMs(sorted, 0.999), sorted[sorted.length - 1] / 1e6);
    }

    private byte[] request() {
        String body = "{\"signalId\":\"bench-" + sequence.incrementAndGet() + "\",\"symbol\":\"AAPL\",\"side\":\"BUY\","
                + "\"quantity\":10,\"orderType\":\"LIMIT\",\"limitPrice\":\"187.25\",\"timeInForce\":\"DAY\","
                + "\"referencePrice\":\"187.20\",\"createdAt\":\"" + clock.instant() + "\"}";
        byte[] content = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /api/v1/signals HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n";
        byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
        byte[] request = Arrays.copyOf(headBytes, headBytes.length + content.length);
        System.arraycopy(content, 0, request, headBytes.length, content.length);
        return request;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
