package trading.safety.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import trading.safety.benchmarks.PipelineStack.Part;
import trading.safety.contract.registry.ConfluentRegistryClient;
import trading.safety.contract.registry.SchemaRegistry;

/**
 * The whole pipeline's maximum sustained signal rate, then a stress run at twice it (or a given rate).
 *
 * <p>Steps: after a warm-up at the first step's rate, every warm-up signal decided and every consumer group
 * caught up (console lag), each rate is offered open loop through signal-ingest's
 * REST API for a fixed time, then the load pauses (up to 30 s) while the step's signals settle. A step is
 * <em>sustained</em> when (1) signal-ingest accepted (202) at least 98% of the signals offered in it, with no
 * refusal other than 5xx, (2) every accepted signal of the step was decided (read_committed) by 15 s after the
 * step ended, (3) 99% of them were decided within 1 s of their 202 (decisions keep up, so no backlog grows
 * in risk-stream), and (4) 99% of the approved ones had their intent read within 1 s of their 202 (the router
 * is fed as fast). Stepping stops at the first step that is not sustained.
 *
 * <p>Stress: the rate (the argument, or twice the highest sustained step) for the given time; the ops
 * console's consumer lag ({@code GET /api/v1/lag}, every group's total) is sampled every 2 s during it and
 * after it, until every group is back to at most {@link #RECOVERED_LAG} records behind; then the load
 * settles and {@link PipelineAudit} checks every signal of the steps and the stress run: none lost, each
 * decided once, no duplicate broker order, no lost fill, reconciliation PASS.
 *
 * <p>Arguments: step rates (comma-separated, "250,500,750,1000,1500,2000"), seconds per step (30), stress
 * rate (0: twice the highest sustained step), stress seconds (300), warm-up seconds (60). Run from the
 * repository root.
 */
public final class PipelineStressHarness {

    private static final long RECOVERED_LAG = 50;
    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(10);

    /** A lag sample: when (epoch ms) and each group's total lag. */
    private record Sample(long at, Map<String, Long> lag) {
    }

    public static void main(String[] args) throws Exception {
        int[] rates = Arrays.stream((args.length > 0 ? args[0] : "250,500,750,1000,1500,2000").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int stepSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 30;
        int stressRate = args.length > 2 ? Integer.parseInt(args[2]) : 0;
        int stressSeconds = args.length > 3 ? Integer.parseInt(args[3]) : 300;
        int warmUp = args.length > 4 ? Integer.parseInt(args[4]) : 60;
        Path work = Files.createTempDirectory("pipeline-stress");
        System.out.printf("whole pipeline steps %s of %d s, stress %s for %d s, at %s, load %s; services %s; work in "
                + "%s%n", Arrays.toString(rates), stepSeconds, stressRate == 0 ? "twice the highest sustained" :
                stressRate + "/s", stressSeconds, Instant.now(), PipelineTrace.loadAverage(),
                PipelineLatencyHarness.SERVICE_JVM, work);
        long started = System.nanoTime();
        boolean clean;
        try (PipelineStack stack = PipelineStack.start(PipelineLatencyHarness.settings(), work)) {
            SchemaRegistry registry = new ConfluentRegistryClient(stack.registryUrl(), Duration.ofSeconds(10));
            Queue<Sample> samples = new ConcurrentLinkedQueue<>();
            AtomicBoolean sampling = new AtomicBoolean(true);
            Thread sampler = new Thread(() -> sample(stack, samples, sampling), "lag-sampler");
            sampler.setDaemon(true);
            sampler.start();
            try (PipelineTrace trace = new PipelineTrace(stack.bootstrap(), registry);
                    PipelineLoad load = PipelineLatencyHarness.startLoad(stack, rates[0])) {
                load.offer("warm", true);
                Thread.sleep(TimeUnit.SECONDS.toMillis(warmUp));
                load.offer("warm", false);
                load.awaitSettled(Duration.ofSeconds(60));
                // The steps start from a drained pipeline: every warm-up signal decided (at most 5 min).
                trace.awaitDecided(load.accepted(), "warm-", Duration.ofMinutes(5));
                System.out.printf("warm-up drained at %s; decisions not approving so far: %s%n", Instant.now(),
                        trace.rejections());
                // ... and every group caught up (the router and recon-stream work after the decisions), so the
                // first step does not inherit the warm-up's backlog.
                long quiet = awaitQuiet(samples, System.currentTimeMillis() + 5_000, Duration.ofMinutes(5));
                System.out.printf("every group at most %d behind %s%n", RECOVERED_LAG,
                        quiet < 0 ? "NOT within 5 min" : "at " + Instant.ofEpochMilli(quiet));
                int sustained = 0;
                for (int rate : rates) {
                    if (!step(load, trace, samples, rate, stepSeconds)) {
                        break;
                    }
                    sustained = rate;
                }
                System.out.printf("highest sustained step: %d signals/s%n", sustained);
                int stress = stressRate > 0 ? stressRate : 2 * Math.max(sustained, rates[0]);
                stress(load, trace, samples, stress, stressSeconds);
                load.offer("stress", false);
                if (!load.awaitSettled(Duration.ofMinutes(3))) {
                    System.out.println("signals still unanswered after 3 min");
                }
                System.out.println(load.counters());
                System.out.println("decisions not approving, by reason: " + trace.rejections());
                Thread.sleep(25_000); // two broker snapshots after the last order: reconciliation sees the books
                PipelineAudit.Result audit = null;
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
                while (audit == null || (!audit.violations().isEmpty() && System.nanoTime() < deadline)) {
                    if (audit != null) {
                        System.out.println("  audit not clean yet, again in 10 s: " + audit.violations());
                        Thread.sleep(10_000);
                    }
                    audit = PipelineAudit.run(stack.bootstrap(), registry, stack.paperUrl(), load.accepted(), "s",
                            stack.accounts());
                }
                System.out.println("audit of the steps and the stress run: " + audit);
                clean = audit.violations().isEmpty() && load.refused() == 0;
                System.out.println(clean ? "RESULT PASS: no loss, no duplicate, each signal decided once, "
                        + "reconciliation PASS" : "RESULT FAIL: " + audit.violations() + ", refused " + load.refused());
            } finally {
                sampling.set(false);
                sampler.join(10_000);
            }
            System.out.println("memory after the stress run (RSS now / peak, MiB):");
            for (Part part : Part.values()) {
                PipelineStack.Memory memory = stack.memory(part);
                System.out.printf("  %-13s %6d / %6d%n", part.id, memory.rssKib() / 1024, memory.peakRssKib() / 1024);
            }
        }
        System.out.printf("finished at %s after %d min, load %s%n", Instant.now(),
                TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - started), PipelineTrace.loadAverage());
        System.exit(clean ? 0 : 1);
    }

