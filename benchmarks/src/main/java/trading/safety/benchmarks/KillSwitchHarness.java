package trading.safety.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import trading.safety.embedded.HttpReadiness;
import trading.safety.embedded.TestRegistry;

/**
 * The kill switch through ops-console, from the operator's request to the answer, which the console gives only
 * once Kafka acknowledged the committed transaction holding the control record and its audit event. The
 * console (its executable jar), the broker and the registry run in their own processes; no other service runs. Rounds alternate activation
 * (timed) and lifting (timed apart); the first {@code warmUp} rounds are not counted. Then the registry is
 * stopped and the activations are timed again (the console keeps its schema ids), and last the broker is
 * stopped: every call must still be answered, with a 503, within a second.
 *
 * <p>Arguments: the console's executable jar, rounds (default 500), warm-up rounds (default 50).
 */
public final class KillSwitchHarness {

    private static final String OPERATOR = "bench-operator-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        Path consoleJar = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int warmUp = args.length > 2 ? Integer.parseInt(args[2]) : 50;
        Path work = Files.createTempDirectory("kill-switch");
        try (Infrastructure infrastructure = Infrastructure.start(work)) {
            System.out.printf("%s; logs in %s%n", infrastructure.pids(), work);
            int port = TestRegistry.freePort();
            Path log = work.resolve("ops-console.log");
            Process console = ChildProcesses.jar(consoleJar, List.of("-Xmx512m"), List.of("--server.port=" + port,
                    "--safety.kafka.bootstrap-servers=" + infrastructure.bootstrap(),
                    "--safety.registry.url=" + infrastructure.registryUrl(),
                    "--safety.console.tokens.admin=bench-admin-token-0123456789",
                    "--safety.console.tokens.operator=" + OPERATOR,
                    "--safety.console.tokens.viewer=bench-viewer-token-0123456789",
                    "--logging.level.root=WARN"), log);
            try {
                HttpReadiness.await(console, URI.create("http://127.0.0.1:" + port + "/actuator/health"),
                        Duration.ofMinutes(3), log.toString());
                System.out.printf("ops-console pid %d%n", console.pid());
                URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/kill-switch");
                Timings live = rounds(uri, warmUp, rounds);
                report("activate, every service but the console down", live.activations());
                report("lift, every service but the console down", live.lifts());
                infrastructure.stopRegistry();
                Timings noRegistry = rounds(uri, 0, Math.max(20, rounds / 5));
                report("activate, registry down too", noRegistry.activations());
                infrastructure.stopKafka();
                Timings noKafka = rounds(uri, 0, 5);
                report("activate, Kafka down too", noKafka.activations());
            } finally {
                ChildProcesses.stop(console);
            }
        }
    }

    /** Activation and lift times in nanoseconds, and the statuses answered. */
    private record Timings(long[] activations, long[] lifts, Map<Integer, Integer> statuses) {
    }

    private static Timings rounds(URI uri, int warmUp, int rounds) throws Exception {
        long[] activations = new long[rounds];
        long[] lifts = new long[rounds];
        Map<Integer, Integer> statuses = new TreeMap<>();
        for (int i = -warmUp; i < rounds; i++) {
            long activation = call(uri, "POST", "{\"mode\":\"HALT_ONLY\",\"reason\":\"benchmark round " + i + "\"}",
                    statuses);
            long lift = call(uri, "DELETE", "{\"reason\":\"benchmark round " + i + " over\"}", statuses);
            if (i >= 0) {
                activations[i] = activation;
                lifts[i] = lift;
            }
        }
        System.out.printf("  statuses answered: %s%n", statuses);
        return new Timings(activations, lifts, statuses);
    }

    private static long call(URI uri, String method, String body, Map<Integer, Integer> statuses) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + OPERATOR).header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        long start = System.nanoTime();
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        long elapsed = System.nanoTime() - start;
        statuses.merge(response.statusCode(), 1, Integer::sum);
        return elapsed;
    }

    private static void report(String what, long[] nanos) {
        long[] sorted = RawHttpLoad.sorted(nanos);
        System.out.printf("%-48s n=%4d  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms%n", what, sorted.length,
                RawHttpLoad.percentileMs(sorted, 0.50), RawHttpLoad.percentileMs(sorted, 0.99),
                RawHttpLoad.percentileMs(sorted, 1.0));
    }
}
