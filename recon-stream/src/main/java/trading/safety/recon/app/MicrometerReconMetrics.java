package trading.safety.recon.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import trading.safety.recon.processor.ReconMetrics;

/**
 * recon-stream's Prometheus metrics: reconciliation results by status and each account's run of differing
 * snapshots, fills counted once, automatic rules fired by rule, syncs applied per account, and each strategy's
 * 7- and 30-day health score.
 */
public final class MicrometerReconMetrics implements ReconMetrics {

    private final MeterRegistry registry;
    private final Map<String, Counter> results = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<Double>> runs = new ConcurrentHashMap<>();
    private final Map<String, Counter> rules = new ConcurrentHashMap<>();
    private final Map<String, Counter> syncs = new ConcurrentHashMap<>();
    private final Map<String, AtomicReference<double[]>> health = new ConcurrentHashMap<>();
    private final Counter duplicateFills;

    public MicrometerReconMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duplicateFills = Counter.builder("recon.fills.duplicate")
                .description("Fills that arrived again under a fill id already counted").register(registry);
    }

    @Override
    public void reconciled(String accountId, String status, int consecutiveFailures) {
        results.computeIfAbsent(status, s -> Counter.builder("recon.results").tag("status", s)
                .description("Broker snapshots reconciled, by status").register(registry)).increment();
        runs.computeIfAbsent(accountId, id -> {
            AtomicReference<Double> holder = new AtomicReference<>(0.0);
            Gauge.builder("recon.account.consecutive.failures", holder, AtomicReference::get).tag("account", id)
                    .description("The account's current run of snapshots that differ from the ledger")
                    .register(registry);
            return holder;
        }).set((double) consecutiveFailures);
    }

    @Override
    public void duplicateFill() {
        duplicateFills.increment();
    }

    @Override
    public void ruleFired(String rule) {
        rules.computeIfAbsent(rule, r -> Counter.builder("recon.rules.fired").tag("rule", r)
                .description("Automatic rules that fired (each raises an alert and halts the account if it runs)")
                .register(registry)).increment();
    }

    @Override
    public void syncApplied(String accountId) {
        syncs.computeIfAbsent(accountId, id -> Counter.builder("recon.syncs").tag("account", id)
                .description("Operator syncs applied to the ledger").register(registry)).increment();
    }

    @Override
    public void strategyHealth(String strategyId, String accountId, double score7, double score30) {
        double[] scores = {score7, score30};
        health.computeIfAbsent(strategyId + "@" + accountId, key -> {
            AtomicReference<double[]> holder = new AtomicReference<>(scores);
            Gauge.builder("strategy.health.score", holder, h -> h.get()[0]).tag("strategy", strategyId)
                    .tag("account", accountId).tag("days", "7")
                    .description("The strategy's health score (0 to 100) over the window").register(registry);
            Gauge.builder("strategy.health.score", holder, h -> h.get()[1]).tag("strategy", strategyId)
                    .tag("account", accountId).tag("days", "30")
                    .description("The strategy's health score (0 to 100) over the window").register(registry);
            return holder;
        }).set(scores);
    }
}
