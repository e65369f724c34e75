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
 *
 * <p>A seen signal keeps 64-bit digests of its intent fingerprint and its signalId rather than the text:
 * the activity is read and rewritten with the account's state on every signal, and two digests are a
 * sixth of the bytes. A digest collision (about 2^-64 per pair) could only make two different intents
 * look alike, which rejects the later one: it fails closed.
 */
public record RecentActivity(List<SeenSignal> signals, List<ApprovedOrder> orders) {

    /** A signal seen at stream time {@code at}, by the digests of its intent fingerprint and its signalId. */
    public record SeenSignal(long fingerprint, long signalId, Instant at) {

        /** The seen signal for a fingerprint and a signalId in text. */
        public static SeenSignal of(String fingerprint, String signalId, Instant at) {
            return new SeenSignal(Digests.md5Prefix(fingerprint), Digests.md5Prefix(signalId), at);
        }

        /** A signal seen at {@code at}: its digests, computed once per signal. */
        public static SeenSignal of(TradeSignal signal, Instant at) {
            return of(RecentActivity.fingerprint(signal), signal.getSignalId(), at);
        }
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
        return isDuplicate(SeenSignal.of(signal, now), now, window);
    }

    /** As {@link #isDuplicate(TradeSignal, Instant, Duration)}, for a signal whose digests are at hand. */
    public boolean isDuplicate(SeenSignal candidate, Instant now, Duration window) {
        Instant since = now.minus(window);
        for (SeenSignal seen : signals) {
            if (seen.fingerprint() == candidate.fingerprint() && seen.signalId() != candidate.signalId()
                    && !seen.at().isBefore(since)) {
                return true;
            }
        }
        return false;
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

    /** Remembers a decided signal (and, when approved, its order), forgetting what aged out. */
    public RecentActivity record(TradeSignal signal, boolean approved, Instant now, Duration duplicateWindow) {
        return record(SeenSignal.of(signal, now), signal.getStrategyId(), approved, now, duplicateWindow);
    }

    /** As {@link #record(TradeSignal, boolean, Instant, Duration)}, for a signal whose digests are at hand. */
    public RecentActivity record(SeenSignal seenNow, String strategyId, boolean approved, Instant now,
            Duration duplicateWindow) {
        Instant signalsSince = now.minus(duplicateWindow);
        List<SeenSignal> keptSignals = new ArrayList<>(signals.size() + 1);
        for (SeenSignal seen : signals) {
            if (!seen.at().isBefore(signalsSince)) {
                keptSignals.add(seen);
            }
        }
        keptSignals.add(seenNow);
        Instant ordersSince = now.minus(RATE_WINDOW);
        List<ApprovedOrder> keptOrders = new ArrayList<>(orders.size() + 1);
        for (ApprovedOrder order : orders) {
            if (order.at().isAfter(ordersSince)) {
                keptOrders.add(order);
            }
        }
        if (approved) {
            keptOrders.add(new ApprovedOrder(strategyId, now));
        }
        return new RecentActivity(keptSignals, keptOrders);
    }
}
