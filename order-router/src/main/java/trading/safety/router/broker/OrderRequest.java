package trading.safety.router.broker;

import java.math.BigDecimal;
import java.util.Objects;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

/**
 * An order as a broker receives it. {@code clientOrderId} is the intent id: brokers refuse a second order
 * with the same one, which is what makes a resubmission after a crash harmless.
 *
 * @param reduceOnly the order may only reduce a position (flatten orders)
 */
public record OrderRequest(String clientOrderId, String accountId, String symbol, Side side, BigDecimal quantity,
        OrderType orderType, BigDecimal limitPrice, TimeInForce timeInForce, boolean reduceOnly) {

    public OrderRequest {
        Objects.requireNonNull(clientOrderId, "clientOrderId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(symbol, "symbol");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(orderType, "orderType");
        Objects.requireNonNull(timeInForce, "timeInForce");
        if (quantity.signum() <= 0) {
            throw new IllegalArgumentException("quantity must be positive, was " + quantity.toPlainString());
        }
        if (orderType == OrderType.LIMIT && limitPrice == null) {
            throw new IllegalArgumentException("a LIMIT order needs a limit price");
        }
    }
}
