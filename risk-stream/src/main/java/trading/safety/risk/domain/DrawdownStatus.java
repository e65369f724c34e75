package trading.safety.risk.domain;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;
import trading.safety.v1.DrawdownState;

/**
 * One account's drawdown-stop state: where it stands, against which peak, and until when.
 *
 * @param drawdown 1 - equity / peakEquity, at the contract's scale (display only: thresholds are
 *     compared exactly)
 * @param cooldownEndsOn trading date on which HALT or PANIC runs its health checks; null otherwise
 * @param rampupEndsOn trading date on which RAMPUP returns to NORMAL; null otherwise
 * @param lastHealthCheck the latest automated check and the date it ran, or null
 */
public record DrawdownStatus(DrawdownState state, BigDecimal peakEquity, BigDecimal equity, BigDecimal drawdown,
        LocalDate cooldownEndsOn, LocalDate rampupEndsOn, CheckedOn lastHealthCheck) {

    /** A health-check result with the trading date it ran on. */
    public record CheckedOn(LocalDate on, HealthCheck.Result result) {
    }

    public DrawdownStatus {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(peakEquity, "peakEquity");
        Objects.requireNonNull(equity, "equity");
        Objects.requireNonNull(drawdown, "drawdown");
    }

    /** New entries may be opened (sized by {@link DrawdownMachine#sizingFactor}). */
    public boolean allowsEntries() {
        return state == DrawdownState.NORMAL || state == DrawdownState.RAMPUP;
    }
}
