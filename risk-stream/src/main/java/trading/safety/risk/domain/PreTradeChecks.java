package trading.safety.risk.domain;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.contract.serde.Decimals;
import trading.safety.v1.CheckResult;
import trading.safety.v1.DrawdownState;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.OrderType;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.RiskCheck;
import trading.safety.v1.Side;
import trading.safety.v1.TradeSignal;

/**
 * Every pre-trade control, in the design's order, as one pure function of a signal and its context.
 * Every check runs and is recorded, so a rejection shows everything that was wrong, not just the first
 * thing; the first failure is the primary reason. Exits (orders that reduce a position toward zero,
 * never across it) pass every HALT-type control; only a CLOSE_POSITIONS kill switch, a duplicate, the
 * fat-finger guards (notional, collar) and the throttle stop them.
 */
public final class PreTradeChecks {

    private static final MathContext MATH = Decimals.MATH;

    public PreTradeDecision decide(TradeSignal signal, PreTradeContext context) {
        RiskLimits limits = context.limits();
        List<CheckResult> checks = new ArrayList<>(16);
        boolean exit = isExit(signal, context.position());
        BigDecimal price = signal.getOrderType() == OrderType.LIMIT && signal.getLimitPrice() != null
                ? signal.getLimitPrice() : signal.getReferencePrice();
        BigDecimal quantity = signal.getQuantity();
        BigDecimal notional = quantity == null || price == null ? BigDecimal.ZERO : quantity.multiply(price, MATH);

        checks.add(validity(signal, context));
        checks.add(killSwitch(context, exit));
        checks.add(exit || !context.controls().strategyDisabled() ? pass(RiskCheck.STRATEGY_SWITCH, "strategy enabled"
                + (context.controls().strategyDisabled() ? " for exits only" : ""))
                : fail(RiskCheck.STRATEGY_SWITCH, ReasonCode.STRATEGY_DISABLED, "strategy is disabled", null, null));
        boolean probeSystem = probes(context.controls().systemBreaker(), context);
        boolean probeStrategy = probes(context.controls().strategyBreaker(), context);
        checks.add(breakers(context, exit, probeSystem, probeStrategy));
        checks.add(drawdown(context, exit));
        checks.add(context.duplicateIntent() == null
                ? fail(RiskCheck.DUPLICATE, ReasonCode.INVALID, "duplicate window cannot be checked: the account's "
                        + "time lags its partition's newest signal by more than the seen signals are kept", null, null)
                : context.duplicateIntent()
                ? fail(RiskCheck.DUPLICATE, ReasonCode.DUPLICATE_INTENT, "same strategy, account, symbol, side and "
                        + "quantity under another signalId within " + limits.duplicateWindow().toSeconds() + " s",
                        null, null)
                : pass(RiskCheck.DUPLICATE, "no duplicate intent"));
        checks.add(dataQuality(context, exit));
        checks.add(positionSize(signal, context, exit));
        checks.add(notional.compareTo(limits.maxOrderNotional()) <= 0
                ? measured(RiskCheck.MAX_ORDER_NOTIONAL, true, ReasonCode.MAX_ORDER_NOTIONAL, "order notional within limit",
                        limits.maxOrderNotional(), notional)
                : measured(RiskCheck.MAX_ORDER_NOTIONAL, false, ReasonCode.MAX_ORDER_NOTIONAL,
                        "order notional above limit", limits.maxOrderNotional(), notional));
        checks.add(priceCollar(signal, limits));
        checks.add(dailyLoss(context, exit));
        checks.add(heat(context, exit, notional));
        checks.add(throttle(context));
        BigDecimal factor = exit ? BigDecimal.ONE : context.sizingFactor();
        BigDecimal sized = quantity == null || quantity.signum() <= 0 ? BigDecimal.ZERO
                : Sizing.apply(quantity, factor, limits.lotSize());
        checks.add(sized.signum() > 0 || quantity == null || quantity.signum() <= 0
                ? measured(RiskCheck.SIZING, true, ReasonCode.NONE, "sized at " + factor.stripTrailingZeros()
                        .toPlainString(), factor, sized)
                : measured(RiskCheck.SIZING, false, ReasonCode.DRAWDOWN_HALT, "ramp-up sizing leaves less than one lot",
                        factor, sized));

        ReasonCode primary = ReasonCode.NONE;
        for (CheckResult check : checks) {
            if (!check.getPassed()) {
                primary = check.getReason();
                break;
            }
        }
        boolean approved = primary == ReasonCode.NONE;
        return new PreTradeDecision(approved, primary, checks, Decimals.of(factor), sized,
                exit ? IntentPurpose.EXIT : IntentPurpose.ENTRY, approved && probeSystem, approved && probeStrategy);
    }

