package trading.safety.recon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import trading.safety.recon.domain.StrategyHealth.Activity;
import trading.safety.recon.domain.StrategyHealth.Day;
import trading.safety.recon.domain.StrategyHealth.Score;
import trading.safety.recon.domain.StrategyHealth.Settings;
import trading.safety.recon.domain.StrategyHealth.Status;

class StrategyHealthTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-02");
    private static final Instant NOW = Instant.parse("2026-11-02T14:30:00Z");

    private final StrategyHealth health = new StrategyHealth(Settings.defaults());

    @Test
    void decisionsAndRejectionsAddUpOnTheEventsUtcDay() {
        Activity activity = health.decided(Activity.none(), Instant.parse("2026-11-02T23:59:59Z"), false);
        activity = health.decided(activity, Instant.parse("2026-11-03T00:00:00Z"), true);
        activity = health.brokerRejected(activity, Instant.parse("2026-11-03T09:00:00Z"));
        activity = health.decided(activity, Instant.parse("2026-11-03T10:00:00Z"), false);

        assertThat(activity.days()).containsExactly(
                new Day(TODAY, 1, 0, 0, BigDecimal.ZERO),
                new Day(TODAY.plusDays(1), 2, 2, 0, BigDecimal.ZERO));
    }

    @Test
    void everyFillMovesNetPnlButOnlyAClosingFillIsATrade() {
        Activity opened = health.filled(Activity.none(), NOW, false, BigDecimal.ZERO, new BigDecimal("1.5"));
        Activity reduced = health.filled(opened, NOW.plusSeconds(60), false, new BigDecimal("3"),
                new BigDecimal("0.5"));
        Activity closed = health.filled(reduced, NOW.plusSeconds(120), true, new BigDecimal("10.25"),
                new BigDecimal("1.5"));

        assertThat(opened.days()).containsExactly(new Day(TODAY, 0, 0, 0, new BigDecimal("-1.5")));
        assertThat(reduced.days()).containsExactly(new Day(TODAY, 0, 0, 0, new BigDecimal("1")));
        assertThat(closed.days()).containsExactly(new Day(TODAY, 0, 0, 1, new BigDecimal("9.75")));
        assertThat(closed.days().get(0).netPnl()).isEqualTo(new BigDecimal("9.75000000"));
    }

    @Test
    void anEarlierDaysEventIsInsertedInOrder() {
        Activity activity = health.decided(Activity.none(), NOW, false);
        activity = health.decided(activity, NOW.minus(Duration.ofDays(5)), true);
        activity = health.decided(activity, NOW.minus(Duration.ofDays(2)), false);
        activity = health.brokerRejected(activity, NOW.minus(Duration.ofDays(2)));

        assertThat(activity.days()).containsExactly(
                new Day(TODAY.minusDays(5), 1, 1, 0, BigDecimal.ZERO),
                new Day(TODAY.minusDays(2), 1, 1, 0, BigDecimal.ZERO),
                new Day(TODAY, 1, 0, 0, BigDecimal.ZERO));
    }

    @Test
    void aDayMoreThanThirtyDaysBeforeTheLatestEventIsDroppedAndThirtyIsKept() {
        Activity activity = health.decided(Activity.none(), NOW.minus(Duration.ofDays(31)), true);
        activity = health.decided(activity, NOW.minus(Duration.ofDays(30)), false);

        Activity later = health.decided(activity, NOW, false);

        assertThat(later.days()).extracting(Day::date).containsExactly(TODAY.minusDays(30), TODAY);
        assertThat(later.days().get(0)).isEqualTo(new Day(TODAY.minusDays(30), 1, 0, 0, BigDecimal.ZERO));
    }

    @Test
    void anEventOlderThanTheKeptRangeIsIgnored() {
        Activity activity = health.decided(Activity.none(), NOW, false);

        Activity after = health.filled(activity, NOW.minus(Duration.ofDays(31)), true, new BigDecimal("-50"),
                BigDecimal.ONE);
        Activity atTheEdge = health.filled(activity, NOW.minus(Duration.ofDays(30)), true, new BigDecimal("-50"),
                BigDecimal.ONE);

        assertThat(after).isEqualTo(activity);
        assertThat(after.days()).containsExactly(new Day(TODAY, 1, 0, 0, BigDecimal.ZERO));
        assertThat(atTheEdge.days()).containsExactly(
                new Day(TODAY.minusDays(30), 0, 0, 1, new BigDecimal("-51")),
                new Day(TODAY, 1, 0, 0, BigDecimal.ZERO));
    }

    @Test
    void anActivityIsACopyAndRefusesDaysOutOfOrder() {
        List<Day> days = new ArrayList<>(List.of(day(1, 1, 0, 0, "0")));
        Activity activity = new Activity(days);
        days.add(day(0, 1, 0, 0, "0"));

        assertThat(activity.days()).hasSize(1);
        assertThatThrownBy(() -> new Activity(List.of(day(0, 1, 0, 0, "0"), day(1, 1, 0, 0, "0"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("increasing date order");
        assertThatThrownBy(() -> new Activity(List.of(day(1, 1, 0, 0, "0"), day(1, 1, 0, 0, "0"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void exactlyMinTradesWithinEveryLimitScoresHundred() {
        Score score = health.score(activity(day(0, 10, 2, 5, "0.5")), NOW, 7);

        assertThat(score.days()).isEqualTo(7);
        assertThat(score.decisions()).isEqualTo(10);
        assertThat(score.rejections()).isEqualTo(2);
        assertThat(score.rejectionRate()).isEqualTo(0.2);
        assertThat(score.trades()).isEqualTo(5);
        assertThat(score.netPnl()).isEqualByComparingTo("0.5");
        assertThat(score.expectancy()).isEqualTo(new BigDecimal("0.10000000"));
        assertThat(score.score()).isEqualTo(100.0);
        assertThat(score.status()).isEqualTo(Status.HEALTHY);
        assertThat(score.findings()).isEmpty();
    }

    @Test
    void oneTradeFewerThanMinTradesCostsItsShareOfTwenty() {
        Score score = health.score(activity(day(0, 10, 0, 4, "1")), NOW, 7);

        assertThat(score.expectancy()).isEqualTo(new BigDecimal("0.25000000"));
        assertThat(score.score()).isEqualTo(96.0);
        assertThat(score.status()).isEqualTo(Status.HEALTHY);
        assertThat(score.findings()).containsExactly("4 trades in 7 days, fewer than 5");
    }

    @Test
    void aThirdOfMinTradesRoundsTheScoreToOneDecimal() {
        Settings settings = new Settings(3, 0.80, BigDecimal.ZERO, 60, 30);

        Score score = new StrategyHealth(settings).score(activity(day(0, 1, 0, 1, "2")), NOW, 30);

        assertThat(score.score()).as("20/3 + 35 + 45 = 86.666...").isEqualTo(86.7);
        assertThat(score.findings()).containsExactly("1 trade in 30 days, fewer than 3");
    }

    @Test
    void noTradesWithEverySignalApprovedScoresThirtyFive() {
        Score score = health.score(activity(day(0, 8, 0, 0, "-3")), NOW, 7);

        assertThat(score.expectancy()).isNull();
        assertThat(score.netPnl()).isEqualByComparingTo("-3");
        assertThat(score.score()).isEqualTo(35.0);
        assertThat(score.status()).isEqualTo(Status.WARNING);
        assertThat(score.findings()).containsExactly("no trades in 7 days");
    }

    @Test
    void exactlyEightyPercentRejectedPasses() {
        Score score = health.score(activity(day(0, 5, 4, 5, "0")), NOW, 7);

        assertThat(score.rejectionRate()).isEqualTo(0.8);
        assertThat(score.score()).isEqualTo(100.0);
        assertThat(score.status()).isEqualTo(Status.HEALTHY);
        assertThat(score.findings()).isEmpty();
    }

    @Test
    void justAboveEightyPercentRejectedLosesPartOfThirtyFive() {
        Score score = health.score(activity(day(0, 6, 5, 5, "0")), NOW, 7);

        assertThat(score.rejectionRate()).isCloseTo(0.833333, within(0.000001));
        assertThat(score.score()).as("20 + 35 x (1/6) / 0.2 + 45 = 94.1666...").isEqualTo(94.2);
        assertThat(score.status()).isEqualTo(Status.HEALTHY);
        assertThat(score.findings()).containsExactly("rejection rate 83.3% above 80.0%");
    }

    @Test
    void noDecisionsMeansARejectionRateOfZero() {
        Score empty = health.score(Activity.none(), NOW, 7);
        Score onlyFills = health.score(activity(day(0, 0, 0, 5, "12.5")), NOW, 7);

        assertThat(empty.decisions()).isZero();
        assertThat(empty.rejectionRate()).isZero();
        assertThat(empty.netPnl()).isEqualByComparingTo("0");
        assertThat(empty.expectancy()).isNull();
        assertThat(empty.score()).isEqualTo(35.0);
        assertThat(empty.status()).isEqualTo(Status.WARNING);
        assertThat(empty.findings()).containsExactly("no trades in 7 days");
        assertThat(onlyFills.rejectionRate()).isZero();
        assertThat(onlyFills.expectancy()).isEqualTo(new BigDecimal("2.50000000"));
        assertThat(onlyFills.score()).isEqualTo(100.0);
    }

    @Test
    void noTradesAndEverySignalRejectedScoresZero() {
        Activity activity = Activity.none();
        for (int i = 0; i < 3; i++) {
            activity = health.decided(activity, NOW.plusSeconds(i), true);
        }

        Score score = health.score(activity, NOW, 7);

        assertThat(score.rejectionRate()).isEqualTo(1.0);
        assertThat(score.score()).isEqualTo(0.0);
        assertThat(score.status()).isEqualTo(Status.CRITICAL);
        assertThat(score.findings()).containsExactly("no trades in 7 days", "rejection rate 100.0% above 80.0%");
    }

    @Test
    void brokerRejectionsBeyondTheDecisionsCapTheRateAtOne() {
        Activity activity = health.decided(Activity.none(), NOW, false);
        activity = health.decided(activity, NOW.plusSeconds(1), false);
        for (int i = 0; i < 3; i++) {
            activity = health.brokerRejected(activity, NOW.plusSeconds(10 + i));
        }

        Score score = health.score(activity, NOW, 7);

        assertThat(score.decisions()).isEqualTo(2);
        assertThat(score.rejections()).isEqualTo(3);
        assertThat(score.rejectionRate()).isEqualTo(1.0);
        assertThat(score.score()).isEqualTo(0.0);
        assertThat(score.status()).isEqualTo(Status.CRITICAL);
        assertThat(score.findings()).containsExactly("no trades in 7 days", "rejection rate 100.0% above 80.0%");
    }

    @Test
    void anExpectancyOfExactlyZeroPasses() {
        Score score = health.score(activity(day(0, 5, 0, 5, "0")), NOW, 7);

        assertThat(score.expectancy()).isEqualTo(new BigDecimal("0E-8"));
        assertThat(score.score()).isEqualTo(100.0);
        assertThat(score.findings()).isEmpty();
    }

    @Test
    void aSlightlyNegativeExpectancyLosesFortyFive() {
        Score score = health.score(activity(day(0, 5, 0, 5, "-0.00000005")), NOW, 7);

        assertThat(score.expectancy()).isEqualTo(new BigDecimal("-0.00000001"));
        assertThat(score.score()).isEqualTo(55.0);
        assertThat(score.status()).isEqualTo(Status.WARNING);
        assertThat(score.findings()).containsExactly("expectancy -0.00000001 below 0");
    }

    @Test
    void aNegativeExpectancyAsItsOnlyFaultScoresFiftyFive() {
        Score score = health.score(activity(day(1, 6, 1, 3, "-2.5"), day(0, 4, 1, 5, "-10")), NOW, 7);

        assertThat(score.trades()).isEqualTo(8);
        assertThat(score.netPnl()).isEqualByComparingTo("-12.5");
        assertThat(score.expectancy()).isEqualTo(new BigDecimal("-1.56250000"));
        assertThat(score.score()).isEqualTo(55.0);
        assertThat(score.status()).isEqualTo(Status.WARNING);
        assertThat(score.findings()).containsExactly("expectancy -1.56250000 below 0");
    }

    @Test
    void anExpectancyIsRoundedHalfEvenToScaleEight() {
        Score score = health.score(activity(day(0, 5, 0, 8, "-10")), NOW, 7);

        assertThat(score.expectancy()).isEqualTo(new BigDecimal("-1.25000000"));
        assertThat(score.findings()).containsExactly("expectancy -1.25000000 below 0");
        assertThat(health.score(activity(day(0, 5, 0, 6, "1")), NOW, 7).expectancy())
                .isEqualTo(new BigDecimal("0.16666667"));
    }

    @Test
    void theSevenDayWindowExcludesTheEighthDayBackAndTheThirtyDayWindowIncludesIt() {
        Activity activity = Activity.none();
        for (int daysAgo : new int[] {30, 29, 7, 6, 0}) {
            activity = health.filled(activity, NOW.minus(Duration.ofDays(daysAgo)), true, BigDecimal.TEN,
                    BigDecimal.ZERO);
        }

        Score week = health.score(activity, NOW, 7);
        Score month = health.score(activity, NOW, 30);

        assertThat(activity.days()).hasSize(5);
        assertThat(week.trades()).as("today and 6 days ago").isEqualTo(2);
        assertThat(week.netPnl()).isEqualByComparingTo("20");
        assertThat(week.findings()).containsExactly("2 trades in 7 days, fewer than 5");
        assertThat(week.score()).isEqualTo(88.0);
        assertThat(month.trades()).as("29, 7, 6 and 0 days ago; 30 days ago is kept but outside").isEqualTo(4);
        assertThat(month.netPnl()).isEqualByComparingTo("40");
        assertThat(month.findings()).containsExactly("4 trades in 30 days, fewer than 5");
        assertThat(month.score()).isEqualTo(96.0);
    }

    @Test
    void aWindowEndsWithTheDayOfAsOfAndIgnoresLaterDays() {
        Activity activity = activity(day(1, 5, 0, 5, "5"), day(0, 5, 5, 0, "0"));

        Score yesterday = health.score(activity, Instant.parse("2026-11-01T23:59:59Z"), 1);
        Score today = health.score(activity, Instant.parse("2026-11-02T00:00:00Z"), 1);

        assertThat(yesterday.trades()).isEqualTo(5);
        assertThat(yesterday.rejections()).isZero();
        assertThat(yesterday.score()).isEqualTo(100.0);
        assertThat(today.trades()).isZero();
        assertThat(today.rejections()).isEqualTo(5);
        assertThat(today.findings()).containsExactly("no trades in 1 day", "rejection rate 100.0% above 80.0%");
    }

    @Test
    void aWindowIsOneToThirtyDays() {
        assertThatThrownBy(() -> health.score(Activity.none(), NOW, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 0");
        assertThatThrownBy(() -> health.score(Activity.none(), NOW, 31))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("was 31");
    }

    @Test
    void theDefaultThresholdsWarnBelowSixtyAndAreCriticalBelowThirty() {
        Score rejectedMost = health.score(activity(day(0, 20, 17, 0, "0")), NOW, 7);

        assertThat(rejectedMost.rejectionRate()).isEqualTo(0.85);
        assertThat(rejectedMost.score()).as("35 x 0.75 = 26.25, half-even").isEqualTo(26.2);
        assertThat(rejectedMost.status()).isEqualTo(Status.CRITICAL);
        assertThat(rejectedMost.findings()).containsExactly("no trades in 7 days", "rejection rate 85.0% above 80.0%");
        assertThat(health.score(activity(day(0, 5, 0, 5, "-1")), NOW, 7).status()).isEqualTo(Status.WARNING);
        assertThat(health.score(activity(day(0, 5, 0, 0, "0")), NOW, 7).status()).isEqualTo(Status.WARNING);
    }

    @Test
    void aScoreExactlyAtAThresholdIsNotBelowIt() {
        StrategyHealth strict = new StrategyHealth(new Settings(5, 0.80, BigDecimal.ZERO, 55, 35));

        Score atWarn = strict.score(activity(day(0, 5, 0, 5, "-1")), NOW, 7);
        Score belowWarn = strict.score(activity(day(0, 5, 0, 4, "-1")), NOW, 7);
        Score atCritical = strict.score(activity(day(0, 5, 0, 0, "0")), NOW, 7);
        Score belowCritical = strict.score(activity(day(0, 20, 17, 0, "0")), NOW, 7);

        assertThat(atWarn.score()).isEqualTo(55.0);
        assertThat(atWarn.status()).isEqualTo(Status.HEALTHY);
        assertThat(belowWarn.score()).isEqualTo(51.0);
        assertThat(belowWarn.status()).isEqualTo(Status.WARNING);
        assertThat(atCritical.score()).isEqualTo(35.0);
        assertThat(atCritical.status()).isEqualTo(Status.WARNING);
        assertThat(belowCritical.score()).isEqualTo(26.2);
        assertThat(belowCritical.status()).isEqualTo(Status.CRITICAL);
    }

    @Test
    void theDefaultsAreTheRunbooks() {
        assertThat(Settings.defaults()).isEqualTo(new Settings(5, 0.80, BigDecimal.ZERO, 60, 30));
    }

    @Test
    void settingsOutsideTheirRangesAreRefused() {
        assertThatThrownBy(() -> new Settings(0, 0.8, BigDecimal.ZERO, 60, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minTrades");
        assertThatThrownBy(() -> new Settings(5, 1.0, BigDecimal.ZERO, 60, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRejectionRate");
        assertThatThrownBy(() -> new Settings(5, -0.1, BigDecimal.ZERO, 60, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRejectionRate");
        assertThatThrownBy(() -> new Settings(5, Double.NaN, BigDecimal.ZERO, 60, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxRejectionRate");
        assertThatThrownBy(() -> new Settings(5, 0.8, BigDecimal.ZERO, 30, 60))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("criticalBelow (60.0)");
        assertThatThrownBy(() -> new Settings(5, 0.8, BigDecimal.ZERO, 101, 30))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 100]");
        assertThatThrownBy(() -> new Settings(5, 0.8, BigDecimal.ZERO, 60, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 100]");
        assertThatThrownBy(() -> new Settings(5, 0.8, null, 60, 30))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("minExpectancy");
        assertThat(new Settings(1, 0.0, BigDecimal.ZERO, 0, 0).minTrades()).isEqualTo(1);
    }

    private static Activity activity(Day... days) {
        return new Activity(List.of(days));
    }

    /** A day {@code daysAgo} days before {@link #TODAY}. */
    private static Day day(int daysAgo, long decisions, long rejections, long trades, String netPnl) {
        return new Day(TODAY.minusDays(daysAgo), decisions, rejections, trades, new BigDecimal(netPnl));
    }
}
