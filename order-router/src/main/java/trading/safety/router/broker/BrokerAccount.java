package trading.safety.router.broker;

import java.math.BigDecimal;
import java.util.List;

/** An account as the broker reports it, for the periodic {@code BrokerSnapshot}. */
public record BrokerAccount(String accountId, BigDecimal cash, BigDecimal equity, List<Holding> positions,
        int openOrders) {

    public BrokerAccount {
        positions = List.copyOf(positions);
    }

    /** One position: signed quantity (negative is short), average price and market value. */
    public record Holding(String symbol, BigDecimal quantity, BigDecimal averagePrice, BigDecimal marketValue) {
    }
}