    /** Reduces a position toward zero without crossing it. */
    static boolean isExit(TradeSignal signal, BigDecimal position) {
        if (position == null || position.signum() == 0 || signal.getQuantity() == null) {
            return false;
        }
        boolean reduces = (position.signum() > 0 && signal.getSide() == Side.SELL)
                || (position.signum() < 0 && signal.getSide() == Side.BUY);
        return reduces && signal.getQuantity().compareTo(position.abs()) <= 0;
    }

    private CheckResult validity(TradeSignal signal, PreTradeContext context) {
        List<String> problems = new ArrayList<>();
        if (signal.getQuantity() == null || signal.getQuantity().signum() <= 0) {
            problems.add("quantity must be positive");
        }
        if (signal.getSide() == null || signal.getSide() == Side.UNKNOWN) {
            problems.add("side is unknown");
        }
        if (signal.getOrderType() == OrderType.LIMIT
                && (signal.getLimitPrice() == null || signal.getLimitPrice().signum() <= 0)) {
            problems.add("a LIMIT order needs a positive limit price");
        } else if (signal.getOrderType() == OrderType.MARKET && signal.getLimitPrice() != null) {
            problems.add("a MARKET order must not carry a limit price");
        } else if (signal.getOrderType() == null || signal.getOrderType() == OrderType.UNKNOWN) {
            problems.add("order type is unknown");
        }
        if (signal.getReferencePrice() == null || signal.getReferencePrice().signum() <= 0) {
            problems.add("reference price must be positive");
        }
        Duration age = Duration.between(signal.getCreatedAt(), context.streamTime());
        if (age.negated().compareTo(context.limits().maxClockSkew()) > 0) {
            problems.add("createdAt is " + age.negated().toMillis() + " ms ahead of stream time");
        } else if (age.compareTo(context.limits().maxSignalAge()) > 0) {
            problems.add("signal is " + age.toSeconds() + " s old, more than " + context.limits().maxSignalAge()
                    .toSeconds() + " s");
        }
        BigDecimal ageSeconds = BigDecimal.valueOf(age.toMillis()).movePointLeft(3);
        BigDecimal maxAge = BigDecimal.valueOf(context.limits().maxSignalAge().toSeconds());
        return problems.isEmpty()
                ? measured(RiskCheck.VALIDITY, true, ReasonCode.INVALID, "valid", maxAge, ageSeconds)
                : measured(RiskCheck.VALIDITY, false, ReasonCode.INVALID, String.join("; ", problems), maxAge,
                        ageSeconds);
    }

    private CheckResult killSwitch(PreTradeContext context, boolean exit) {
        if (!context.controls().known()) {
            return exit ? pass(RiskCheck.KILL_SWITCH, "control state unknown; exits pass")
                    : fail(RiskCheck.KILL_SWITCH, ReasonCode.KILL_SWITCH, "control state unknown; failing closed",
                            null, null);
        }
        if (blocks(context.controls().globalKill(), exit)) {
            return fail(RiskCheck.KILL_SWITCH, ReasonCode.KILL_SWITCH, "global kill switch active ("
                    + context.controls().globalKill() + ")", null, null);
        }
        if (blocks(context.controls().accountKill(), exit)) {
            return fail(RiskCheck.KILL_SWITCH, ReasonCode.KILL_SWITCH, "account kill switch active ("
                    + context.controls().accountKill() + ")", null, null);
        }
        return pass(RiskCheck.KILL_SWITCH, context.controls().globalKill() != null || context.controls().accountKill() != null
                ? "kill switch HALT_ONLY: exit allowed" : "no kill switch active");
    }

    /** HALT_ONLY stops entries; CLOSE_POSITIONS stops every signal (only the router's flatten orders pass). */
    private static boolean blocks(KillSwitchMode mode, boolean exit) {
        return mode == KillSwitchMode.CLOSE_POSITIONS || (mode == KillSwitchMode.HALT_ONLY && !exit);
    }

