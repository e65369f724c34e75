package trading.safety.ingest.config;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * signal-ingest's settings.
 *
 * @param strategyKeys {@code strategyId:accountId:key,...} (SAFETY_STRATEGY_KEYS); each key at least
 *     16 characters. No built-in default: without it no strategy can send signals.
 */
@Validated
@ConfigurationProperties("safety.ingest")
public record IngestProperties(
        @NotNull
        @Pattern(regexp = StrategyKey.LIST_FORMAT, message = "must be strategyId:accountId:key[,...] with keys of"
                + " at least 16 characters")
        String strategyKeys) {

    /** The configured keys, parsed. */
    public List<StrategyKey> keys() {
        return Arrays.stream(strategyKeys.split(",")).map(StrategyKey::parse).toList();
    }

    @Override
    public String toString() {
        return "IngestProperties[strategyKeys=redacted]";
    }

    /** One strategy's credential: the key authenticates the strategy and fixes its account. */
    public record StrategyKey(String strategyId, String accountId, String key) {

        static final String ENTRY_FORMAT = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}:[A-Za-z0-9][A-Za-z0-9._-]{0,63}:[^,:\\s]{16,}";
        static final String LIST_FORMAT = ENTRY_FORMAT + "(," + ENTRY_FORMAT + ")*";

        static StrategyKey parse(String entry) {
            String[] parts = entry.split(":", 3);
            return new StrategyKey(parts[0], parts[1], parts[2]);
        }

        @Override
        public String toString() {
            return "StrategyKey[" + strategyId + ":" + accountId + ":redacted]";
        }
    }
}
