package trading.safety.router.app;

import java.util.List;
import java.util.Optional;
import trading.safety.router.broker.BrokerAccount;
import trading.safety.router.broker.BrokerAdapter;
import trading.safety.router.broker.BrokerException;
import trading.safety.router.broker.BrokerOrder;
import trading.safety.router.broker.ExecutionPage;
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.broker.SubmitResult;
import trading.safety.router.paper.PaperBroker;

/** A test broker that passes every call to a paper broker after {@link #beforeCall}, which a test overrides. */
class DelegatingBroker implements BrokerAdapter {

    private final PaperBroker broker;

    DelegatingBroker(PaperBroker broker) {
        this.broker = broker;
    }

    /** Runs before every call; throw to make the call fail. */
    protected void beforeCall() throws BrokerException {
    }

    @Override
    public String id() {
        return broker.id();
    }

    @Override
    public SubmitResult submit(OrderRequest request) throws BrokerException {
        beforeCall();
        return broker.submit(request);
    }

    @Override
    public Optional<BrokerOrder> findByClientOrderId(String clientOrderId) throws BrokerException {
        beforeCall();
        return broker.findByClientOrderId(clientOrderId);
    }

    @Override
    public List<BrokerOrder> openOrders() throws BrokerException {
        beforeCall();
        return broker.openOrders();
    }

    @Override
    public BrokerOrder cancel(String brokerOrderId) throws BrokerException {
        beforeCall();
        return broker.cancel(brokerOrderId);
    }

    @Override
    public ExecutionPage executionsAfter(String cursor, int max) throws BrokerException {
        beforeCall();
        return broker.executionsAfter(cursor, max);
    }

    @Override
    public List<String> accounts() throws BrokerException {
        beforeCall();
        return broker.accounts();
    }

    @Override
    public BrokerAccount account(String accountId) throws BrokerException {
        beforeCall();
        return broker.account(accountId);
    }
}
