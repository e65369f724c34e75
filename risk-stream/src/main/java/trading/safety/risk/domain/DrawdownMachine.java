package trading.safety.risk.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Supplier;
import trading.safety.v1.DrawdownState;

/**
 * The drawdown stop as a pure state machine: NORMAL, HALT at the halt threshold (entries blocked, a
 * cooldown of trading days), PANIC at the panic threshold (longer cooldown, optional flatten), health
 * checks when a cooldown ends (pass: RAMPUP at reduced size; fail: the cooldown is extended), RAMPUP
 * back to NORMAL after its days, and operator overrides. Time is the trading date of the record being
 * processed, never the wall clock, so the same inputs always give the same transitions.
 */
public final class DrawdownMachine {

    private static final MathContext MATH = new MathContext(34, RoundingMode.HALF_EVEN);
    private static final int SCALE = 8;

    /** One change of state, with why; {@code flatten} asks for every position to be closed. */
    public record Transition(DrawdownState from, DrawdownState to, LocalDate on, String reason, boolean flatten) {
    }

    /** The status after an input, and the transitions it caused (often none). */
    public record Step(DrawdownStatus status, List<Transition> transitions) {
        public Step {
            transitions = List.copyOf(transitions);
        }
    }

    private final DrawdownPolicy policy;
    private final TradingCalendar calendar;
    private final HealthCheck healthCheck;

    public DrawdownMachine(DrawdownPolicy policy, TradingCalendar calendar, HealthCheck healthCheck) {
        this.policy = policy;
        this.calendar = calendar;
        this.healthCheck = healthCheck;
    }

    /** A new account: NORMAL, its first equity is its peak. */
    public DrawdownStatus start(BigDecimal equity) {
        return new DrawdownStatus(DrawdownState.NORMAL, equity, equity, zero(), null, null, null);
    }

    /** A new equity figure (from a broker snapshot or the ledger) on trading date {@code today}. */
    public Step onEquity(DrawdownStatus status, BigDecimal equity, LocalDate today) {
        BigDecimal peak = status.peakEquity().max(equity);
        DrawdownStatus updated = new DrawdownStatus(status.state(), peak, equity, drawdown(peak, equity),
                status.cooldownEndsOn(), status.rampupEndsOn(), status.lastHealthCheck());
        boolean panic = reached(policy.panicAt(), peak, equity);
        boolean halt = reached(policy.haltAt(), peak, equity);
        return switch (status.state()) {
            case NORMAL, RAMPUP -> panic ? enterPanic(updated, today) : halt ? enterHalt(updated, today)
                    : new Step(updated, List.of());
            case HALT -> panic ? enterPanic(updated, today) : new Step(updated, List.of());
            case PANIC -> new Step(updated, List.of());
            // An unreadable state blocks entries until an operator overrides it.
            case UNKNOWN -> new Step(updated, List.of());
        };
    }

    /**
     * Moves time forward to trading date {@code today}: ends cooldowns (running the health checks with
     * {@code inputs} at stream time {@code now}) and ramp-ups that are due.
     */
    public Step onDay(DrawdownStatus status, LocalDate today, HealthCheck.Inputs inputs, Instant now) {
        return onDay(status, today, () -> inputs, now);
    }

    /** As above, gathering the health-check inputs only when a cooldown actually ends. */
    public Step onDay(DrawdownStatus status, LocalDate today, Supplier<HealthCheck.Inputs> inputs, Instant now) {
        if ((status.state() == DrawdownState.HALT || status.state() == DrawdownState.PANIC)
                && status.cooldownEndsOn() != null && !today.isBefore(status.cooldownEndsOn())) {
            HealthCheck.Result result = healthCheck.run(inputs.get(), now);
            DrawdownStatus.CheckedOn checked = new DrawdownStatus.CheckedOn(today, result);
            if (result.passed()) {
                LocalDate rampupEnds = calendar.plusTradingDays(today, policy.rampupTradingDays());
                // Resuming measures drawdown afresh from here; the old peak would re-trigger at once.
                DrawdownStatus rampup = new DrawdownStatus(DrawdownState.RAMPUP, status.equity(), status.equity(),
                        zero(), null, rampupEnds, checked);
                return new Step(rampup, List.of(new Transition(status.state(), DrawdownState.RAMPUP, today,
                        "cooldown ended and health checks passed; ramp-up at " + policy.rampupSizing()
                                + " sizing until " + rampupEnds, false)));
            }
            LocalDate extended = calendar.plusTradingDays(today, policy.extensionTradingDays());
            DrawdownStatus held = new DrawdownStatus(status.state(), status.peakEquity(), status.equity(),
                    status.drawdown(), extended, null, checked);
            return new Step(held, List.of(new Transition(status.state(), status.state(), today,
                    "health checks failed (" + String.join("; ", result.failures()) + "); cooldown extended to "
                            + extended, false)));
        }
        if (status.state() == DrawdownState.RAMPUP && status.rampupEndsOn() != null
                && !today.isBefore(status.rampupEndsOn())) {
            DrawdownStatus normal = new DrawdownStatus(DrawdownState.NORMAL, status.peakEquity(), status.equity(),
                    status.drawdown(), null, null, status.lastHealthCheck());
            return new Step(normal, List.of(new Transition(DrawdownState.RAMPUP, DrawdownState.NORMAL, today,
                    "ramp-up complete; full sizing", false)));
        }
        return new Step(status, List.of());
    }

