package trading.safety.router.broker;

import java.math.BigDecimal;
import trading.safety.v1.Side;

/** An order as the broker knows it. */
public record BrokerOrder(String clientOrderId, String brokerOrderId, String accountId, String symbol, Side side,
        BigDecimal quantity, BigDecimal filledQuantity, Status status, String reason) {

    /** Where an order is in its life at the broker. */
    public enum Status {
        NEW, PARTIALLY_FILLED, FILLED, CANCELLED, REJECTED;

        /** Still working at the broker: it can fill or be cancelled. */
        public boolean open() {
            return this == NEW || this == PARTIALLY_FILLED;
        }
    }

    public boolean open() {
        return status.open();
    }
}
