package trading.safety.ingest.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * signal-ingest's settings. No credential has a default: without strategy keys no strategy can send
 * signals, and without an operator token nobody can send market data.
 *
 * @param strategyKeys {@code strategyId:accountId:key,...} (SAFETY_STRATEGY_KEYS); keys of 16+ characters
 * @param operatorToken bearer token that may send market data (SAFETY_OPERATOR_TOKEN)
 * @param adminToken bearer token that may also send market data (SAFETY_ADMIN_TOKEN); optional
 * @param maxSignalAge how old a signal's createdAt may be when it arrives
 * @param maxClockSkew how far in the future a signal's createdAt may be
 * @param quantityDecimals most decimal places a signal quantity may carry
 * @param priceDecimals most decimal places a price may carry
 * @param maxSignalBody largest signal request body
 * @param maxBarsBody largest market-data request body (bulk history loads)
 * @param maxBarsPerRequest most bars in one market-data request
 * @param kafkaTimeout bound on waiting for Kafka before answering 503
 */
@Validated
@ConfigurationProperties("safety.ingest")
public record IngestProperties(
        @NotNull
        @Pattern(regexp = StrategyKey.LIST_FORMAT, message = "must be strategyId:accountId:key[,...] with keys of"
                + " at least 16 characters")
        String strategyKeys,
        @NotNull @Size(min = 16, message = "must be configured, at least 16 characters") String operatorToken,
        String adminToken,
        @NotNull Duration maxSignalAge,
        @NotNull Duration maxClockSkew,
        @Min(0) @Max(8) int quantityDecimals,
        @Min(0) @Max(8) int priceDecimals,
        @NotNull DataSize maxSignalBody,
        @NotNull DataSize maxBarsBody,
        @Min(1) int maxBarsPerRequest,
        @NotNull Duration kafkaTimeout) {

    /** The configured keys, parsed. */
    public List<StrategyKey> keys() {
        return StrategyKey.parseAll(strategyKeys);
    }

    @Override
    public String toString() {
        return "IngestProperties[credentials redacted, maxSignalAge=" + maxSignalAge + ", kafkaTimeout="
                + kafkaTimeout + "]";
    }

    /** One strategy's credential: the key authenticates the strategy and fixes its account. */
    public record StrategyKey(String strategyId, String accountId, String key) {

        static final String ENTRY_FORMAT = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}:[A-Za-z0-9][A-Za-z0-9._-]{0,63}:[^,:\\s]{16,}";
        static final String LIST_FORMAT = ENTRY_FORMAT + "(," + ENTRY_FORMAT + ")*";

        /** Parses {@code strategyId:accountId:key,...} (the format {@link #LIST_FORMAT} validates). */
        public static List<StrategyKey> parseAll(String keys) {
            return Arrays.stream(keys.split(",")).map(entry -> entry.split(":", 3))
                    .map(parts -> new StrategyKey(parts[0], parts[1], parts[2])).toList();
        }

        @Override
        public String toString() {
            return "StrategyKey[" + strategyId + ":" + accountId + ":redacted]";
        }
    }
}
