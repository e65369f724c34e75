package trading.safety.risk.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Everything risk-stream remembers about one account between records. Immutable; sorted collections so
 * that the stored bytes, and therefore a replay, never depend on hash order.
 *
 * @param clock the latest record time seen for the account; never moves back
 * @param day the trading calendar's date of {@code clock}
 * @param drawdown the drawdown stop, or null until the first equity figure arrives
 * @param dailyStartEquity equity when the trading day began, or null until equity is known
 * @param positions signed positions by symbol, from the latest snapshot and the fills after it
 * @param lastSnapshotAsOf the latest broker snapshot's time; fills at or before it are already in it
 * @param lastReconciliationPassed the latest final reconciliation verdict, or null when none arrived
 * @param duplicateIntents stream times of duplicate-intent rejections within the last day
 * @param strategies every strategy that has sent a signal for the account
 * @param appliedOverride the commandId of the last operator drawdown override applied, or null
 * @param probesTaken by breaker key, the recoveryAt whose half-open probe this account already sent
 * @param recentFills the latest fill ids, so a fill delivered twice counts once
 * @param activity the orders approved within the last minute, for the order-rate throttles (the duplicate
 *     window's signals are kept apart, in {@link SeenSignals})
 * @param alertedProblems the control-state problems last alerted, empty when none are open
 */
public record AccountState(String accountId, Instant clock, LocalDate day, DrawdownStatus drawdown,
        BigDecimal dailyStartEquity, BigDecimal dailyRealizedPnl, SortedMap<String, Position> positions,
        Instant lastSnapshotAsOf, Boolean lastReconciliationPassed, List<Instant> duplicateIntents,
        SortedSet<String> strategies, String appliedOverride, SortedMap<String, String> probesTaken,
        List<String> recentFills, RecentActivity activity, List<String> alertedProblems) {

    /** A signed quantity (positive long), its average entry price and the latest price it was marked at. */
    public record Position(BigDecimal quantity, BigDecimal averagePrice, BigDecimal markPrice) {
    }

    public AccountState {
        positions = Collections.unmodifiableSortedMap(new TreeMap<>(positions));
        duplicateIntents = List.copyOf(duplicateIntents);
        strategies = Collections.unmodifiableSortedSet(new TreeSet<>(strategies));
        probesTaken = Collections.unmodifiableSortedMap(new TreeMap<>(probesTaken));
        recentFills = List.copyOf(recentFills);
        alertedProblems = List.copyOf(alertedProblems);
    }

    /** An account never seen before. */
    public static AccountState empty(String accountId) {
        return new AccountState(accountId, null, null, null, null, BigDecimal.ZERO, new TreeMap<>(), null, null,
                List.of(), new TreeSet<>(), null, new TreeMap<>(), List.of(), RecentActivity.empty(), List.of());
    }

    /** Signed position in {@code symbol}; zero when flat. */
    public BigDecimal position(String symbol) {
        return position(positions, symbol);
    }

    /** Sum of |quantity| x mark price over every position. */
    public BigDecimal grossExposure() {
        return grossExposure(positions);
    }

    static BigDecimal position(Map<String, Position> positions, String symbol) {
        Position position = positions.get(symbol);
        return position == null ? BigDecimal.ZERO : position.quantity();
    }

    static BigDecimal grossExposure(Map<String, Position> positions) {
        BigDecimal gross = BigDecimal.ZERO;
        for (Position position : positions.values()) {
            gross = gross.add(position.quantity().abs().multiply(position.markPrice()));
        }
        return gross;
    }

    Builder toBuilder() {
        return new Builder(this);
    }

    /** A mutable copy for one update; the domain's engine is the only user. */
    static final class Builder {
        String accountId;
        Instant clock;
        LocalDate day;
        DrawdownStatus drawdown;
        BigDecimal dailyStartEquity;
        BigDecimal dailyRealizedPnl;
        TreeMap<String, Position> positions;
        Instant lastSnapshotAsOf;
        Boolean lastReconciliationPassed;
        List<Instant> duplicateIntents;
        TreeSet<String> strategies;
        String appliedOverride;
        TreeMap<String, String> probesTaken;
        List<String> recentFills;
        RecentActivity activity;
        List<String> alertedProblems;

        private Builder(AccountState s) {
            accountId = s.accountId;
            clock = s.clock;
            day = s.day;
            drawdown = s.drawdown;
            dailyStartEquity = s.dailyStartEquity;
            dailyRealizedPnl = s.dailyRealizedPnl;
            positions = new TreeMap<>(s.positions);
            lastSnapshotAsOf = s.lastSnapshotAsOf;
            lastReconciliationPassed = s.lastReconciliationPassed;
            duplicateIntents = new java.util.ArrayList<>(s.duplicateIntents);
            strategies = new TreeSet<>(s.strategies);
            appliedOverride = s.appliedOverride;
            probesTaken = new TreeMap<>(s.probesTaken);
            recentFills = new java.util.ArrayList<>(s.recentFills);
            activity = s.activity;
            alertedProblems = s.alertedProblems;
        }

        AccountState build() {
            return new AccountState(accountId, clock, day, drawdown, dailyStartEquity, dailyRealizedPnl, positions,
                    lastSnapshotAsOf, lastReconciliationPassed, duplicateIntents, strategies, appliedOverride,
                    probesTaken, recentFills, activity, alertedProblems);
        }
    }
}