    /** An operator forces {@code forced} on {@code today}, with a reason that is recorded. */
    public Step override(DrawdownStatus status, DrawdownState forced, LocalDate today, String reason) {
        DrawdownStatus next = switch (forced) {
            case NORMAL -> new DrawdownStatus(DrawdownState.NORMAL, status.equity(), status.equity(), zero(), null,
                    null, status.lastHealthCheck());
            case RAMPUP -> new DrawdownStatus(DrawdownState.RAMPUP, status.equity(), status.equity(), zero(), null,
                    calendar.plusTradingDays(today, policy.rampupTradingDays()), status.lastHealthCheck());
            case HALT -> withCooldown(status, DrawdownState.HALT, today, policy.haltCooldownTradingDays());
            case PANIC -> withCooldown(status, DrawdownState.PANIC, today, policy.panicCooldownTradingDays());
            case UNKNOWN -> throw new IllegalArgumentException("an override must name a known state");
        };
        return new Step(next, List.of(new Transition(status.state(), forced, today, "operator override: " + reason,
                forced == DrawdownState.PANIC && policy.flattenOnPanic())));
    }

    /** How much of a requested entry may be ordered: 1 in NORMAL, the ramp-up sizing in RAMPUP, 0 otherwise. */
    public BigDecimal sizingFactor(DrawdownStatus status) {
        return switch (status.state()) {
            case NORMAL -> BigDecimal.ONE;
            case RAMPUP -> policy.rampupSizing();
            default -> BigDecimal.ZERO;
        };
    }

    private Step enterHalt(DrawdownStatus status, LocalDate today) {
        DrawdownStatus halted = withCooldown(status, DrawdownState.HALT, today, policy.haltCooldownTradingDays());
        return new Step(halted, List.of(new Transition(status.state(), DrawdownState.HALT, today,
                "drawdown " + percent(status.drawdown()) + " reached the " + percent(policy.haltAt())
                        + " halt threshold; entries blocked until " + halted.cooldownEndsOn(), false)));
    }

    private Step enterPanic(DrawdownStatus status, LocalDate today) {
        DrawdownStatus panicked = withCooldown(status, DrawdownState.PANIC, today, policy.panicCooldownTradingDays());
        return new Step(panicked, List.of(new Transition(status.state(), DrawdownState.PANIC, today,
                "drawdown " + percent(status.drawdown()) + " reached the " + percent(policy.panicAt())
                        + " panic threshold; entries blocked until " + panicked.cooldownEndsOn()
                        + (policy.flattenOnPanic() ? "; flattening every position" : ""), policy.flattenOnPanic())));
    }

    private DrawdownStatus withCooldown(DrawdownStatus status, DrawdownState state, LocalDate today, int days) {
        return new DrawdownStatus(state, status.peakEquity(), status.equity(), status.drawdown(),
                calendar.plusTradingDays(today, days), null, status.lastHealthCheck());
    }

    /** Exactly: drawdown >= threshold, i.e. equity <= peak * (1 - threshold), with no rounding. */
    private static boolean reached(BigDecimal threshold, BigDecimal peak, BigDecimal equity) {
        return peak.signum() > 0 && equity.compareTo(peak.multiply(BigDecimal.ONE.subtract(threshold))) <= 0;
    }

    private static BigDecimal drawdown(BigDecimal peak, BigDecimal equity) {
        if (peak.signum() <= 0) {
            return zero();
        }
        return BigDecimal.ONE.subtract(equity.divide(peak, MATH)).setScale(SCALE, RoundingMode.HALF_EVEN);
    }

    private static BigDecimal zero() {
        return BigDecimal.ZERO.setScale(SCALE);
    }

    private static String percent(BigDecimal fraction) {
        return fraction.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
