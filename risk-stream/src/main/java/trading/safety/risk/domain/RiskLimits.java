package trading.safety.risk.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** The parameter names a {@code limits/{accountId}} control record may carry: the components' names. */
    public static final Set<String> OVERRIDABLE = Set.of("maxPositionSize", "maxOrderNotional", "priceCollar",
            "maxDailyLoss", "maxHeat", "maxOrdersPerMinutePerStrategy", "maxOrdersPerMinutePerAccount", "lotSize");

    /**
     * These limits with the values of {@code params} (a {@code limits/{accountId}} record's params) in
     * place. Every unknown name and every unreadable or non-positive value is named in one exception, so
     * an operator's mistake fails closed instead of half-applying.
     */
    public RiskLimits withOverrides(Map<String, String> params) {
        List<String> problems = new ArrayList<>();
        params.keySet().stream().filter(name -> !OVERRIDABLE.contains(name)).sorted()
                .forEach(name -> problems.add(name + ": not a limit"));
        Overrides in = new Overrides(params, problems);
        RiskLimits result = new RiskLimits(in.decimal("maxPositionSize", maxPositionSize),
                in.decimal("maxOrderNotional", maxOrderNotional), in.decimal("priceCollar", priceCollar),
                in.decimal("maxDailyLoss", maxDailyLoss), in.decimal("maxHeat", maxHeat),
                in.count("maxOrdersPerMinutePerStrategy", maxOrdersPerMinutePerStrategy),
                in.count("maxOrdersPerMinutePerAccount", maxOrdersPerMinutePerAccount), in.decimal("lotSize", lotSize),
                maxSignalAge, maxClockSkew, duplicateWindow);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return result;
    }

    private record Overrides(Map<String, String> params, List<String> problems) {

        BigDecimal decimal(String name, BigDecimal current) {
            String raw = params.get(name);
            if (raw == null) {
                return current;
            }
            try {
                BigDecimal value = new BigDecimal(raw.trim());
                if (value.signum() > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // named below
            }
            problems.add(name + ": '" + raw + "' is not a positive number");
            return current;
        }

        int count(String name, int current) {
            String raw = params.get(name);
            if (raw == null) {
                return current;
            }
            try {
                int value = Integer.parseInt(raw.trim());
                if (value > 0) {
                    return value;
                }
            } catch (NumberFormatException e) {
                // named below
            }
            problems.add(name + ": '" + raw + "' is not a positive whole number");
            return current;
        }
    }
}