    /** One step at {@code rate}; whether it was sustained (see the class comment). */
    private static boolean step(PipelineLoad load, PipelineTrace trace, Queue<Sample> samples, int rate,
            int seconds) throws InterruptedException {
        String prefix = "s" + rate + "-";
        long offeredBefore = load.offered();
        long refusedBefore = load.refused();
        load.rate(rate);
        long from = System.currentTimeMillis();
        load.offer("s" + rate, true);
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        load.offer("s" + rate, false);
        long to = System.currentTimeMillis();
        long offered = load.offered() - offeredBefore;
        load.awaitSettled(Duration.ofSeconds(30));
        List<String> ids = load.accepted().keySet().stream().filter(id -> id.startsWith(prefix)).toList();
        long decidedBy = to + 15_000;
        while (System.currentTimeMillis() < decidedBy && ids.stream().anyMatch(id -> trace.decidedAt(id) == null)) {
            Thread.sleep(200);
        }
        Map<String, Long> accepted = load.accepted();
        long acceptedInStep = ids.stream().filter(id -> accepted.get(id) <= to + 1_000).count();
        long undecided = ids.stream().filter(id -> trace.decidedAt(id) == null).count();
        long[] toDecision = ids.stream().map(id -> trace.decidedAt(id) == null ? null : trace.decidedAt(id)
                - accepted.get(id)).filter(v -> v != null).mapToLong(Long::longValue).sorted().toArray();
        long[] toIntent = ids.stream().filter(trace::approved).map(id -> trace.intentReadAt(id) == null ? null
                : trace.intentReadAt(id) - accepted.get(id)).filter(v -> v != null).mapToLong(Long::longValue)
                .sorted().toArray();
        long approved = ids.stream().filter(trace::approved).count();
        long refused = load.refused() - refusedBefore;
        boolean sustained = acceptedInStep >= 0.98 * offered && refused == 0 && undecided == 0
                && PipelineTrace.quantile(toDecision, 0.99) <= 1_000 && toIntent.length == approved
                && PipelineTrace.quantile(toIntent, 0.99) <= 1_000;
        System.out.printf("step %5d/s for %d s: offered %d, accepted in time %d (%.1f%%, %.0f/s), refused %d, "
                + "undecided %d, approved %d; 202 to decision p50 %d / p99 %d / max %d ms; 202 to intent p50 %d / "
                + "p99 %d ms (%d intents); peak lag %s: %s%n", rate, seconds, offered, acceptedInStep,
                100.0 * acceptedInStep / Math.max(1, offered), acceptedInStep * 1000.0 / (to - from), refused,
                undecided, approved, PipelineTrace.quantile(toDecision, 0.5), PipelineTrace.quantile(toDecision, 0.99),
                PipelineTrace.quantile(toDecision, 1), PipelineTrace.quantile(toIntent, 0.5),
                PipelineTrace.quantile(toIntent, 0.99), toIntent.length, peakLag(samples, from, to),
                sustained ? "SUSTAINED" : "NOT sustained");
        return sustained;
    }

