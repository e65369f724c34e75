package trading.safety.risk.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The orders one account had approved within the last minute, for the order-rate throttles. Immutable;
 * every update prunes what has aged out at the given account time, so it holds at most a minute of the
 * account's approvals (bounded by its per-minute limit). The signals of the duplicate window are kept apart,
 * in {@link SeenSignals}.
 */
public record RecentActivity(List<ApprovedOrder> orders) {

    /** An order approved at account time {@code at} for a strategy. */
    public record ApprovedOrder(String strategyId, Instant at) {
    }

    private static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    public RecentActivity {
        orders = List.copyOf(orders);
    }

    public static RecentActivity empty() {
        return new RecentActivity(List.of());
    }

    /** Orders approved for {@code strategyId} in the minute before {@code now}. */
    public int ordersLastMinute(String strategyId, Instant now) {
        Instant since = now.minus(RATE_WINDOW);
        int count = 0;
        for (ApprovedOrder order : orders) {
            if (order.strategyId().equals(strategyId) && order.at().isAfter(since)) {
                count++;
            }
        }
        return count;
    }

    /** Orders approved for the whole account in the minute before {@code now}. */
    public int ordersLastMinute(Instant now) {
        Instant since = now.minus(RATE_WINDOW);
        int count = 0;
        for (ApprovedOrder order : orders) {
            if (order.at().isAfter(since)) {
                count++;
            }
        }
        return count;
    }

    /** Remembers a decided signal's approval (a rejection changes nothing but the pruning), forgetting what aged out. */
    public RecentActivity record(String strategyId, boolean approved, Instant now) {
        Instant ordersSince = now.minus(RATE_WINDOW);
        List<ApprovedOrder> keptOrders = new ArrayList<>(orders.size() + 1);
        for (ApprovedOrder order : orders) {
            if (order.at().isAfter(ordersSince)) {
                keptOrders.add(order);
            }
        }
        if (approved) {
            keptOrders.add(new ApprovedOrder(strategyId, now));
        } else if (keptOrders.size() == orders.size()) {
            return this;
        }
        return new RecentActivity(keptOrders);
    }
}
