package trading.safety.router.app;

import java.util.Map;
import trading.safety.router.broker.BrokerAdapter;
import trading.safety.router.paper.PaperBroker;

/**
 * The brokers this router can send to, by id, and the paper broker when it runs in this process (it then
 * needs prices fed to it; null otherwise).
 */
public record Brokers(Map<String, BrokerAdapter> adapters, PaperBroker inProcessPaper) {

    public Brokers {
        adapters = Map.copyOf(adapters);
    }
}
