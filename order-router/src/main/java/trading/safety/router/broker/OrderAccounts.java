package trading.safety.router.broker;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which account each broker order id belongs to, for brokers whose order calls are made per account: learnt
 * from every order an adapter reads, so a cancel by broker order id knows where to go.
 */
public final class OrderAccounts {

    private final String brokerId;
    private final Map<String, String> accountOf = new ConcurrentHashMap<>();

    public OrderAccounts(String brokerId) {
        this.brokerId = brokerId;
    }

    public void remember(String brokerOrderId, String accountId) {
        accountOf.put(brokerOrderId, accountId);
    }

    /** The order's account; an order this adapter never read is a {@link BrokerException}. */
    public String of(String brokerOrderId) throws BrokerException {
        String account = accountOf.get(brokerOrderId);
        if (account == null) {
            throw new BrokerException(brokerId + " does not know order " + brokerOrderId
                    + " (not seen by this router)", false, null);
        }
        return account;
    }
}
