package trading.safety.recon.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static trading.safety.recon.domain.AccountLedgerTest.buy;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trading.safety.recon.domain.Reconciler.Discrepancy;
import trading.safety.recon.domain.Reconciler.Kind;
import trading.safety.recon.domain.Reconciler.Outcome;
import trading.safety.recon.domain.Reconciler.Status;

class ReconcilerTest {

    private final Reconciler reconciler = new Reconciler(new BigDecimal("0.01"), 2);
    private final AccountLedger ledger = AccountLedger.empty()
            .withBalances(new BigDecimal("10000"), Map.of())
            .apply(buy("AAPL", "100", "50", "0"));

    @Test
    void matchingFiguresHaveNoDiscrepancy() {
        assertThat(reconciler.compare(ledger, new BigDecimal("5000"), Map.of("AAPL", new BigDecimal("100"))))
                .isEmpty();
    }

    @Test
    void exactlyOnePercentOffIsWithinToleranceAndAnyMoreIsNot() {
        assertThat(reconciler.compare(ledger, new BigDecimal("5050"), Map.of("AAPL", new BigDecimal("101"))))
                .isEmpty();

        List<Discrepancy> found = reconciler.compare(ledger, new BigDecimal("5050.00000001"),
                Map.of("AAPL", new BigDecimal("101.00000001")));

        assertThat(found).extracting(Discrepancy::kind).containsExactly(Kind.POSITION, Kind.CASH);
        assertThat(found.get(0).diffPct()).isEqualByComparingTo("1.00000001");
        assertThat(found.get(0).ledger()).isEqualByComparingTo("100");
        assertThat(found.get(0).broker()).isEqualByComparingTo("101.00000001");
    }

    @Test
    void aPositionTheLedgerDoesNotHaveIsADiscrepancyWithoutARatio() {
        List<Discrepancy> found = reconciler.compare(ledger, new BigDecimal("5000"),
                Map.of("AAPL", new BigDecimal("100"), "MSFT", new BigDecimal("0.5")));

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.symbol()).isEqualTo("MSFT");
            assertThat(d.ledger()).isZero();
            assertThat(d.diffPct()).isNull();
        });
    }

    @Test
    void aPositionTheBrokerNoLongerHasIsADiscrepancyHoweverSmallTheTolerance() {
        Reconciler lenient = new Reconciler(new BigDecimal("5"), 2);

        List<Discrepancy> found = lenient.compare(ledger, new BigDecimal("5000"), Map.of());

        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Kind.POSITION);
            assertThat(d.broker()).isZero();
            assertThat(d.diffPct()).isEqualByComparingTo("100");
        });
    }

    @Test
    void oneDifferingSnapshotIsPendingTheSecondInARowFailsAndAMatchEndsTheRun() {
        List<Discrepancy> off = reconciler.compare(ledger, new BigDecimal("4000"), Map.of("AAPL",
                new BigDecimal("100")));

        Outcome first = reconciler.judge(off, 0);
        Outcome second = reconciler.judge(off, first.consecutiveFailures());
        Outcome third = reconciler.judge(off, second.consecutiveFailures());
        Outcome clean = reconciler.judge(List.of(), third.consecutiveFailures());

        assertThat(first.status()).isEqualTo(Status.PENDING);
        assertThat(second.status()).isEqualTo(Status.FAIL);
        assertThat(second.failsNow(2)).isTrue();
        assertThat(third.status()).isEqualTo(Status.FAIL);
        assertThat(third.failsNow(2)).as("acts once per run").isFalse();
        assertThat(clean.status()).isEqualTo(Status.PASS);
        assertThat(clean.consecutiveFailures()).isZero();
        assertThat(reconciler.judge(off, clean.consecutiveFailures()).status()).isEqualTo(Status.PENDING);
    }

    @Test
    void aFillStillOnItsWayAtOneSnapshotDoesNotFail() {
        AccountLedger beforeTheFill = ledger;
        AccountLedger afterTheFill = ledger.apply(buy("AAPL", "10", "50", "0"));
        Map<String, BigDecimal> broker = Map.of("AAPL", new BigDecimal("110"));

        Outcome atSnapshot = reconciler.judge(reconciler.compare(beforeTheFill, new BigDecimal("4500"), broker), 0);
        Outcome next = reconciler.judge(reconciler.compare(afterTheFill, new BigDecimal("4500"), broker),
                atSnapshot.consecutiveFailures());

        assertThat(atSnapshot.status()).isEqualTo(Status.PENDING);
        assertThat(next.status()).isEqualTo(Status.PASS);
    }

    @Test
    void aDayPnlWithinOnePercentOfTheStartingEquityMatches() {
        Reconciler.DayPnl day = new Reconciler.DayPnl(new BigDecimal("120"), new BigDecimal("220"),
                new BigDecimal("10000"), BigDecimal.ZERO);

        assertThat(reconciler.comparePnl(day, false)).as("100 off is exactly 1% of 10,000").isEmpty();
    }

    @Test
    void aDayPnlOffByTheDaysFeesIsExplainedByFees() {
        Reconciler.DayPnl day = new Reconciler.DayPnl(new BigDecimal("-150"), new BigDecimal("0"),
                new BigDecimal("10000"), new BigDecimal("149.5"));

        assertThat(reconciler.comparePnl(day, false)).get().satisfies(d -> {
            assertThat(d.kind()).isEqualTo(Kind.PNL);
            assertThat(d.ledger()).isEqualByComparingTo("-150");
            assertThat(d.broker()).isEqualByComparingTo("0");
            assertThat(d.diffPct()).isEqualByComparingTo("100");
            assertThat(d.explanation()).startsWith("fees:").contains("149.5");
        });
    }

    @Test
    void aDayPnlOffWhilePositionsDifferIsTimingAndOtherwiseUnexplained() {
        Reconciler.DayPnl day = new Reconciler.DayPnl(BigDecimal.ZERO, new BigDecimal("-500"),
                new BigDecimal("10000"), BigDecimal.ZERO);

        assertThat(reconciler.comparePnl(day, true)).get().satisfies(d -> {
            assertThat(d.explanation()).startsWith("timing:");
            assertThat(d.diffPct()).as("no ratio against a zero PnL").isNull();
        });
        assertThat(reconciler.comparePnl(day, false)).get().extracting(Discrepancy::explanation)
                .isEqualTo("not explained by fees or timing");
    }
}
