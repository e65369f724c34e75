package trading.safety.router.broker;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One broker, as order-router needs it. Implementations enforce what real brokers enforce: a client order
 * id is accepted once. Every call may fail with {@link BrokerException}; none retries by itself.
 */
public interface BrokerAdapter {

    /** The broker's id in records and control keys ({@code broker/{id}}). */
    String id();

    SubmitResult submit(OrderRequest request) throws BrokerException;

    /** The order the broker holds under a client order id, if any: how an in-doubt submission is settled. */
    Optional<BrokerOrder> findByClientOrderId(String clientOrderId) throws BrokerException;

    List<BrokerOrder> openOrders() throws BrokerException;

    /** Cancels an open order; answers the order as it is afterwards (it may have filled meanwhile). */
    BrokerOrder cancel(String brokerOrderId) throws BrokerException;

    /** Executions after {@code cursor} (null: from the beginning), oldest first, at most {@code max}. */
    ExecutionPage executionsAfter(String cursor, int max) throws BrokerException;

    /** The accounts this broker holds for us. */
    List<String> accounts() throws BrokerException;

    BrokerAccount account(String accountId) throws BrokerException;

    /** When the access token expires, for brokers that use one. */
    default Optional<Instant> tokenExpiresAt() {
        return Optional.empty();
    }

    /** True while the broker renews its access token by itself (a refresh token, and no failed renewal). */
    default boolean tokenRenewsItself() {
        return false;
    }

    /**
     * Renews the access token when it is due and the broker can (a refresh token); answers true when a new
     * token is in force. Called regularly by the router; a no-op for brokers without tokens.
     */
    default boolean refreshToken() throws BrokerException {
        return false;
    }
}
