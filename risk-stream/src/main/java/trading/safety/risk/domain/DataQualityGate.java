package trading.safety.risk.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The data-quality gate per symbol (runbook defaults: stale after 72 h, more than 10% NaN closes among
 * the recent bars, fewer than 250 days of history, a one-bar jump over 50%). A jump blocks the symbol
 * until a normal bar follows it. Pure: bars go in, a verdict comes out at a given stream time.
 *
 * @param maxAge data older than this at decision time is stale
 * @param maxNanRatio largest share of missing closes among the last {@code nanWindowBars} bars
 * @param minHistoryDays fewest distinct days with a close
 * @param maxJump largest relative change of close from one bar to the next
 */
public record DataQualityGate(Duration maxAge, BigDecimal maxNanRatio, int nanWindowBars, int minHistoryDays,
        BigDecimal maxJump) {

    private static final MathContext MATH = new MathContext(34, RoundingMode.HALF_EVEN);

    public static DataQualityGate runbookDefaults() {
        return new DataQualityGate(Duration.ofHours(72), new BigDecimal("0.10"), 100, 250, new BigDecimal("0.50"));
    }

    /**
     * What the gate remembers about one symbol.
     *
     * @param recentCloses for the last bars (oldest first), whether each had a close
     * @param days distinct days with a close, the most recent {@code minHistoryDays * 2} at most
     * @param outlierSince bar time of an unconfirmed jump, or null
     */
    public record State(Instant lastBarTime, BigDecimal lastClose, List<Boolean> recentCloses, SortedSet<LocalDate> days,
            Instant outlierSince, String outlierDetail) {

        public static State empty() {
            return new State(null, null, List.of(), new TreeSet<>(), null, null);
        }

        public State {
            recentCloses = List.copyOf(recentCloses);
            days = Collections.unmodifiableSortedSet(new TreeSet<>(days));
        }
    }

    /** One issue, in the contract's words. */
    public record Issue(String type, String detail) {
    }

    /** The gate's verdict: tradable when there are no issues. */
    public record Verdict(boolean tradable, List<Issue> issues, int historyDays) {
        public Verdict {
            issues = List.copyOf(issues);
        }
    }

    /** Takes one bar into account; bars older than the newest one seen only count toward history. */
    public State onBar(State state, Instant barTime, BigDecimal close) {
        TreeSet<LocalDate> days = new TreeSet<>(state.days());
        if (close != null) {
            days.add(LocalDate.ofInstant(barTime, ZoneOffset.UTC));
            while (days.size() > minHistoryDays * 2) {
                days.pollFirst();
            }
        }
        if (state.lastBarTime() != null && !barTime.isAfter(state.lastBarTime())) {
            return new State(state.lastBarTime(), state.lastClose(), state.recentCloses(), days, state.outlierSince(),
                    state.outlierDetail());
        }
        List<Boolean> recent = new ArrayList<>(state.recentCloses());
        recent.add(close != null);
        while (recent.size() > nanWindowBars) {
            recent.remove(0);
        }
        Instant outlierSince = state.outlierSince();
        String outlierDetail = state.outlierDetail();
        BigDecimal lastClose = state.lastClose();
        if (close != null) {
            if (lastClose != null && lastClose.signum() > 0) {
                BigDecimal jump = close.divide(lastClose, MATH).subtract(BigDecimal.ONE).abs();
                if (jump.compareTo(maxJump) > 0) {
                    outlierSince = barTime;
                    outlierDetail = "close moved " + jump.movePointRight(2).setScale(1, RoundingMode.HALF_EVEN)
                            .toPlainString() + "% in one bar at " + barTime + " (limit " + percent(maxJump) + ")";
                } else {
                    outlierSince = null;
                    outlierDetail = null;
                }
            }
            lastClose = close;
        }
        return new State(barTime, lastClose, recent, days, outlierSince, outlierDetail);
    }

    /** The verdict at stream time {@code now}. */
    public Verdict verdict(State state, Instant now) {
        List<Issue> issues = new ArrayList<>();
        if (state.lastBarTime() == null || state.lastClose() == null) {
            issues.add(new Issue("MISSING_DATA", "no bar with a close has been seen"));
        } else if (Duration.between(state.lastBarTime(), now).compareTo(maxAge) > 0) {
            issues.add(new Issue("STALE", "newest bar is from " + state.lastBarTime() + ", older than "
                    + maxAge.toHours() + " h"));
        }
        long missing = state.recentCloses().stream().filter(present -> !present).count();
        if (!state.recentCloses().isEmpty()) {
            BigDecimal ratio = BigDecimal.valueOf(missing).divide(BigDecimal.valueOf(state.recentCloses().size()), MATH);
            if (ratio.compareTo(maxNanRatio) > 0) {
                issues.add(new Issue("NAN_RATIO", missing + " of the last " + state.recentCloses().size()
                        + " bars have no close (limit " + percent(maxNanRatio) + ")"));
            }
        }
        if (state.days().size() < minHistoryDays) {
            issues.add(new Issue("INSUFFICIENT_HISTORY", state.days().size() + " days of history, fewer than "
                    + minHistoryDays));
        }
        if (state.outlierSince() != null) {
            issues.add(new Issue("PRICE_OUTLIER", state.outlierDetail()));
        }
        return new Verdict(issues.isEmpty(), issues, state.days().size());
    }

    private static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
