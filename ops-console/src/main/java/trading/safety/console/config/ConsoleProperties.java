package trading.safety.console.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;
import trading.safety.console.replay.ReplayLimits;

/**
 * The console's settings. There is no built-in default secret: each role's bearer token must be
 * configured (SAFETY_ADMIN_TOKEN, SAFETY_OPERATOR_TOKEN, SAFETY_VIEWER_TOKEN) or the console
 * refuses to start.
 *
 * @param tokens the bearer token of each role
 * @param maxBodySize the largest request body accepted (413 beyond it)
 * @param writeTimeout how long a control command waits for Kafka to acknowledge its records; kept under a
 *     second so the console answers within one even when Kafka does not
 * @param views how much the console keeps of the topics it shows
 * @param lag consumer-lag alerting
 * @param replay what one audit replay may take
 */
@Validated
@ConfigurationProperties("safety.console")
public record ConsoleProperties(@NotNull @Valid Tokens tokens, @DefaultValue("16KB") DataSize maxBodySize,
        @DefaultValue("600ms") Duration writeTimeout,
        @NotNull @Valid @DefaultValue Views views, @NotNull @Valid @DefaultValue Lag lag,
        @NotNull @Valid @DefaultValue Replay replay) {

    /** Bearer tokens per role, at least 16 characters each. */
    public record Tokens(
            @NotNull @Size(min = 16, message = "must be configured, at least 16 characters") String admin,
            @NotNull @Size(min = 16, message = "must be configured, at least 16 characters") String operator,
            @NotNull @Size(min = 16, message = "must be configured, at least 16 characters") String viewer) {

        @Override
        public String toString() {
            return "Tokens[redacted]";
        }
    }

    /**
     * @param lookback how far back the event topics (alerts, audit, decisions, order events, reconciliation)
     *     are read at start; the compacted state topics are always read whole
     * @param recent how many of the latest alerts, audit events, decisions and reconciliation results are kept
     * @param history how many risk-state points per account are kept for the equity and drawdown chart
     * @param maxRangeRecords the most records one range query (decisions, audit, funnel) reads
     */
    public record Views(@DefaultValue("7d") Duration lookback, @Min(10) @DefaultValue("1000") int recent,
            @Min(10) @DefaultValue("500") int history, @Min(100) @DefaultValue("200000") int maxRangeRecords) {
    }

    /**
     * @param threshold records of lag a group may have in total before it counts as behind
     * @param groups per-group thresholds that replace the default
     * @param sustain how long a group must stay behind before the alert is raised
     * @param interval how often lag is read
     * @param adminTimeout bound on each admin call of a check
     */
    public record Lag(@Min(0) @DefaultValue("1000") long threshold, @DefaultValue Map<String, Long> groups,
            @DefaultValue("30s") Duration sustain, @DefaultValue("5s") Duration interval,
            @DefaultValue("5s") Duration adminTimeout) {
    }

    /**
     * @param maxInputRecords the most input records one replay reads; they are held in memory while it runs
     *     (about 1 KB each at their largest)
     * @param maxMismatchesListed the most mismatches a report lists (it counts all of them)
     * @param readTimeout how long reading the topics may take
     * @param threads topology drivers re-running account partitions in parallel (0: one per processor)
     */
    public record Replay(@Min(1) @DefaultValue("500000") long maxInputRecords,
            @Min(0) @DefaultValue("1000") int maxMismatchesListed, @DefaultValue("5m") Duration readTimeout,
            @Min(0) @DefaultValue("0") int threads) {

        public ReplayLimits limits() {
            return new ReplayLimits(maxInputRecords, maxMismatchesListed, readTimeout,
                    threads == 0 ? Runtime.getRuntime().availableProcessors() : threads);
        }
    }
}
