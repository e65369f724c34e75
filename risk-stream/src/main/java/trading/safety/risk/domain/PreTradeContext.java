package trading.safety.risk.domain;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * Everything the pre-trade checks need to know about one signal's account, strategy and symbol, read
 * from state by the processor at the signal's stream time. A {@code null} where state is required
 * means the state is missing, and the checks fail closed.
 *
 * @param controls kill switches, strategy switch and breakers; when not {@code known()}, entries are blocked
 * @param drawdown the account's drawdown status, or null when none exists yet
 * @param position signed position in the signal's symbol (positive long), zero when flat
 * @param symbolTradable the data-quality verdict, or null when no data was ever seen for the symbol
 * @param duplicateIntent another signal with the same strategy, account, symbol, side and quantity fell
 *     inside the duplicate window; null when the window could not be checked
 */
public record PreTradeContext(Instant streamTime, ControlView controls, DrawdownStatus drawdown,
        BigDecimal sizingFactor, BigDecimal position, BigDecimal equity, BigDecimal dailyStartEquity,
        BigDecimal dailyRealizedPnl, BigDecimal grossExposure, Boolean symbolTradable, String symbolIssues,
        Boolean duplicateIntent, int ordersLastMinuteForStrategy, int ordersLastMinuteForAccount, RiskLimits limits) {

    /**
     * A circuit breaker as risk-stream sees it: open until {@code recoveryAt}, then half-open, letting one
     * probe through; {@code probeTaken} once that probe has gone.
     */
    public record Breaker(boolean open, Instant recoveryAt, boolean probeTaken) {

        public static final Breaker CLOSED = new Breaker(false, null, false);
    }
}
