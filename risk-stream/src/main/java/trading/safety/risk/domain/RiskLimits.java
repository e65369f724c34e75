package trading.safety.risk.domain;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * An account's pre-trade limits (runbook defaults via {@link #defaults}); operators can replace them at
 * runtime with a {@code limits/{accountId}} control record.
 *
 * @param maxPositionSize largest absolute position in one symbol after the order, in units
 * @param maxOrderNotional largest quantity x price of one order
 * @param priceCollar largest relative distance of a limit price from the reference price (0.05 = 5%)
 * @param maxDailyLoss realized loss, as a fraction of start-of-day equity, at which entries stop (0.02)
 * @param maxHeat largest gross exposure / equity after the order (0.30)
 * @param maxOrdersPerMinutePerStrategy throttle per strategy
 * @param maxOrdersPerMinutePerAccount throttle per account
 * @param lotSize the unit quantities are rounded down to when sized
 * @param maxSignalAge how old a signal may be at decision time
 * @param maxClockSkew how far ahead of stream time a signal's createdAt may be
 * @param duplicateWindow within it, the same strategy, account, symbol, side and quantity is a duplicate
 */
public record RiskLimits(BigDecimal maxPositionSize, BigDecimal maxOrderNotional, BigDecimal priceCollar,
        BigDecimal maxDailyLoss, BigDecimal maxHeat, int maxOrdersPerMinutePerStrategy,
        int maxOrdersPerMinutePerAccount, BigDecimal lotSize, Duration maxSignalAge, Duration maxClockSkew,
        Duration duplicateWindow) {

    public static RiskLimits defaults() {
        return new RiskLimits(new BigDecimal("10000"), new BigDecimal("250000"), new BigDecimal("0.05"),
                new BigDecimal("0.02"), new BigDecimal("0.30"), 60, 60, BigDecimal.ONE, Duration.ofSeconds(60),
                Duration.ofSeconds(5), Duration.ofSeconds(60));
    }
}
