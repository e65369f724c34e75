package trading.safety.ingest.api;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * What the front door counts: signals received by strategy and outcome, their accept latency, and
 * market bars received by outcome. Outcomes are {@code accepted} or an {@link ErrorCode} name.
 */
@Component
public class IngestMetrics {

    static final String ACCEPTED = "accepted";

    private final MeterRegistry registry;
    private final Timer acceptLatency;
    private final java.util.Map<String, Counter> signalCounters = new java.util.concurrent.ConcurrentHashMap<>();

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.acceptLatency = Timer.builder("signal.accept.latency")
                .description("Time from request arrival to the answer, for accepted signals")
                .publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(5), Duration.ofMillis(15), Duration.ofMillis(50))
                .register(registry);
    }

    void signal(String strategyId, String outcome, long startNanos) {
        // Strategies are configured and outcomes are an enum, so this cache is bounded.
        signalCounters.computeIfAbsent(strategyId + '\n' + outcome, k -> Counter.builder("signals.received")
                .description("Signals received, by strategy and outcome")
                .tag("strategy", strategyId)
                .tag("outcome", outcome)
                .register(registry))
                .increment();
        if (ACCEPTED.equals(outcome)) {
            acceptLatency.record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    void bars(String outcome, int count) {
        Counter.builder("market.bars.received")
                .description("Market bars received, by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment(count);
    }
}
