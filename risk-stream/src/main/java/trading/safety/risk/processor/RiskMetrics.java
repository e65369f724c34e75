package trading.safety.risk.processor;

import java.math.BigDecimal;
import trading.safety.v1.DrawdownState;
import trading.safety.v1.ReasonCode;

/**
 * What the account processor reports as it goes. Implementations may read the wall clock (latency is a
 * measurement, not a decision); the processor itself never does.
 */
public interface RiskMetrics {

    /** A signal was decided; {@code appendedAtMs} is its record timestamp. */
    void decided(boolean approved, ReasonCode primaryReason, long appendedAtMs);

    /** A signal already decided arrived again and was absorbed. */
    void replayAbsorbed();

    /** An account's published drawdown state. */
    void riskState(String accountId, DrawdownState state, BigDecimal drawdown);

    RiskMetrics NONE = new RiskMetrics() {
        @Override
        public void decided(boolean approved, ReasonCode primaryReason, long appendedAtMs) {
        }

        @Override
        public void replayAbsorbed() {
        }

        @Override
        public void riskState(String accountId, DrawdownState state, BigDecimal drawdown) {
        }
    };
}