    private static boolean probes(PreTradeContext.Breaker breaker, PreTradeContext context) {
        return breaker.open() && breaker.recoveryAt() != null && !context.streamTime().isBefore(breaker.recoveryAt())
                && !breaker.probeTaken();
    }

    private CheckResult breakers(PreTradeContext context, boolean exit, boolean probeSystem, boolean probeStrategy) {
        if (exit) {
            return pass(RiskCheck.CIRCUIT_BREAKER, "exit: breakers do not apply");
        }
        if (context.controls().systemBreaker().open() && !probeSystem) {
            return openBreaker("system", context.controls().systemBreaker());
        }
        if (context.controls().strategyBreaker().open() && !probeStrategy) {
            return openBreaker("strategy", context.controls().strategyBreaker());
        }
        return pass(RiskCheck.CIRCUIT_BREAKER, probeSystem || probeStrategy ? "breaker half-open: this signal is the probe"
                : "breakers closed");
    }

    private static CheckResult openBreaker(String name, PreTradeContext.Breaker breaker) {
        return fail(RiskCheck.CIRCUIT_BREAKER, ReasonCode.CIRCUIT_OPEN, name + " circuit breaker open"
                + (breaker.recoveryAt() == null ? "" : " until " + breaker.recoveryAt()), null, null);
    }

    private CheckResult drawdown(PreTradeContext context, boolean exit) {
        DrawdownStatus status = context.drawdown();
        if (status == null) {
            return exit ? pass(RiskCheck.DRAWDOWN, "no risk state; exits pass")
                    : fail(RiskCheck.DRAWDOWN, ReasonCode.DRAWDOWN_HALT, "no risk state for the account; failing closed",
                            null, null);
        }
        if (status.allowsEntries() || exit) {
            return measured(RiskCheck.DRAWDOWN, true, ReasonCode.NONE, "state " + status.state()
                    + (exit ? " (exit)" : ""), null, status.drawdown());
        }
        ReasonCode reason = status.state() == DrawdownState.PANIC ? ReasonCode.DRAWDOWN_PANIC : ReasonCode.DRAWDOWN_HALT;
        return measured(RiskCheck.DRAWDOWN, false, reason, "state " + status.state() + "; entries blocked"
                + (status.cooldownEndsOn() == null ? "" : " until " + status.cooldownEndsOn()), null,
                status.drawdown());
    }

    private CheckResult dataQuality(PreTradeContext context, boolean exit) {
        if (Boolean.TRUE.equals(context.symbolTradable()) || exit) {
            return pass(RiskCheck.DATA_QUALITY, Boolean.TRUE.equals(context.symbolTradable()) ? "symbol data good"
                    : "exit: data quality does not apply");
        }
        return fail(RiskCheck.DATA_QUALITY, ReasonCode.DATA_QUALITY, context.symbolTradable() == null
                ? "no market data seen for the symbol" : "symbol blocked: " + context.symbolIssues(), null, null);
    }

    private CheckResult positionSize(TradeSignal signal, PreTradeContext context, boolean exit) {
        BigDecimal signed = signal.getQuantity() == null ? BigDecimal.ZERO
                : signal.getSide() == Side.SELL ? signal.getQuantity().negate() : signal.getQuantity();
        BigDecimal after = context.position().add(signed).abs();
        boolean ok = exit || after.compareTo(context.limits().maxPositionSize()) <= 0;
        return measured(RiskCheck.MAX_POSITION_SIZE, ok, ReasonCode.MAX_POSITION_SIZE,
                ok ? "position after the order within limit" : "position after the order above limit",
                context.limits().maxPositionSize(), after);
    }

    private CheckResult priceCollar(TradeSignal signal, RiskLimits limits) {
        if (signal.getOrderType() != OrderType.LIMIT || signal.getLimitPrice() == null
                || signal.getReferencePrice() == null || signal.getReferencePrice().signum() <= 0) {
            return pass(RiskCheck.PRICE_COLLAR, "no limit price to collar");
        }
        BigDecimal gap = signal.getLimitPrice().subtract(signal.getReferencePrice()).abs();
        BigDecimal distance = ratio(gap, signal.getReferencePrice());
        boolean ok = gap.compareTo(limits.priceCollar().multiply(signal.getReferencePrice())) <= 0;
        return measured(RiskCheck.PRICE_COLLAR, ok, ReasonCode.PRICE_COLLAR,
                ok ? "limit price within collar" : "limit price too far from the reference price",
                limits.priceCollar(), distance);
    }

