package trading.safety.router.domain;

import java.time.Instant;
import java.util.List;
import trading.safety.contract.serde.Decimals;
import trading.safety.router.broker.BrokerAccount;
import trading.safety.router.broker.Execution;
import trading.safety.v1.BrokerPosition;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.Fill;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;

/**
 * The records order-router writes. Event ids derive from what caused them (intent and step, or the
 * broker's execution id), so a step recorded again after a crash carries the same id and readers can
 * drop the copy.
 */
public final class RouterRecords {

    private RouterRecords() {
    }

    public static OrderEvent event(String intentId, String accountId, String brokerId, String brokerOrderId,
            OrderEventType type, String reason, Long latencyMicros, boolean dryRun, Instant at) {
        return event(intentId, accountId, brokerId, brokerOrderId, type, reason, latencyMicros, dryRun, at,
                "order-event:" + intentId + ":" + type);
    }

    private static OrderEvent event(String intentId, String accountId, String brokerId, String brokerOrderId,
            OrderEventType type, String reason, Long latencyMicros, boolean dryRun, Instant at, String eventId) {
        return OrderEvent.newBuilder()
                .setEventId(eventId)
                .setCausationId("intent:" + intentId)
                .setIntentId(intentId)
                .setAccountId(accountId)
                .setBrokerId(brokerId)
                .setBrokerOrderId(brokerOrderId)
                .setType(type)
                .setReason(dryRun && reason != null && !reason.startsWith("[DRY_RUN]") ? "[DRY_RUN] " + reason : reason)
                .setLatencyMicros(latencyMicros)
                .setDryRun(dryRun)
                .setAt(at)
                .build();
    }

    /** The fill of an execution, with the broker's execution id as fillId. */
    public static Fill fill(String brokerId, Execution e) {
        return Fill.newBuilder()
                .setEventId("fill:" + brokerId + ":" + e.executionId())
                .setCausationId("intent:" + e.clientOrderId())
                .setFillId(e.executionId())
                .setIntentId(e.clientOrderId())
                .setAccountId(e.accountId())
                .setSymbol(e.symbol())
                .setSide(e.side())
                .setQuantity(Decimals.of(e.quantity()))
                .setPrice(Decimals.of(e.price()))
                .setFee(Decimals.of(e.fee()))
                .setBrokerId(brokerId)
                .setFilledAt(e.at())
                .build();
    }

    /** The order event an execution makes: FILLED when nothing is left open, else PARTIALLY_FILLED. */
    public static OrderEvent filled(String brokerId, Execution e) {
        boolean done = e.leavesQuantity().signum() == 0;
        return event(e.clientOrderId(), e.accountId(), brokerId, e.brokerOrderId(),
                done ? OrderEventType.FILLED : OrderEventType.PARTIALLY_FILLED,
                e.quantity().stripTrailingZeros().toPlainString() + " at " + e.price().stripTrailingZeros()
                        .toPlainString() + ", " + e.leavesQuantity().stripTrailingZeros().toPlainString() + " open",
                null, false, e.at(), "order-event:" + e.clientOrderId() + ":fill:" + e.executionId());
    }

    public static BrokerSnapshot snapshot(String brokerId, BrokerAccount account, Instant asOf) {
        List<BrokerPosition> positions = account.positions().stream()
                .map(h -> BrokerPosition.newBuilder()
                        .setSymbol(h.symbol())
                        .setQuantity(Decimals.of(h.quantity()))
                        .setAvgPrice(Decimals.of(h.averagePrice()))
                        .setMarketValue(Decimals.of(h.marketValue()))
                        .build())
                .toList();
        return BrokerSnapshot.newBuilder()
                .setEventId("snapshot:" + brokerId + ":" + account.accountId() + ":" + asOf.toEpochMilli())
                .setCausationId(null)
                .setAccountId(account.accountId())
                .setBrokerId(brokerId)
                .setAsOf(asOf)
                .setCash(Decimals.of(account.cash()))
                .setEquity(Decimals.of(account.equity()))
                .setPositions(positions)
                .setOpenOrders(account.openOrders())
                .build();
    }
}
