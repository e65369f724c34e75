package trading.safety.risk.config;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * risk-stream's Kafka Streams settings.
 *
 * @param applicationId the Streams application id (consumer group and internal topic prefix)
 * @param stateDir where RocksDB keeps the stores
 * @param processingGuarantee exactly_once_v2 in production; at_least_once only for experiments
 * @param commitInterval how often transactions commit: the floor of decision latency under exactly-once
 */
@Validated
@ConfigurationProperties("safety.risk")
public record RiskProperties(@NotBlank String applicationId, @NotBlank String stateDir,
        @NotNull @Pattern(regexp = "exactly_once_v2|at_least_once") String processingGuarantee,
        @NotNull Duration commitInterval) {
}
