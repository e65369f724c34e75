package trading.safety.risk.domain;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The drawdown stop's numbers (runbook defaults: HALT at 8% with 10 trading days of cooldown, PANIC at
 * 10% with 20, a 5-day extension when the health checks fail, 5 days of ramp-up at 50%).
 *
 * @param haltAt drawdown fraction at or above which entries stop (0.08)
 * @param panicAt drawdown fraction at or above which the account panics (0.10)
 * @param flattenOnPanic whether PANIC also asks for every position to be closed
 */
public record DrawdownPolicy(BigDecimal haltAt, BigDecimal panicAt, int haltCooldownTradingDays,
        int panicCooldownTradingDays, int extensionTradingDays, int rampupTradingDays, BigDecimal rampupSizing,
        boolean flattenOnPanic) {

    public DrawdownPolicy {
        List<String> problems = new ArrayList<>();
        if (haltAt.signum() <= 0 || haltAt.compareTo(BigDecimal.ONE) >= 0) {
            problems.add("haltAt must be between 0 and 1");
        }
        if (panicAt.compareTo(haltAt) < 0 || panicAt.compareTo(BigDecimal.ONE) >= 0) {
            problems.add("panicAt must be at least haltAt and below 1");
        }
        if (haltCooldownTradingDays < 1 || panicCooldownTradingDays < 1 || extensionTradingDays < 1
                || rampupTradingDays < 0) {
            problems.add("cooldowns and extension must be at least 1 trading day, ramp-up at least 0");
        }
        if (rampupSizing.signum() <= 0 || rampupSizing.compareTo(BigDecimal.ONE) > 0) {
            problems.add("rampupSizing must be in (0, 1]");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    public static DrawdownPolicy runbookDefaults() {
        return new DrawdownPolicy(new BigDecimal("0.08"), new BigDecimal("0.10"), 10, 20, 5, 5,
                new BigDecimal("0.5"), true);
    }
}
