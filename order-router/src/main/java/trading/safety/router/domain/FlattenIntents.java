package trading.safety.router.domain;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import trading.safety.contract.serde.Decimals;
import trading.safety.router.broker.BrokerAccount;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

/**
 * The orders that close every position of an account: one market order per holding, the opposite side, the
 * whole quantity. Ids derive from the command and the holding, so acting twice on one kill switch (after a
 * crash) names the same intents and the broker refuses the second copies. Pure.
 */
public final class FlattenIntents {

    private FlattenIntents() {
    }

    public static List<OrderIntent> of(BrokerAccount account, String commandId, Instant at) {
        List<OrderIntent> intents = new ArrayList<>();
        for (BrokerAccount.Holding holding : account.positions()) {
            if (holding.quantity().signum() == 0) {
                continue;
            }
            String intentId = UUID.nameUUIDFromBytes(("flatten:" + commandId + ":" + account.accountId() + ":"
                    + holding.symbol()).getBytes(StandardCharsets.UTF_8)).toString();
            intents.add(OrderIntent.newBuilder()
                    .setEventId("intent:" + intentId)
                    .setCausationId(commandId)
                    .setIntentId(intentId)
                    .setSignalId(null)
                    .setAccountId(account.accountId())
                    .setStrategyId(null)
                    .setSymbol(holding.symbol())
                    .setSide(holding.quantity().signum() > 0 ? Side.SELL : Side.BUY)
                    .setQuantity(Decimals.of(holding.quantity().abs()))
                    .setOrderType(OrderType.MARKET)
                    .setLimitPrice(null)
                    .setTimeInForce(TimeInForce.DAY)
                    .setPurpose(IntentPurpose.FLATTEN)
                    .setCreatedAt(at)
                    .build());
        }
        return intents;
    }

    /** Whether an intent is a flatten order (reduce only at the broker). */
    public static boolean isFlatten(OrderIntent intent) {
        return intent.getPurpose() == IntentPurpose.FLATTEN;
    }
}
