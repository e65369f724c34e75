package trading.safety.risk.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import trading.safety.risk.processor.RiskMetrics;
import trading.safety.v1.DrawdownState;
import trading.safety.v1.ReasonCode;

/**
 * risk-stream's Prometheus metrics: decisions by outcome and primary reason, decision latency (record
 * append to decision, by the wall clock, which only measures and never decides), absorbed replays, and
 * per account the drawdown and its state (NORMAL 0, RAMPUP 1, HALT 2, PANIC 3, unknown -1).
 */
public final class MicrometerRiskMetrics implements RiskMetrics {

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<ReasonCode, Counter> approvals = new ConcurrentHashMap<>();
    private final Map<ReasonCode, Counter> rejections = new ConcurrentHashMap<>();
    private final Timer latency;
    private final Counter replays;
    private final Map<String, AtomicReference<double[]>> accounts = new ConcurrentHashMap<>();

    public MicrometerRiskMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        this.latency = Timer.builder("risk.decision.latency")
                .description("From a signal's append to the signals topic to its decision")
                .publishPercentileHistogram().register(registry);
        this.replays = Counter.builder("risk.replays.absorbed")
                .description("Signals that arrived again after their decision and were absorbed").register(registry);
    }

    @Override
    public void decided(boolean approved, ReasonCode primaryReason, long appendedAtMs) {
        String outcome = approved ? "APPROVED" : "REJECTED";
        (approved ? approvals : rejections).computeIfAbsent(primaryReason, reason -> Counter.builder("risk.decisions")
                .description("Signals decided, by outcome and primary reason")
                .tag("outcome", outcome).tag("reason", reason.name()).register(registry)).increment();
        latency.record(Math.max(0, clock.millis() - appendedAtMs), TimeUnit.MILLISECONDS);
    }

    @Override
    public void replayAbsorbed() {
        replays.increment();
    }

    @Override
    public void riskState(String accountId, DrawdownState state, BigDecimal drawdown) {
        double[] values = {drawdown.doubleValue(), code(state)};
        accounts.computeIfAbsent(accountId, id -> {
            AtomicReference<double[]> holder = new AtomicReference<>(values);
            Gauge.builder("risk.account.drawdown", holder, h -> h.get()[0]).tag("account", id)
                    .description("The account's drawdown from its peak equity (0.08 = 8%)").register(registry);
            Gauge.builder("risk.account.state", holder, h -> h.get()[1]).tag("account", id)
                    .description("Drawdown state: NORMAL 0, RAMPUP 1, HALT 2, PANIC 3, unknown -1").register(registry);
            return holder;
        }).set(values);
    }

    private static double code(DrawdownState state) {
        return switch (state) {
            case NORMAL -> 0;
            case RAMPUP -> 1;
            case HALT -> 2;
            case PANIC -> 3;
            case UNKNOWN -> -1;
        };
    }
}
