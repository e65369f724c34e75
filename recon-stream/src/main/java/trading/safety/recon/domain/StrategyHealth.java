package trading.safety.recon.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The runbook's health of one strategy on one account: at least {@code minTrades} trades, a rejection rate of
 * at most {@code maxRejectionRate}, an expectancy of at least {@code minExpectancy}; WARNING below
 * {@code warnBelow}, CRITICAL below {@code criticalBelow}. The evidence is an {@link Activity}: per UTC day,
 * the signals risk-stream decided, the rejections (risk-stream's and the broker's), the trades (fills that
 * close a position) and the net PnL (every fill's realized PnL less its fee). Each update adds to the day of
 * its event and keeps only the days not older than {@link #KEPT_DAYS} before the latest event's day; an event
 * for an earlier day is added to that day in order, and one older than the kept range is ignored.
 *
 * <p>The score over a window of UTC days (the project's published formula):
 * <ul>
 *   <li>rejectionRate = rejections / decisions, capped at 1; 0 when there are no decisions.</li>
 *   <li>expectancy = netPnl / trades (scale 8, HALF_EVEN), null when trades == 0.</li>
 *   <li>score = 20 x min(1, trades / minTrades) + 35 x rejectionPart + 45 x edgePart, rounded to 1 decimal
 *       (HALF_EVEN), where rejectionPart = 1 when rejectionRate &lt;= maxRejectionRate, else
 *       (1 - rejectionRate) / (1 - maxRejectionRate); edgePart = 1 when trades &gt; 0 and expectancy &gt;=
 *       minExpectancy, else 0.</li>
 *   <li>status: score &lt; criticalBelow -&gt; CRITICAL; &lt; warnBelow -&gt; WARNING; else HEALTHY.</li>
 *   <li>findings: one sentence for each failed criterion ("3 trades in 7 days, fewer than 5", "no trades in
 *       7 days", "rejection rate 85.0% above 80.0%", "expectancy -1.25000000 below 0").</li>
 * </ul>
 * So a strategy whose only fault is a negative expectancy scores 55 (WARNING), one with no trades and every
 * signal approved 35 (WARNING), one with no trades and every signal rejected 0 (CRITICAL), and one that meets
 * every criterion 100. The score is computed in decimal arithmetic (34 significant digits) before it is
 * rounded, so a boundary never depends on binary floating point.
 *
 * <p>Immutable and pure: time is the events' own, and every update answers a new activity.
 */
public final class StrategyHealth {

    /** How many days before the latest event's day an activity keeps (the longest window is this long). */
    public static final int KEPT_DAYS = 30;

    private static final MathContext MATH = MathContext.DECIMAL128;
    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final BigDecimal TRADE_WEIGHT = BigDecimal.valueOf(20);
    private static final BigDecimal REJECTION_WEIGHT = BigDecimal.valueOf(35);
    private static final BigDecimal EDGE_WEIGHT = BigDecimal.valueOf(45);

    /** The criteria and the status thresholds (runbook defaults in {@link #defaults()}). */
    public record Settings(int minTrades, double maxRejectionRate, BigDecimal minExpectancy, double warnBelow,
            double criticalBelow) {

        public Settings {
            Objects.requireNonNull(minExpectancy, "minExpectancy");
            if (minTrades < 1) {
                throw new IllegalArgumentException("minTrades must be at least 1, was " + minTrades);
            }
            if (!(maxRejectionRate >= 0 && maxRejectionRate < 1)) {
                throw new IllegalArgumentException("maxRejectionRate must be within [0, 1), was " + maxRejectionRate);
            }
            if (!(warnBelow >= 0 && warnBelow <= 100 && criticalBelow >= 0 && criticalBelow <= 100)) {
                throw new IllegalArgumentException("warnBelow and criticalBelow must be within [0, 100], were "
                        + warnBelow + " and " + criticalBelow);
            }
            if (criticalBelow > warnBelow) {
                throw new IllegalArgumentException("criticalBelow (" + criticalBelow
                        + ") must not be above warnBelow (" + warnBelow + ")");
            }
        }

        public static Settings defaults() {
            return new Settings(5, 0.80, BigDecimal.ZERO, 60, 30);
        }
    }

    /**
     * One UTC day of a strategy's activity. Rejections may exceed decisions (the broker rejects signals
     * risk-stream approved, possibly on a later day); net PnL is held at the contract's scale (8, HALF_EVEN).
     */
    public record Day(LocalDate date, long decisions, long rejections, long trades, BigDecimal netPnl) {

        public Day {
            Objects.requireNonNull(date, "date");
            if (decisions < 0 || rejections < 0 || trades < 0) {
                throw new IllegalArgumentException("a day's counts must not be negative");
            }
            netPnl = Objects.requireNonNull(netPnl, "netPnl").setScale(AccountLedger.SCALE, RoundingMode.HALF_EVEN);
        }

        private Day plus(Day more) {
            return new Day(date, decisions + more.decisions, rejections + more.rejections, trades + more.trades,
                    netPnl.add(more.netPnl));
        }
    }

    /** The days with any activity, oldest first, none older than {@link #KEPT_DAYS} before the latest event. */
    public record Activity(List<Day> days) {

        public Activity {
            days = List.copyOf(days);
            for (int i = 1; i < days.size(); i++) {
                if (!days.get(i).date().isAfter(days.get(i - 1).date())) {
                    throw new IllegalArgumentException("an activity's days must be in increasing date order, "
                            + days.get(i).date() + " follows " + days.get(i - 1).date());
                }
            }
        }

        public static Activity none() {
            return new Activity(List.of());
        }
    }

    /** How healthy a strategy is. */
    public enum Status { HEALTHY, WARNING, CRITICAL }

    /**
     * A strategy's health over a window of {@code days} UTC days: the window's totals, the derived figures,
     * the score and its status, and the failed criteria in words ({@code expectancy} null when no trades).
     */
    public record Score(int days, long decisions, long rejections, double rejectionRate, long trades,
            BigDecimal netPnl, BigDecimal expectancy, double score, Status status, List<String> findings) {

        public Score {
            findings = List.copyOf(findings);
        }
    }

    private final Settings settings;

    public StrategyHealth(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** risk-stream decided one of the strategy's signals (approved it, or rejected it). */
    public Activity decided(Activity activity, Instant at, boolean rejected) {
        return add(activity, at, 1, rejected ? 1 : 0, 0, BigDecimal.ZERO);
    }

    /** The broker rejected the order of a signal risk-stream approved: one more rejection, no more decisions. */
    public Activity brokerRejected(Activity activity, Instant at) {
        return add(activity, at, 0, 1, 0, BigDecimal.ZERO);
    }

    /**
     * The strategy's order was filled: {@code realizedPnl} is what the fill realized (zero for an opening
     * fill), and every fill moves net PnL by it less the fee; only a fill that closes a position is a trade.
     */
    public Activity filled(Activity activity, Instant at, boolean closing, BigDecimal realizedPnl, BigDecimal fee) {
        Objects.requireNonNull(realizedPnl, "realizedPnl");
        Objects.requireNonNull(fee, "fee");
        return add(activity, at, 0, 0, closing ? 1 : 0, realizedPnl.subtract(fee));
    }

    /** The strategy's health over the {@code days} UTC days (1 to {@link #KEPT_DAYS}) ending with asOf's day. */
    public Score score(Activity activity, Instant asOf, int days) {
        if (days < 1 || days > KEPT_DAYS) {
            throw new IllegalArgumentException("a score's window must be 1 to " + KEPT_DAYS + " days, was " + days);
        }
        LocalDate last = LocalDate.ofInstant(asOf, ZoneOffset.UTC);
        LocalDate first = last.minusDays(days - 1L);
        long decisions = 0;
        long rejections = 0;
        long trades = 0;
        BigDecimal netPnl = BigDecimal.ZERO.setScale(AccountLedger.SCALE);
        for (Day day : activity.days()) {
            if (!day.date().isBefore(first) && !day.date().isAfter(last)) {
                decisions += day.decisions();
                rejections += day.rejections();
                trades += day.trades();
                netPnl = netPnl.add(day.netPnl());
            }
        }

        BigDecimal rate = rejectionRate(decisions, rejections);
        BigDecimal maxRate = BigDecimal.valueOf(settings.maxRejectionRate());
        BigDecimal expectancy = trades == 0 ? null
                : netPnl.divide(BigDecimal.valueOf(trades), AccountLedger.SCALE, RoundingMode.HALF_EVEN);
        boolean enoughTrades = trades >= settings.minTrades();
        boolean rateOk = rate.compareTo(maxRate) <= 0;
        boolean edge = expectancy != null && expectancy.compareTo(settings.minExpectancy()) >= 0;

        BigDecimal tradePart = enoughTrades ? BigDecimal.ONE
                : BigDecimal.valueOf(trades).divide(BigDecimal.valueOf(settings.minTrades()), MATH);
        BigDecimal rejectionPart = rateOk ? BigDecimal.ONE
                : BigDecimal.ONE.subtract(rate).divide(BigDecimal.ONE.subtract(maxRate), MATH);
        BigDecimal score = TRADE_WEIGHT.multiply(tradePart)
                .add(REJECTION_WEIGHT.multiply(rejectionPart))
                .add(edge ? EDGE_WEIGHT : BigDecimal.ZERO)
                .setScale(1, RoundingMode.HALF_EVEN);

        List<String> findings = new ArrayList<>();
        if (trades == 0) {
            findings.add("no trades in " + days(days));
        } else if (!enoughTrades) {
            findings.add(trades + (trades == 1 ? " trade" : " trades") + " in " + days(days) + ", fewer than "
                    + settings.minTrades());
        }
        if (!rateOk) {
            findings.add("rejection rate " + percent(rate) + " above " + percent(maxRate));
        }
        if (expectancy != null && !edge) {
            findings.add("expectancy " + expectancy.toPlainString() + " below "
                    + settings.minExpectancy().toPlainString());
        }
        return new Score(days, decisions, rejections, rate.doubleValue(), trades, netPnl, expectancy,
                score.doubleValue(), status(score), findings);
    }

    private Activity add(Activity activity, Instant at, long decisions, long rejections, long trades,
            BigDecimal netPnl) {
        LocalDate date = LocalDate.ofInstant(at, ZoneOffset.UTC);
        TreeMap<LocalDate, Day> byDate = new TreeMap<>();
        activity.days().forEach(day -> byDate.put(day.date(), day));
        LocalDate latest = byDate.isEmpty() || date.isAfter(byDate.lastKey()) ? date : byDate.lastKey();
        LocalDate oldestKept = latest.minusDays(KEPT_DAYS);
        if (date.isBefore(oldestKept)) {
            // Too late to matter: no window we score reaches that far behind the latest event.
            return activity;
        }
        byDate.merge(date, new Day(date, decisions, rejections, trades, netPnl), Day::plus);
        return new Activity(new ArrayList<>(byDate.tailMap(oldestKept, true).values()));
    }

    private Status status(BigDecimal score) {
        if (score.compareTo(BigDecimal.valueOf(settings.criticalBelow())) < 0) {
            return Status.CRITICAL;
        }
        if (score.compareTo(BigDecimal.valueOf(settings.warnBelow())) < 0) {
            return Status.WARNING;
        }
        return Status.HEALTHY;
    }

    private static BigDecimal rejectionRate(long decisions, long rejections) {
        if (decisions == 0) {
            return BigDecimal.ZERO;
        }
        if (rejections >= decisions) {
            return BigDecimal.ONE;
        }
        return BigDecimal.valueOf(rejections).divide(BigDecimal.valueOf(decisions), MATH);
    }

    private static String percent(BigDecimal ratio) {
        return ratio.multiply(HUNDRED).setScale(1, RoundingMode.HALF_EVEN).toPlainString() + "%";
    }

    private static String days(int days) {
        return days == 1 ? "1 day" : days + " days";
    }
}
