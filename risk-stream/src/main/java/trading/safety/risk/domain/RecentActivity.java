package trading.safety.risk.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import trading.safety.v1.TradeSignal;

/**
 * What one account did recently, for the duplicate-intent rule and the order-rate throttles: the
 * signals seen within the duplicate window, and the orders approved within the last minute. Immutable;
 * every update prunes what has aged out at the given stream time, so it stays small.
 */
public record RecentActivity(List<SeenSignal> signals, List<ApprovedOrder> orders) {

    /** A signal seen at stream time {@code at}, by its intent fingerprint. */
    public record SeenSignal(String fingerprint, String signalId, Instant at) {
    }

    /** An order approved at stream time {@code at} for a strategy. */
    public record ApprovedOrder(String strategyId, Instant at) {
    }

    private static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    public RecentActivity {
        signals = List.copyOf(signals);
        orders = List.copyOf(orders);
    }

    public static RecentActivity empty() {
        return new RecentActivity(List.of(), List.of());
    }

    /**
     * The intent a signal expresses within its account (the activity is kept per account): strategy,
     * symbol, side and quantity. Two signals with the same fingerprint and different signalIds within
     * the window mean a strategy's idempotency broke.
     */
    public static String fingerprint(TradeSignal signal) {
        return String.join("|", signal.getStrategyId(), signal.getSymbol(), String.valueOf(signal.getSide()),
                signal.getQuantity().stripTrailingZeros().toPlainString());
    }

    /** Another signalId with the same fingerprint within {@code window} before {@code now}. */
    public boolean isDuplicate(TradeSignal signal, Instant now, Duration window) {
        String fingerprint = fingerprint(signal);
        Instant since = now.minus(window);
        return signals.stream().anyMatch(seen -> seen.fingerprint().equals(fingerprint)
                && !seen.signalId().equals(signal.getSignalId()) && !seen.at().isBefore(since));
    }

    /** Orders approved for {@code strategyId} in the minute before {@code now}. */
    public int ordersLastMinute(String strategyId, Instant now) {
        Instant since = now.minus(RATE_WINDOW);
        return (int) orders.stream().filter(o -> o.strategyId().equals(strategyId) && o.at().isAfter(since)).count();
    }

    /** Orders approved for the whole account in the minute before {@code now}. */
    public int ordersLastMinute(Instant now) {
        Instant since = now.minus(RATE_WINDOW);
        return (int) orders.stream().filter(o -> o.at().isAfter(since)).count();
    }

    /** Remembers a decided signal (and, when approved, its order), forgetting what aged out. */
    public RecentActivity record(TradeSignal signal, boolean approved, Instant now, Duration duplicateWindow) {
        Instant signalsSince = now.minus(duplicateWindow);
        Instant ordersSince = now.minus(RATE_WINDOW);
        List<SeenSignal> keptSignals = new ArrayList<>(signals.stream()
                .filter(s -> !s.at().isBefore(signalsSince)).toList());
        keptSignals.add(new SeenSignal(fingerprint(signal), signal.getSignalId(), now));
        List<ApprovedOrder> keptOrders = new ArrayList<>(orders.stream().filter(o -> o.at().isAfter(ordersSince))
                .toList());
        if (approved) {
            keptOrders.add(new ApprovedOrder(signal.getStrategyId(), now));
        }
        return new RecentActivity(keptSignals, keptOrders);
    }
}
