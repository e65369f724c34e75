package trading.safety.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import trading.safety.benchmarks.PipelineStack.Part;
import trading.safety.contract.registry.ConfluentRegistryClient;
import trading.safety.contract.registry.SchemaRegistry;

/**
 * Fault injection on the whole pipeline ({@link PipelineStack}: every part its own process) under steady load
 * ({@link PipelineLoad}): for each fault kind, {@code runs} times, the part is killed outright (SIGKILL) and
 * started again at once, and the time to recover is measured. After each kind's runs the load stops, the
 * pipeline drains, and {@link PipelineAudit} checks that kind's signals: no duplicate broker order, no lost
 * fill, no lost accepted signal, every signal decided exactly once, reconciliation PASS for every account. Any
 * violation, or a recovery that does not come within {@link #RECOVERY_TIMEOUT}, makes the exit code 1.
 *
 * <p>Recovery time, from the kill (this process's clock) to when this process first sees (where a time is
 * compared, it is after the killed process was gone):
 * <ul>
 *   <li>signal-ingest: a 202 answered after the kill;</li>
 *   <li>risk-stream: a decision (read_committed) of a signal appended after the kill;</li>
 *   <li>order-router, paper broker: an ACCEPTED order event (read_committed) with the broker's answer after the
 *   kill;</li>
 *   <li>recon-stream: a reconciliation result (read_committed) of a broker snapshot taken after the kill;</li>
 *   <li>ops-console: its {@code /actuator/health} answering 200;</li>
 *   <li>Kafka: an ACCEPTED order event (read_committed) of an intent whose signal was appended after the kill:
 *   signal-ingest, risk-stream and order-router all flowing again end to end.</li>
 * </ul>
 *
 * <p>Arguments: runs per kind (3), signals per second (100), kinds (comma-separated part ids, default every
 * fault kind), steady seconds before each kill and after each recovery (15). Run from the repository root
 * (the services' executable jars are found under {@code <module>/target/}).
 */
public final class PipelineFaultHarness {

    private static final Duration RECOVERY_TIMEOUT = Duration.ofMinutes(4);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(3);
    private static final List<Part> KINDS = List.of(Part.SIGNAL_INGEST, Part.RISK_STREAM, Part.ORDER_ROUTER,
            Part.RECON_STREAM, Part.OPS_CONSOLE, Part.KAFKA, Part.PAPER_BROKER);
    static final List<String> RELAXED_RISK_LIMITS = List.of(
            // The load is far above a real strategy's pace: rate, heat and loss limits would refuse nearly all of
            // it, and the point here is that approved orders flow through every part while parts die.
            "--safety.risk.limits.max-orders-per-minute-per-strategy=1000000",
            "--safety.risk.limits.max-orders-per-minute-per-account=1000000",
            "--safety.risk.limits.max-heat=1000",
            "--safety.risk.limits.max-daily-loss=0.9",
            "--safety.risk.drawdown.halt-at=0.9",
            "--safety.risk.drawdown.panic-at=0.95");