    /** The stress run and the recovery after it. */
    private static void stress(PipelineLoad load, PipelineTrace trace, Queue<Sample> samples, int rate, int seconds)
            throws InterruptedException {
        long offeredBefore = load.offered();
        load.rate(rate);
        long from = System.currentTimeMillis();
        System.out.printf("stress at %d signals/s for %d s from %s, load %s%n", rate, seconds, Instant.now(),
                PipelineTrace.loadAverage());
        load.offer("stress", true);
        for (int s = 30; s <= seconds; s += 30) {
            Thread.sleep(30_000);
            Sample last = samples.stream().reduce((a, b) -> b).orElse(null);
            System.out.printf("  %3d s: offered %d, accepted %d, lag %s, load %s%n", s, load.offered() - offeredBefore,
                    load.accepted().keySet().stream().filter(id -> id.startsWith("stress-")).count(),
                    last == null ? "-" : last.lag(), PipelineTrace.loadAverage());
        }
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds % 30));
        load.offer("stress", false);
        long to = System.currentTimeMillis();
        long offered = load.offered() - offeredBefore;
        // Recovered: a lag sample taken after the stop with every group at most RECOVERED_LAG behind.
        long recovered = awaitQuiet(samples, to + 5_000, RECOVERY_TIMEOUT);
        List<String> ids = load.accepted().keySet().stream().filter(id -> id.startsWith("stress-")).toList();
        long lastDecision = ids.stream().map(trace::decidedAt).filter(v -> v != null).mapToLong(Long::longValue)
                .max().orElse(-1);
        long undecided = ids.stream().filter(id -> trace.decidedAt(id) == null).count();
        Map<String, Long> accepted = load.accepted();
        long acceptedInTime = ids.stream().filter(id -> accepted.get(id) <= to + 1_000).count();
        System.out.printf("stress %d/s for %d s: offered %d, accepted %d by the stop (%.1f%%, %.0f/s), accepted in all "
                + "%d, undecided so far %d; peak lag during %s, after the stop %s; every group at most %d behind %s "
                + "after the stop; the last decision read %s ms after the stop%n", rate, seconds, offered,
                acceptedInTime, 100.0 * acceptedInTime / Math.max(1, offered), acceptedInTime * 1000.0 / (to - from),
                ids.size(), undecided, peakLag(samples, from, to), peakLag(samples, to, Long.MAX_VALUE), RECOVERED_LAG,
                recovered < 0 ? "NOT within " + RECOVERY_TIMEOUT : (recovered - to) + " ms",
                lastDecision < 0 ? "-" : Long.toString(lastDecision - to));
        System.out.println("lag samples (s from the stress start: group totals):");
        long until = recovered < 0 ? Long.MAX_VALUE : recovered + 10_000;
        samples.stream().filter(s -> s.at() >= from && s.at() <= until)
                .forEach(s -> System.out.printf("  %6.1f %s%n", (s.at() - from) / 1000.0, s.lag()));
    }

    /**
     * Waits up to {@code timeout} for a lag sample taken after {@code after} (epoch ms) with every group at most
     * {@link #RECOVERED_LAG} behind; its time, or -1.
     */
    private static long awaitQuiet(Queue<Sample> samples, long after, Duration timeout) throws InterruptedException {
        long deadline = after + timeout.toMillis();
        long quiet = -1;
        while (quiet < 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(1_000);
            quiet = samples.stream().filter(s -> s.at() > after && !s.lag().isEmpty()
                    && s.lag().values().stream().allMatch(l -> l <= RECOVERED_LAG)).mapToLong(Sample::at).min()
                    .orElse(-1);
        }
        return quiet;
    }

    /** Each group's highest total lag sampled between {@code from} and {@code to}. */
    private static Map<String, Long> peakLag(Queue<Sample> samples, long from, long to) {
        Map<String, Long> peak = new TreeMap<>();
        samples.stream().filter(s -> s.at() >= from && s.at() <= to)
                .forEach(s -> s.lag().forEach((group, lag) -> peak.merge(group, lag, Math::max)));
        return peak;
    }

    private static void sample(PipelineStack stack, Queue<Sample> samples, AtomicBoolean sampling) {
        List<String> errors = new ArrayList<>();
        while (sampling.get()) {
            try {
                samples.add(new Sample(System.currentTimeMillis(), PipelineTrace.lag(stack.url(Part.OPS_CONSOLE),
                        PipelineStack.VIEWER_TOKEN)));
            } catch (Exception e) {
                if (errors.size() < 5) {
                    errors.add(e.toString());
                    System.out.println("lag sample failed: " + e);
                }
            }
            try {
                Thread.sleep(2_000);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
