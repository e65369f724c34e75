package trading.safety.recon.config;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.math.BigDecimal;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

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
        @NotNull Duration fillMemory) {
}