    /** One fault kind's outcome. */
    private record KindReport(Part part, List<Long> recoveriesMs, int unrecovered, PipelineAudit.Result audit,
            long resubmissions) {
    }

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        List<Part> kinds = args.length > 2 && !args[2].equals("all")
                ? Arrays.stream(args[2].split(",")).map(Part::of).toList() : KINDS;
        int steadySeconds = args.length > 3 ? Integer.parseInt(args[3]) : 15;
        System.exit(run(runs, rate, kinds, steadySeconds) ? 0 : 1);
    }

    private static boolean run(int runs, int rate, List<Part> kinds, int steadySeconds) throws Exception {
        Path work = Files.createTempDirectory("pipeline-faults");
        System.out.printf("pipeline fault injection at %s, load %s; %d runs per kind, %d signals/s; work in %s%n",
                Instant.now(), loadAverage(), runs, rate, work);
        List<String> accounts = List.of("ACC-F1", "ACC-F2", "ACC-F3", "ACC-F4", "ACC-F5", "ACC-F6");
        PipelineStack.Settings settings = new PipelineStack.Settings(Path.of("").toAbsolutePath(), accounts, 2,
                List.of("-Xmx512m", "-XX:+UseSerialGC"), Map.of(Part.RISK_STREAM, RELAXED_RISK_LIMITS));
        long started = System.nanoTime();
        List<KindReport> reports = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        try (PipelineStack stack = PipelineStack.start(settings, work)) {
            SchemaRegistry registry = new ConfluentRegistryClient(stack.registryUrl(), Duration.ofSeconds(10));
            try (PipelineWatch watch = new PipelineWatch(stack.bootstrap(), registry);
                    PipelineLoad load = new PipelineLoad(stack.url(Part.SIGNAL_INGEST), stack.paperUrl(),
                            stack.strategyKeys(), 12, rate, 48)) {
                load.backfill();
                load.start(Duration.ofSeconds(2));
                load.offer("warm", true);
                long warmFrom = System.currentTimeMillis();
                if (await(() -> watch.firstAcceptanceAfter(warmFrom), RECOVERY_TIMEOUT) < 0) {
                    throw new IllegalStateException("no order reached the broker within " + RECOVERY_TIMEOUT
                            + " of the load's start; see the logs in " + work);
                }
                System.out.printf("first order at the broker %d ms after the load started%n",
                        System.currentTimeMillis() - warmFrom);
                pause(steadySeconds);
                for (Part kind : kinds) {
                    KindReport report = faults(stack, load, watch, registry, kind, runs, steadySeconds);
                    reports.add(report);
                    System.out.println(report.audit());
                    report.audit().violations().forEach(v -> failures.add(kind.id + ": " + v));
                    if (report.unrecovered() > 0) {
                        failures.add(kind.id + ": " + report.unrecovered() + " runs did not recover within "
                                + RECOVERY_TIMEOUT);
                    }
                    if (report.resubmissions() > 0) {
                        failures.add(kind.id + ": the broker saw " + report.resubmissions()
                                + " client order ids submitted again");
                    }
                }
                System.out.println(load.counters());
                if (load.refused() > 0) {
                    failures.add(load.refused() + " signals refused with a 4xx other than for age: the load is wrong");
                }
            }
            System.out.println("memory (RSS now / peak, MiB):");
            for (Part part : Part.values()) {
                PipelineStack.Memory memory = stack.memory(part);
                System.out.printf("  %-13s %6d / %6d%n", part.id, memory.rssKib() / 1024, memory.peakRssKib() / 1024);
            }
        }
        printTable(reports, runs, rate);
        System.out.printf("finished at %s after %d min, load %s%n", Instant.now(),
                TimeUnit.NANOSECONDS.toMinutes(System.nanoTime() - started), loadAverage());
        if (failures.isEmpty()) {
            System.out.println("RESULT PASS: no duplicate, no loss, every signal decided once, reconciliation PASS");
            return true;
        }
        System.out.println("RESULT FAIL:");
        failures.forEach(f -> System.out.println("  " + f));
        return false;
    }

    private static KindReport faults(PipelineStack stack, PipelineLoad load, PipelineWatch watch,
            SchemaRegistry registry, Part kind, int runs, int steadySeconds) throws Exception {
        String phase = "f-" + kind.id;
        load.offer(phase, true);
        pause(steadySeconds);
        List<Long> recoveries = new ArrayList<>();
        int unrecovered = 0;
        long resubmissions = 0;
        HaltLifter operator = new HaltLifter(stack.url(Part.OPS_CONSOLE));
        for (int run = 1; run <= runs; run++) {
            if (kind == Part.PAPER_BROKER) {
                resubmissions += PipelineAudit.resubmissions(stack.paperUrl()); // its count dies with it
            }
            watch.forget();
            long killedAt = System.currentTimeMillis();
            stack.kill(kind);
            // Evidence must come after the killed process is gone: an answer it gave just before the kill may
            // carry a time a few milliseconds after killedAt.
            long goneAt = System.currentTimeMillis();
            stack.start(kind);
            long restartedAt = System.currentTimeMillis();
            long recoveredAt = switch (kind) {
                case SIGNAL_INGEST -> await(() -> load.firstAcceptedAtOrAfter(goneAt), RECOVERY_TIMEOUT);
                case RISK_STREAM -> await(() -> watch.firstDecisionFor(goneAt), RECOVERY_TIMEOUT);
                case ORDER_ROUTER, PAPER_BROKER -> await(() -> {
                    operator.liftNow();
                    return watch.firstAcceptanceAfter(goneAt);
                }, RECOVERY_TIMEOUT);
                case RECON_STREAM -> await(() -> watch.firstReconciliationOfSnapshotAfter(goneAt), RECOVERY_TIMEOUT);
                case KAFKA -> await(() -> {
                    operator.liftNow();
                    return watch.firstAcceptanceOfSignalAfter(goneAt);
                }, RECOVERY_TIMEOUT);
                default -> restartedAt;
            };
            if (recoveredAt < 0) {
                unrecovered++;
                System.out.printf("%s run %d: killed, restarted after %d ms, NOT recovered within %s%n", kind.id,
                        run, restartedAt - killedAt, RECOVERY_TIMEOUT);
            } else {
                recoveries.add(recoveredAt - killedAt);
                System.out.printf("%s run %d: killed, restarted (ready) after %d ms, recovered after %d ms%n",
                        kind.id, run, restartedAt - killedAt, recoveredAt - killedAt);
            }
            pauseLifting(steadySeconds, operator);
            int lifted = operator.takeLifted();
            if (lifted > 0) {
                System.out.printf("%s run %d: %d automatic account halts the outage caused lifted by the operator%n",
                        kind.id, run, lifted);
            }
        }
        load.offer(phase, false);
        if (!load.awaitSettled(DRAIN_TIMEOUT)) {
            System.out.println("signals still unanswered after " + DRAIN_TIMEOUT);
        }
        if (kind == Part.PAPER_BROKER) {
            resubmissions += PipelineAudit.resubmissions(stack.paperUrl());
        }
        // Two broker snapshots (every 10 s) after the last order, so reconciliation sees the books at rest.
        pause(25);
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        PipelineAudit.Result audit;
        while (true) {
            audit = PipelineAudit.run(stack.bootstrap(), registry, stack.paperUrl(), load.accepted(), phase + "-",
                    stack.accounts());
            if (audit.violations().isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            System.out.println("  audit not clean yet, again in 10 s: " + audit.violations());
            pause(10);
        }
        return new KindReport(kind, recoveries, unrecovered, audit, resubmissions);
    }

    private static void printTable(List<KindReport> reports, int runs, int rate) {
        System.out.printf("%nfault kind     runs  accepted  decided  orders  fills  duplicates  lost fills  "
                + "fills unknown to broker  lost accepted  decisions != 1  recon  recovery median  recovery max%n");
        for (KindReport r : reports) {
            PipelineAudit.Result a = r.audit();
            long[] sorted = r.recoveriesMs().stream().mapToLong(Long::longValue).sorted().toArray();
            System.out.printf("%-13s %5d %9d %8d %7d %6d %11d %11d %24d %14d %15d  %-5s %13s ms %11s ms%n",
                    r.part().id, r.recoveriesMs().size() + r.unrecovered(), a.accepted(), a.signals(), a.brokerOrders(),
                    a.fills(), a.duplicateBrokerOrders() + r.resubmissions(), a.lostFills() + a.duplicateFills(),
                    a.unknownFills(), a.lostAcceptedSignals(), a.signalsWithoutOneDecision(), a.reconciled() ? "PASS" : "FAIL",
                    sorted.length == 0 ? "-" : Long.toString(sorted[(sorted.length - 1) / 2]),
                    sorted.length == 0 ? "-" : Long.toString(sorted[sorted.length - 1]));
        }
        System.out.printf("(%d runs per kind asked, %d signals/s offered)%n", runs, rate);
    }

    private interface Probe {
        long firstSeen() throws Exception;
    }

    /** Polls {@code probe} until it answers a time (not -1) or the timeout passes (-1). */
    private static long await(Probe probe, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long seen = probe.firstSeen();
            if (seen >= 0) {
                return seen;
            }
            Thread.sleep(50);
        }
        return -1;
    }

    /** Pauses, lifting automatic halts as they appear (an outage's failures reach recon-stream late). */
    private static void pauseLifting(int seconds, HaltLifter operator) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < end) {
            operator.liftNow();
            Thread.sleep(500);
        }
    }

    private static void pause(int seconds) throws InterruptedException {
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
