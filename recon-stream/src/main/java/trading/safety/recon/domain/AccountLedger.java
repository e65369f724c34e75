package trading.safety.recon.domain;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Our own books for one account, kept from fills alone: cash, fees paid, realized PnL, and per symbol the
 * signed position and its average entry price. Immutable: applying a fill answers a new ledger.
 *
 * <p>Arithmetic: amounts are exact products and sums of the fills' decimals, held at scale 8 (the contract's
 * scale), rounded half-even; an average price is rounded half-even to scale 8 when a position grows. A fill
 * that reduces a position realizes {@code (price - average) x closed quantity} (the opposite sign for a
 * short); one that crosses zero closes the whole position at that price and opens the rest at the same price.
 * Realized PnL is before fees; {@link #netRealizedPnl()} subtracts them. Cash moves by the fill's notional and
 * its fee.
 */
public final class AccountLedger {

    /** The contract's decimal scale. */
    public static final int SCALE = 8;

    /** One symbol's holding: signed quantity (negative is short) and average entry price. */
    public record Holding(BigDecimal quantity, BigDecimal averagePrice) {
        public Holding {
            Objects.requireNonNull(quantity, "quantity");
            Objects.requireNonNull(averagePrice, "averagePrice");
        }
    }

    /** What a fill changes: a buy or sell of a quantity at a price, with a fee. */
    public record Trade(String symbol, boolean buy, BigDecimal quantity, BigDecimal price, BigDecimal fee) {
        public Trade {
            Objects.requireNonNull(symbol, "symbol");
            if (quantity.signum() <= 0) {
                throw new IllegalArgumentException("a fill's quantity must be positive, was "
                        + quantity.toPlainString());
            }
            if (price.signum() < 0 || fee.signum() < 0) {
                throw new IllegalArgumentException("a fill's price and fee must not be negative");
            }
        }
    }

    private final BigDecimal cash;
    private final BigDecimal fees;
    private final BigDecimal realizedPnl;
    private final Map<String, Holding> holdings;

    public AccountLedger(BigDecimal cash, BigDecimal fees, BigDecimal realizedPnl, Map<String, Holding> holdings) {
        this.cash = scaled(cash);
        this.fees = scaled(fees);
        this.realizedPnl = scaled(realizedPnl);
        TreeMap<String, Holding> copy = new TreeMap<>();
        holdings.forEach((symbol, h) -> {
            if (h.quantity().signum() != 0) {
                copy.put(symbol, new Holding(scaled(h.quantity()), scaled(h.averagePrice())));
            }
        });
        this.holdings = Collections.unmodifiableMap(copy);
    }

    /** A ledger with nothing in it. */
    public static AccountLedger empty() {
        return new AccountLedger(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, Map.of());
    }

    public AccountLedger apply(Trade trade) {
        BigDecimal notional = trade.quantity().multiply(trade.price());
        BigDecimal newCash = trade.buy() ? cash.subtract(notional) : cash.add(notional);
        newCash = newCash.subtract(trade.fee());
        BigDecimal signed = trade.buy() ? trade.quantity() : trade.quantity().negate();
        Holding before = holdings.get(trade.symbol());
        BigDecimal held = before == null ? BigDecimal.ZERO : before.quantity();
        BigDecimal average = before == null ? BigDecimal.ZERO : before.averagePrice();
        BigDecimal realized = realizedPnl;
        Holding after;
        if (held.signum() == 0 || held.signum() == signed.signum()) {
            BigDecimal quantity = held.add(signed);
            BigDecimal cost = held.abs().multiply(average).add(trade.quantity().multiply(trade.price()));
            after = new Holding(quantity, cost.divide(quantity.abs(), SCALE, RoundingMode.HALF_EVEN));
        } else {
            BigDecimal closed = trade.quantity().min(held.abs());
            BigDecimal perUnit = held.signum() > 0 ? trade.price().subtract(average) : average.subtract(trade.price());
            realized = realized.add(perUnit.multiply(closed));
            BigDecimal quantity = held.add(signed);
            if (quantity.signum() == 0) {
                after = null;
            } else if (quantity.signum() == held.signum()) {
                after = new Holding(quantity, average);
            } else {
                after = new Holding(quantity, trade.price());
            }
        }
        Map<String, Holding> next = new TreeMap<>(holdings);
        if (after == null) {
            next.remove(trade.symbol());
        } else {
            next.put(trade.symbol(), after);
        }
        return new AccountLedger(newCash, fees.add(trade.fee()), realized, next);
    }

    public BigDecimal cash() {
        return cash;
    }

    public BigDecimal fees() {
        return fees;
    }

    /** Realized PnL before fees. */
    public BigDecimal realizedPnl() {
        return realizedPnl;
    }

    public BigDecimal netRealizedPnl() {
        return realizedPnl.subtract(fees);
    }

    /** Every non-zero holding, by symbol. */
    public Map<String, Holding> holdings() {
        return holdings;
    }

    public BigDecimal quantity(String symbol) {
        Holding h = holdings.get(symbol);
        return h == null ? BigDecimal.ZERO.setScale(SCALE) : h.quantity();
    }

    /** This ledger with the cash and holdings set to other figures (an opening balance or an operator's sync). */
    public AccountLedger withBalances(BigDecimal newCash, Map<String, Holding> newHoldings) {
        return new AccountLedger(newCash, fees, realizedPnl, newHoldings);
    }

    private static BigDecimal scaled(BigDecimal value) {
        return value.setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof AccountLedger other && cash.equals(other.cash) && fees.equals(other.fees)
                && realizedPnl.equals(other.realizedPnl) && holdings.equals(other.holdings);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cash, fees, realizedPnl, holdings);
    }

    @Override
    public String toString() {
        return "AccountLedger[cash=" + cash.toPlainString() + ", fees=" + fees.toPlainString() + ", realizedPnl="
                + realizedPnl.toPlainString() + ", holdings=" + holdings + "]";
    }
}