    private CheckResult dailyLoss(PreTradeContext context, boolean exit) {
        BigDecimal start = context.dailyStartEquity();
        if (start == null || start.signum() <= 0) {
            return exit ? pass(RiskCheck.MAX_DAILY_LOSS, "no start-of-day equity; exits pass")
                    : fail(RiskCheck.MAX_DAILY_LOSS, ReasonCode.MAX_DAILY_LOSS, "no start-of-day equity; failing closed",
                            null, null);
        }
        BigDecimal lost = context.dailyRealizedPnl().negate().max(BigDecimal.ZERO);
        BigDecimal loss = ratio(lost, start);
        boolean ok = exit || lost.compareTo(context.limits().maxDailyLoss().multiply(start)) < 0;
        return measured(RiskCheck.MAX_DAILY_LOSS, ok, ReasonCode.MAX_DAILY_LOSS,
                ok ? "daily loss within limit" : "daily loss limit reached; entries blocked for the day",
                context.limits().maxDailyLoss(), loss);
    }

    private CheckResult heat(PreTradeContext context, boolean exit, BigDecimal notional) {
        BigDecimal equity = context.equity();
        if (exit) {
            return pass(RiskCheck.PORTFOLIO_HEAT, "exit lowers exposure");
        }
        if (equity == null || equity.signum() <= 0) {
            return fail(RiskCheck.PORTFOLIO_HEAT, ReasonCode.PORTFOLIO_HEAT, "no positive equity; failing closed",
                    context.limits().maxHeat(), null);
        }
        BigDecimal exposure = context.grossExposure().add(notional);
        BigDecimal heat = ratio(exposure, equity);
        boolean ok = exposure.compareTo(context.limits().maxHeat().multiply(equity)) <= 0;
        return measured(RiskCheck.PORTFOLIO_HEAT, ok, ReasonCode.PORTFOLIO_HEAT,
                ok ? "gross exposure / equity within limit" : "gross exposure / equity above limit",
                context.limits().maxHeat(), heat);
    }

    private CheckResult throttle(PreTradeContext context) {
        RiskLimits limits = context.limits();
        if (context.ordersLastMinuteForStrategy() >= limits.maxOrdersPerMinutePerStrategy()) {
            return measured(RiskCheck.THROTTLE, false, ReasonCode.THROTTLE, "strategy order rate limit reached",
                    BigDecimal.valueOf(limits.maxOrdersPerMinutePerStrategy()),
                    BigDecimal.valueOf(context.ordersLastMinuteForStrategy()));
        }
        boolean ok = context.ordersLastMinuteForAccount() < limits.maxOrdersPerMinutePerAccount();
        return measured(RiskCheck.THROTTLE, ok, ReasonCode.THROTTLE,
                ok ? "order rate within limits" : "account order rate limit reached",
                BigDecimal.valueOf(limits.maxOrdersPerMinutePerAccount()),
                BigDecimal.valueOf(context.ordersLastMinuteForAccount()));
    }

    /**
     * A ratio for the record, to the contract's scale. Limits are decided on the exact products instead
     * (a <= limit x b), so rounding here never moves a boundary, and no long division runs per signal.
     */
    private static BigDecimal ratio(BigDecimal numerator, BigDecimal denominator) {
        return numerator.divide(denominator, Decimals.SCALE, RoundingMode.HALF_EVEN);
    }

    private static CheckResult pass(RiskCheck check, String detail) {
        return measured(check, true, ReasonCode.NONE, detail, null, null);
    }

    private static CheckResult fail(RiskCheck check, ReasonCode reason, String detail, BigDecimal threshold,
            BigDecimal actual) {
        return measured(check, false, reason, detail, threshold, actual);
    }

    private static CheckResult measured(RiskCheck check, boolean passed, ReasonCode reason, String detail,
            BigDecimal threshold, BigDecimal actual) {
        // The all-arguments constructor: every field is set here, and the builder's per-field validation
        // would run 14 times for every signal.
        return new CheckResult(check, passed, passed ? ReasonCode.NONE : reason, detail,
                threshold == null ? null : Decimals.of(threshold.round(MATH)),
                actual == null ? null : Decimals.of(actual));
    }
}
