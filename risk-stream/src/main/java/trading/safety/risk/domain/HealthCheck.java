package trading.safety.risk.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The automated checks run when a drawdown cooldown ends (runbook: last reconciliation PASS, market data
 * fresher than 72 hours, no duplicate intents in 24 hours, at least one strategy enabled). Pure: every
 * input is passed in, measured at the same stream time.
 */
public final class HealthCheck {

    /** What the checks look at. {@code latestMarketData} is null when no bar was ever seen. */
    public record Inputs(boolean lastReconciliationPassed, Instant latestMarketData, int duplicateIntentsLast24h,
            int enabledStrategies) {
    }

    /** Outcome: passed when {@code failures} is empty. */
    public record Result(boolean passed, List<String> failures) {
        public Result {
            failures = List.copyOf(failures);
        }
    }

    private final Duration maxDataAge;

    public HealthCheck(Duration maxDataAge) {
        this.maxDataAge = maxDataAge;
    }

    public Result run(Inputs inputs, Instant now) {
        List<String> failures = new ArrayList<>();
        if (!inputs.lastReconciliationPassed()) {
            failures.add("RECONCILIATION: the last reconciliation did not pass");
        }
        if (inputs.latestMarketData() == null) {
            failures.add("DATA_FRESHNESS: no market data seen");
        } else if (Duration.between(inputs.latestMarketData(), now).compareTo(maxDataAge) > 0) {
            failures.add("DATA_FRESHNESS: newest market data is older than " + maxDataAge.toHours() + " h");
        }
        if (inputs.duplicateIntentsLast24h() > 0) {
            failures.add("DUPLICATE_INTENTS: " + inputs.duplicateIntentsLast24h() + " duplicate intents in 24 h");
        }
        if (inputs.enabledStrategies() < 1) {
            failures.add("STRATEGIES: no strategy is enabled");
        }
        return new Result(failures.isEmpty(), failures);
    }
}
