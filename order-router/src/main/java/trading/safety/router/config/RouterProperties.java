package trading.safety.router.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.validation.annotation.Validated;

/**
 * order-router's settings ({@code order-router.yml}).
 *
 * @param groupId the consumer group of every router instance
 * @param transactionalId this instance's transactional id: unique per instance, the same across its restarts
 * @param primaryBroker the broker intents go to while no {@code broker/active} record names another
 * @param secondaryBroker where intents go after an automatic failover (empty: no failover)
 * @param failoverAfterFailures consecutive failures of the active broker that trigger failover (runbook: 5)
 * @param failoverAfterUnreachable how long the active broker may stay unreachable (runbook: 5 minutes)
 * @param dryRun run everything but never call a broker (events and logs say [DRY_RUN])
 * @param snapshotInterval how often a {@code BrokerSnapshot} is published per account
 * @param fillPollInterval how often brokers are asked for new executions
 * @param fillPollIntervals per broker id, a longer interval for brokers with request limits
 * @param maxPollRecords intents read per poll at most
 * @param commitInterval how long a transaction collects order events, fills and offsets before it commits:
 *     what a reader of the router's topics waits at most, on top of the broker call
 * @param tokenWarning how long before an access token that is not renewed automatically expires a WARNING
 *     alert is raised (runbook: 48 hours)
 * @param paper the paper broker
 * @param alpaca the Alpaca adapter (off unless accounts are configured)
 * @param tradier the Tradier adapter (off unless accounts are configured)
 */
@Validated
@ConfigurationProperties("safety.router")
public record RouterProperties(
        @NotBlank String groupId,
        @NotBlank String transactionalId,
        @NotBlank String primaryBroker,
        String secondaryBroker,
        @Min(1) int failoverAfterFailures,
        @NotNull Duration failoverAfterUnreachable,
        boolean dryRun,
        @NotNull Duration snapshotInterval,
        @NotNull Duration fillPollInterval,
        Map<String, Duration> fillPollIntervals,
        @Min(1) int maxPollRecords,
        @NotNull Duration commitInterval,
        @NotNull Duration tokenWarning,
        @NotNull @Valid Paper paper,
        @NotNull @Valid Alpaca alpaca,
        @NotNull @Valid Tradier tradier) {

    public RouterProperties {
        fillPollIntervals = fillPollIntervals == null ? Map.of() : Map.copyOf(fillPollIntervals);
    }

    /**
     * Alpaca's Trading API, enabled when {@code accounts} is set.
     *
     * @param baseUrl the API root (Alpaca's paper or live trading host)
     * @param accounts {@code accountId:keyId:secretKey} entries, comma-separated (env
     *     {@code SAFETY_ALPACA_ACCOUNTS}); keys are per account at Alpaca
     * @param timeout bound on each call
     */
    public record Alpaca(URI baseUrl, String accounts, @NotNull Duration timeout) {

        public boolean enabled() {
            return accounts != null && !accounts.isBlank();
        }
    }

    /**
     * Tradier's brokerage API with an OAuth access token, enabled when {@code accounts} is set.
     *
     * @param baseUrl the API root (Tradier's live or sandbox host)
     * @param accounts Tradier account numbers, which are also our account ids
     * @param accessToken the current access token (env {@code SAFETY_TRADIER_ACCESS_TOKEN})
     * @param tokenExpiresAt when it expires (ISO-8601 instant)
     * @param refreshToken renews the access token before it expires; empty: renewal by an operator only
     * @param clientId the application's client id, needed with a refresh token
     * @param clientSecret the application's client secret, needed with a refresh token
     * @param tokenStore file where renewed tokens are kept across restarts (owner-only); empty: not kept
     * @param refreshAhead how long before expiry the token is renewed
     * @param timeout bound on each call
     * @param retryAfter how long after a failed renewal it is tried again (null: {@value #DEFAULT_RETRY_MINUTES}
     *     minute)
     */
    public record Tradier(URI baseUrl, List<String> accounts, String accessToken, Instant tokenExpiresAt,
            String refreshToken, String clientId, String clientSecret, String tokenStore,
            @NotNull Duration refreshAhead, @NotNull Duration timeout, Duration retryAfter) {

        static final int DEFAULT_RETRY_MINUTES = 1;

        @ConstructorBinding
        public Tradier {
            retryAfter = retryAfter == null ? Duration.ofMinutes(DEFAULT_RETRY_MINUTES) : retryAfter;
        }

        /** Settings with the default renewal retry. */
        public Tradier(URI baseUrl, List<String> accounts, String accessToken, Instant tokenExpiresAt,
                String refreshToken, String clientId, String clientSecret, String tokenStore, Duration refreshAhead,
                Duration timeout) {
            this(baseUrl, accounts, accessToken, tokenExpiresAt, refreshToken, clientId, clientSecret, tokenStore,
                    refreshAhead, timeout, null);
        }

        public boolean enabled() {
            return accounts != null && !accounts.isEmpty();
        }

        @Override
        public String toString() {
            return "Tradier[baseUrl=" + baseUrl + ", accounts=" + accounts + ", tokenExpiresAt=" + tokenExpiresAt
                    + ", secrets=***]";
        }
    }

    /**
     * @param url where a paper broker runs as its own process ({@code PaperBrokerServer}); empty: in this
     *     process, priced from {@code trading.market-data.v1}
     * @param timeout bound on each call to a paper broker process
     * @param accounts accounts opened at start with {@code startingCash}, so snapshots exist before any order
     * @param latency how long each submission takes
     * @param rejectRatio share of orders rejected at random
     * @param partialFillRatio share of market orders filled in two parts
     * @param stateFile where the in-process paper broker keeps its books across restarts; empty: in memory only
     * @param secondaryUrl a second paper broker process, broker id {@value #SECONDARY_ID}, to fail over to (name
     *     it in {@code safety.router.secondary-broker}); empty: none
     */
    public record Paper(
            URI url,
            @NotNull Duration timeout,
            @NotNull List<String> accounts,
            @NotNull Duration latency,
            @DecimalMin("0") @DecimalMax("1") double rejectRatio,
            @DecimalMin("0") @DecimalMax("1") double partialFillRatio,
            @NotNull @DecimalMin("0") BigDecimal feePerShare,
            @NotNull @DecimalMin("0") BigDecimal startingCash,
            long seed,
            String stateFile,
            URI secondaryUrl) {

        /** The broker id of the paper broker at {@code secondaryUrl}. */
        public static final String SECONDARY_ID = "paper-secondary";

        @ConstructorBinding
        public Paper {
        }

        /** Settings without a second paper broker. */
        public Paper(URI url, Duration timeout, List<String> accounts, Duration latency, double rejectRatio,
                double partialFillRatio, BigDecimal feePerShare, BigDecimal startingCash, long seed, String stateFile) {
            this(url, timeout, accounts, latency, rejectRatio, partialFillRatio, feePerShare, startingCash, seed,
                    stateFile, null);
        }
    }
}
