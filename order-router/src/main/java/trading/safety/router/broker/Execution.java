package trading.safety.router.broker;

import java.math.BigDecimal;
import java.time.Instant;
import trading.safety.v1.Side;

/**
 * One execution (a fill or a partial fill) reported by a broker, with the broker's own id for it and the
 * quantity of the order still open after it ({@code leavesQuantity} zero: the order is filled).
 */
public record Execution(String executionId, String clientOrderId, String brokerOrderId, String accountId,
        String symbol, Side side, BigDecimal quantity, BigDecimal price, BigDecimal fee, BigDecimal leavesQuantity,
        Instant at) {
}
