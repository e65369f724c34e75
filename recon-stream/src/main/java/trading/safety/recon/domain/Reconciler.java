package trading.safety.recon.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares a ledger with what a broker reports, and judges a run of comparisons. A figure differs when one
 * side is zero and the other is not, or when the broker's differs from the ledger's by more than
 * {@code maxDiffRatio} of the ledger's (exactly at the ratio is not a difference). A snapshot with any
 * difference is PENDING until {@code failAfter} snapshots in a row differ, then FAIL; one that matches is
 * PASS and ends the run. A single odd snapshot (a fill still on its way, a snapshot taken mid-execution)
 * therefore never fails an account. Pure.
 */
public final class Reconciler {

    /** Which figure differs. */
    public enum Kind { POSITION, CASH, PNL }

    /** How a snapshot compared. */
    public enum Status { PASS, PENDING, FAIL }

    /**
     * One figure on which the ledger and the broker disagree; {@code diffPct} null when the ledger's is zero;
     * {@code explanation} what the difference can be put down to (PnL only), else null.
     */
    public record Discrepancy(Kind kind, String symbol, BigDecimal ledger, BigDecimal broker, BigDecimal diffPct,
            String explanation) {
    }

    /**
     * One account's day so far on both sides: PnL since the day's first snapshot by our ledger (cash plus
     * positions at the broker's marks) and by the broker's equity, the day's starting equity (the tolerance's
     * base) and the fees our ledger booked today.
     */
    public record DayPnl(BigDecimal ledgerPnl, BigDecimal brokerPnl, BigDecimal startEquity, BigDecimal fees) {
    }

    /** A snapshot's verdict, with the length of the run of differing snapshots it ends or extends. */
    public record Outcome(Status status, List<Discrepancy> discrepancies, int consecutiveFailures) {

        public Outcome {
            discrepancies = List.copyOf(discrepancies);
        }

        /** True for the snapshot that turns a run into a failure (the one that acts, once per run). */
        public boolean failsNow(int failAfter) {
            return status == Status.FAIL && consecutiveFailures == failAfter;
        }
    }

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    private final BigDecimal maxDiffRatio;
    private final int failAfter;

    public Reconciler(BigDecimal maxDiffRatio, int failAfter) {
        if (Objects.requireNonNull(maxDiffRatio, "maxDiffRatio").signum() < 0) {
            throw new IllegalArgumentException("maxDiffRatio must not be negative");
        }
        if (failAfter < 1) {
            throw new IllegalArgumentException("failAfter must be at least 1");
        }
        this.maxDiffRatio = maxDiffRatio;
        this.failAfter = failAfter;
    }

    public int failAfter() {
        return failAfter;
    }

    /**
     * Every difference between the ledger and the broker's cash and positions (symbol by symbol, both ways),
     * positions in symbol order, then cash.
     */
    public List<Discrepancy> compare(AccountLedger ledger, BigDecimal brokerCash,
            Map<String, BigDecimal> brokerQuantities) {
        List<Discrepancy> found = new ArrayList<>();
        for (Map.Entry<String, AccountLedger.Holding> held : ledger.holdings().entrySet()) {
            BigDecimal broker = brokerQuantities.get(held.getKey());
            difference(Kind.POSITION, held.getKey(), held.getValue().quantity(),
                    broker == null ? BigDecimal.ZERO : broker).ifPresent(found::add);
        }
        for (Map.Entry<String, BigDecimal> broker : brokerQuantities.entrySet()) {
            if (!ledger.holdings().containsKey(broker.getKey())) {
                difference(Kind.POSITION, broker.getKey(), BigDecimal.ZERO, broker.getValue()).ifPresent(found::add);
            }
        }
        found.sort(Comparator.comparing(Discrepancy::symbol));
        difference(Kind.CASH, null, ledger.cash(), brokerCash).ifPresent(found::add);
        return found;
    }

    /**
     * The day's PnL compared: a discrepancy when the two differ by more than {@code maxDiffRatio} of the day's
     * starting equity (PnL itself may be near zero, so it is not the base). The explanation says what the
     * difference can be put down to: timing (positions or cash already differ at this snapshot, e.g. a fill
     * on its way), fees (the difference is the fees we booked today within the tolerance: the broker has not
     * charged them, or charges differently), or neither.
     *
     * @param othersDiffer whether positions or cash differ at this snapshot
     */
    public Optional<Discrepancy> comparePnl(DayPnl day, boolean othersDiffer) {
        BigDecimal ours = day.ledgerPnl().setScale(AccountLedger.SCALE, RoundingMode.HALF_EVEN);
        BigDecimal theirs = day.brokerPnl().setScale(AccountLedger.SCALE, RoundingMode.HALF_EVEN);
        BigDecimal gap = theirs.subtract(ours);
        BigDecimal tolerance = day.startEquity().abs().multiply(maxDiffRatio);
        if (gap.abs().compareTo(tolerance) <= 0) {
            return Optional.empty();
        }
        String explanation;
        if (othersDiffer) {
            explanation = "timing: positions or cash differ at this snapshot (a fill on its way, or a trade the"
                    + " ledger has not seen)";
        } else if (gap.subtract(day.fees()).abs().compareTo(tolerance) <= 0) {
            explanation = "fees: the difference is within the tolerance of today's fees in the ledger ("
                    + day.fees().stripTrailingZeros().toPlainString() + ")";
        } else {
            explanation = "not explained by fees or timing";
        }
        BigDecimal pct = ours.signum() == 0 ? null : gap.abs().divide(ours.abs(), 12, RoundingMode.HALF_EVEN)
                .multiply(HUNDRED).setScale(AccountLedger.SCALE, RoundingMode.HALF_EVEN);
        return Optional.of(new Discrepancy(Kind.PNL, null, ours, theirs, pct, explanation));
    }

    /** The verdict on a snapshot with these differences, after a run of {@code before} differing snapshots. */
    public Outcome judge(List<Discrepancy> discrepancies, int before) {
        if (discrepancies.isEmpty()) {
            return new Outcome(Status.PASS, List.of(), 0);
        }
        int run = before + 1;
        return new Outcome(run >= failAfter ? Status.FAIL : Status.PENDING, discrepancies, run);
    }

    private Optional<Discrepancy> difference(Kind kind, String symbol, BigDecimal ledger,
            BigDecimal broker) {
        BigDecimal ours = ledger.setScale(AccountLedger.SCALE, RoundingMode.HALF_EVEN);
        BigDecimal theirs = broker.setScale(AccountLedger.SCALE, RoundingMode.HALF_EVEN);
        if (ours.compareTo(theirs) == 0) {
            return Optional.empty();
        }
        if (ours.signum() == 0) {
            return Optional.of(new Discrepancy(kind, symbol, ours, theirs, null, null));
        }
        BigDecimal ratio = theirs.subtract(ours).abs().divide(ours.abs(), 12, RoundingMode.HALF_EVEN);
        if (theirs.signum() != 0 && ratio.compareTo(maxDiffRatio) <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Discrepancy(kind, symbol, ours, theirs,
                ratio.multiply(HUNDRED).setScale(AccountLedger.SCALE, RoundingMode.HALF_EVEN), null));
    }
}
