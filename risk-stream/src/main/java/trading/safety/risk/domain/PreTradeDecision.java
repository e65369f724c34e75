package trading.safety.risk.domain;

import java.math.BigDecimal;
import java.util.List;
import trading.safety.v1.CheckResult;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.ReasonCode;

/**
 * The outcome of every pre-trade check for one signal. {@code quantity} is what may be ordered after
 * sizing (meaningful only when approved); the probe flags say which half-open breaker this signal used.
 */
public record PreTradeDecision(boolean approved, ReasonCode primaryReason, List<CheckResult> checks,
        BigDecimal sizingFactor, BigDecimal quantity, IntentPurpose purpose, boolean probesSystemBreaker,
        boolean probesStrategyBreaker) {

    public PreTradeDecision {
        checks = List.copyOf(checks);
    }
}
