package trading.safety.recon.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import trading.safety.recon.domain.ExecutionKillRules;
import trading.safety.recon.domain.StrategyBreaker;
import trading.safety.recon.domain.StrategyHealth;

/**
 * recon-stream's settings ({@code recon-stream.yml}).
 *
 * @param applicationId the Streams application id (consumer group and internal topic prefix)
 * @param stateDir where RocksDB keeps the stores
 * @param processingGuarantee exactly_once_v2 in production; at_least_once only for experiments
 * @param commitInterval how often transactions commit
 * @param streamThreads stream threads in this instance
 * @param maxDiffRatio how far a broker's figure may be from the ledger's before it is a discrepancy
 *     (runbook: 0.01, 1%)
 * @param failAfter differing snapshots in a row that fail an account (runbook: 2)
 * @param fillMemory how long a fill id is remembered, so a fill seen twice counts once
 * @param rules the automatic kill rules' thresholds
 * @param health the strategy health criteria
 */
@Validated
@ConfigurationProperties("safety.recon")
public record ReconProperties(
        @NotBlank String applicationId,
        @NotBlank String stateDir,
        @NotNull @Pattern(regexp = "exactly_once_v2|at_least_once") String processingGuarantee,
        @NotNull Duration commitInterval,
        @Min(1) int streamThreads,
        @NotNull @DecimalMin("0") BigDecimal maxDiffRatio,
        @Min(1) int failAfter,
        @NotNull Duration fillMemory,
        @NotNull @Valid Rules rules,
        @NotNull @Valid Health health) {

    /**
     * The automatic kill rules (runbook: over 50% of orders rejected with at least 5 rejected, at least 3
     * consecutive execution failures; any duplicate intent always halts) and the strategies' circuit breakers.
     *
     * @param rejectionWindow the window the rejection rate is taken over
     * @param breakerFailures execution failures of a strategy's orders within {@code breakerWindow} that open
     *     its circuit breaker
     * @param breakerRecovery how long an opened breaker stays shut before one probe may pass
     */
    public record Rules(
            @NotNull Duration rejectionWindow,
            @NotNull @DecimalMin("0") @DecimalMax("1") BigDecimal maxRejectionRatio,
            @Min(1) int minRejections,
            @Min(1) int maxConsecutiveFailures,
            @Min(1) int breakerFailures,
            @NotNull Duration breakerWindow,
            @NotNull Duration breakerRecovery) {

        public ExecutionKillRules.Settings settings() {
            return new ExecutionKillRules.Settings(rejectionWindow, maxRejectionRatio.doubleValue(), minRejections,
                    maxConsecutiveFailures);
        }

        public StrategyBreaker.Settings breaker() {
            return new StrategyBreaker.Settings(breakerFailures, breakerWindow, breakerRecovery);
        }
    }

    /**
     * Strategy health (runbook: at least 5 trades, rejection rate at most 80%, expectancy at least 0; WARNING
     * below 60).
     *
     * @param intentMemory how long an intent's strategy is remembered, to attribute its fills and order events
     */
    public record Health(
            @Min(1) int minTrades,
            @NotNull @DecimalMin("0") @DecimalMax(value = "1", inclusive = false) BigDecimal maxRejectionRate,
            @NotNull BigDecimal minExpectancy,
            @DecimalMin("0") @DecimalMax("100") double warnBelow,
            @DecimalMin("0") @DecimalMax("100") double criticalBelow,
            @NotNull Duration intentMemory) {

        public StrategyHealth.Settings settings() {
            return new StrategyHealth.Settings(minTrades, maxRejectionRate.doubleValue(), minExpectancy, warnBelow,
                    criticalBelow);
        }
    }
}
