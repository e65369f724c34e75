package trading.safety.router.broker;

import java.io.IOException;
import java.util.Map;
import trading.safety.v1.Side;

/** The words REST brokers use for order states and sides, in ours. */
public final class BrokerWords {

    private static final Map<String, BrokerOrder.Status> COMMON_STATES = Map.of(
            "filled", BrokerOrder.Status.FILLED,
            "partially_filled", BrokerOrder.Status.PARTIALLY_FILLED,
            "canceled", BrokerOrder.Status.CANCELLED,
            "expired", BrokerOrder.Status.CANCELLED,
            "rejected", BrokerOrder.Status.REJECTED);

    private BrokerWords() {
    }

    /**
     * An order state: the words brokers share, then the broker's own ({@code others}); anything else is an
     * order still working (NEW).
     */
    public static BrokerOrder.Status status(String word, Map<String, BrokerOrder.Status> others) {
        BrokerOrder.Status status = COMMON_STATES.get(word);
        if (status == null) {
            status = others.get(word);
        }
        return status == null ? BrokerOrder.Status.NEW : status;
    }

    /** A side; short sales and covers are sells and buys. */
    public static Side side(String word) throws IOException {
        switch (word) {
            case "buy":
            case "buy_to_cover":
                return Side.BUY;
            case "sell":
            case "sell_short":
                return Side.SELL;
            default:
                throw new IOException("unknown side " + word);
        }
    }
}
