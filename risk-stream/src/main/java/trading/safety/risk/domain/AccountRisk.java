package trading.safety.risk.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.control.ControlKey.BreakerName;
import trading.safety.contract.serde.Decimals;
import trading.safety.v1.BrokerPosition;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DrawdownState;
import trading.safety.v1.Fill;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.ReconStatus;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.Severity;
import trading.safety.v1.Side;
import trading.safety.v1.TradeSignal;

/**
 * One account's risk, record by record: every input (signal, broker snapshot, fill, reconciliation
 * result) first moves the account's clock to the record's time (rolling the trading day, applying an
 * operator's drawdown override, ending cooldowns and ramp-ups), then takes effect. Pure: the same state,
 * record, time and environment always give the same outcome.
 */
public final class AccountRisk {

    /** What the account's decisions read that other partitions own: control records and symbol quality. */
    public interface Environment {

        /** The latest control record under {@code key}, an {@link ControlView#unreadable} stand-in, or null. */
        ControlRecord control(String key);

        /** The data-quality verdict for {@code symbol}, or null when no bar was ever seen for it. */
        SymbolStatus symbol(String symbol);

        /** The newest bar time over every symbol, or null when there is none. */
        Instant latestMarketData();

        /** The signals accounts saw within the duplicate window; a decided signal is remembered there. */
        SeenSignals seenSignals();
    }

    /** A symbol's data-quality verdict as of its latest bar. */
    public record SymbolStatus(boolean tradable, String issues, Instant lastBarTime) {
    }

    /** Something operators must hear about; {@code resolved} clears an earlier notice of the same type. */
    public record Notice(Severity severity, String type, String subject, String message, boolean resolved) {
    }

    /**
     * The result of one record: the new state, the pre-trade decision (signals only), the drawdown
     * transitions and notices it caused, whether the published risk state changed, and whether every
     * position must be flattened (PANIC with flatten).
     */
    public record Outcome(AccountState state, PreTradeDecision decision, List<DrawdownMachine.Transition> transitions,
            List<Notice> notices, boolean riskStateChanged, boolean flatten) {

        public Outcome {
            transitions = List.copyOf(transitions);
            notices = List.copyOf(notices);
        }
    }

    private static final Duration DUPLICATE_LOOKBACK = Duration.ofHours(24);
    private static final int RECENT_FILLS = 256;

    private final DrawdownMachine machine;
    private final PreTradeChecks checks;
    private final TradingCalendar calendar;
    private final RiskLimits defaultLimits;
    private final Duration maxMarketDataAge;

    public AccountRisk(DrawdownMachine machine, PreTradeChecks checks, TradingCalendar calendar,
            RiskLimits defaultLimits, Duration maxMarketDataAge) {
        this.machine = machine;
        this.checks = checks;
        this.calendar = calendar;
        this.defaultLimits = defaultLimits;
        this.maxMarketDataAge = maxMarketDataAge;
    }

    /**
     * The duplicate window every account decides with (an account's limit overrides cannot change it): how
     * long {@link Environment#seenSignals()} must remember a signal.
     */
    public Duration duplicateWindow() {
        return defaultLimits.duplicateWindow();
    }

    public Outcome onSignal(AccountState state, TradeSignal signal, Instant at, Environment env) {
        Update update = advance(state, at, env);
        AccountState.Builder b = update.b;
        Instant now = b.clock;
        String accountId = b.accountId;
        String strategyId = signal.getStrategyId();
        b.strategies.add(strategyId);
        ControlView controls = ControlView.of(env::control, accountId, strategyId,
                key -> probeTaken(b, key, env.control(key)));
        RiskLimits limits = defaultLimits;
        String limitsKey = new ControlKey.RiskLimits(accountId).value();
        ControlRecord limitsRecord = env.control(limitsKey);
        if (limitsRecord != null && limitsRecord.getActive()) {
            if (ControlView.UNREADABLE_ORIGIN.equals(limitsRecord.getOrigin())) {
                controls = controls.withProblem(limitsKey + " cannot be read: " + limitsRecord.getReason());
            } else {
                try {
                    limits = defaultLimits.withOverrides(limitsRecord.getParams());
                } catch (IllegalArgumentException e) {
                    controls = controls.withProblem(limitsKey + " is invalid: " + e.getMessage());
                }
            }
        }
        noticeControlProblems(b, controls, update.notices);

        SymbolStatus symbol = env.symbol(signal.getSymbol());
        Boolean tradable = null;
        String issues = null;
        if (symbol != null) {
            boolean stale = symbol.lastBarTime() == null
                    || Duration.between(symbol.lastBarTime(), now).compareTo(maxMarketDataAge) > 0;
            tradable = symbol.tradable() && !stale;
            issues = stale ? "STALE: newest bar " + symbol.lastBarTime() + " is older than "
                    + maxMarketDataAge.toHours() + " h" + (symbol.issues().isEmpty() ? "" : "; " + symbol.issues())
                    : symbol.issues();
        }
        DrawdownStatus drawdown = b.drawdown;
        BigDecimal sizing = sizingFactor(drawdown);
        SeenSignals.SeenSignal seen = SeenSignals.SeenSignal.of(signal, now);
        Boolean duplicate = env.seenSignals().anotherSince(accountId, seen, now.minus(limits.duplicateWindow()));
        PreTradeContext context = new PreTradeContext(now, controls, drawdown, sizing,
                AccountState.position(b.positions, signal.getSymbol()), drawdown == null ? null : drawdown.equity(), b.dailyStartEquity,
                b.dailyRealizedPnl, AccountState.grossExposure(b.positions), tradable, issues, duplicate,
                b.activity.ordersLastMinute(strategyId, now), b.activity.ordersLastMinute(now), limits);
        PreTradeDecision decision = checks.decide(signal, context);

        b.activity = b.activity.record(strategyId, decision.approved(), now);
        env.seenSignals().remember(accountId, seen);
        if (decision.checks().stream().anyMatch(c -> c.getReason() == ReasonCode.DUPLICATE_INTENT)) {
            b.duplicateIntents.add(now);
        }
        if (decision.probesSystemBreaker()) {
            takeProbe(b, new ControlKey.CircuitBreaker(new BreakerName.System()).value(), env);
        }
        if (decision.probesStrategyBreaker()) {
            takeProbe(b, new ControlKey.CircuitBreaker(new BreakerName.Strategy(strategyId)).value(), env);
        }
        return update.outcome(decision);
    }

    public Outcome onSnapshot(AccountState state, BrokerSnapshot snapshot, Instant at, Environment env) {
        Update update = advance(state, at, env);
        AccountState.Builder b = update.b;
        if (b.lastSnapshotAsOf != null && snapshot.getAsOf().isBefore(b.lastSnapshotAsOf)) {
            return update.outcome(null);
        }
        b.lastSnapshotAsOf = snapshot.getAsOf();
        b.positions.clear();
        for (BrokerPosition held : snapshot.getPositions()) {
            if (held.getQuantity().signum() != 0) {
                BigDecimal mark = held.getMarketValue().abs().divide(held.getQuantity().abs(), Decimals.MATH);
                b.positions.put(held.getSymbol(), new AccountState.Position(held.getQuantity(), held.getAvgPrice(),
                        mark));
            }
        }
        takeEquity(update, snapshot.getEquity());
        update.changed = true;
        return update.outcome(null);
    }

    public Outcome onFill(AccountState state, Fill fill, Instant at, Environment env) {
        Update update = advance(state, at, env);
        AccountState.Builder b = update.b;
        if (b.recentFills.contains(fill.getFillId())) {
            return update.outcome(null);
        }
        b.recentFills.add(fill.getFillId());
        if (b.recentFills.size() > RECENT_FILLS) {
            b.recentFills.remove(0);
        }
        if (b.lastSnapshotAsOf != null && !fill.getFilledAt().isAfter(b.lastSnapshotAsOf)) {
            // The broker's snapshot already contains this fill.
            return update.outcome(null);
        }
        AccountState.Position before = b.positions.get(fill.getSymbol());
        BigDecimal held = before == null ? BigDecimal.ZERO : before.quantity();
        BigDecimal average = before == null ? BigDecimal.ZERO : before.averagePrice();
        BigDecimal signed = fill.getSide() == Side.SELL ? fill.getQuantity().negate() : fill.getQuantity();
        BigDecimal price = fill.getPrice();
        BigDecimal realized = BigDecimal.ZERO;
        BigDecimal after = held.add(signed);
        BigDecimal newAverage;
        if (held.signum() == 0 || held.signum() == signed.signum()) {
            newAverage = held.abs().multiply(average).add(signed.abs().multiply(price))
                    .divide(after.abs(), Decimals.MATH);
        } else {
            BigDecimal closed = signed.abs().min(held.abs());
            realized = price.subtract(average).multiply(closed).multiply(BigDecimal.valueOf(held.signum()));
            newAverage = after.signum() == 0 ? BigDecimal.ZERO : after.signum() == held.signum() ? average : price;
        }
        if (after.signum() == 0) {
            b.positions.remove(fill.getSymbol());
        } else {
            b.positions.put(fill.getSymbol(), new AccountState.Position(after, newAverage, price));
        }
        b.dailyRealizedPnl = b.dailyRealizedPnl.add(realized).subtract(fill.getFee());
        if (b.drawdown != null) {
            takeEquity(update, b.drawdown.equity().subtract(fill.getFee()));
        }
        update.changed = true;
        return update.outcome(null);
    }

    public Outcome onReconciliation(AccountState state, ReconciliationResult result, Instant at, Environment env) {
        Update update = advance(state, at, env);
        if (result.getStatus() == ReconStatus.PASS || result.getStatus() == ReconStatus.FAIL) {
            update.b.lastReconciliationPassed = result.getStatus() == ReconStatus.PASS;
            update.changed = true;
        }
        return update.outcome(null);
    }

    /** The sizing factor the account's state gives entries now (0 while halted or unknown). */
    public BigDecimal sizingFactor(AccountState state) {
        return sizingFactor(state.drawdown());
    }

    private BigDecimal sizingFactor(DrawdownStatus drawdown) {
        return drawdown == null ? BigDecimal.ZERO : machine.sizingFactor(drawdown);
    }

    private final class Update {
        final AccountState.Builder b;
        final List<DrawdownMachine.Transition> transitions = new ArrayList<>();
        final List<Notice> notices = new ArrayList<>();
        boolean changed;
        boolean flatten;

        Update(AccountState state) {
            this.b = state.toBuilder();
        }

        void take(DrawdownMachine.Step step) {
            b.drawdown = step.status();
            for (DrawdownMachine.Transition transition : step.transitions()) {
                transitions.add(transition);
                notices.add(notice(b.accountId, transition));
                flatten |= transition.flatten();
                changed = true;
            }
        }

        Outcome outcome(PreTradeDecision decision) {
            return new Outcome(b.build(), decision, transitions, notices, changed, flatten);
        }
    }

    private Update advance(AccountState state, Instant at, Environment env) {
        Update update = new Update(state);
        AccountState.Builder b = update.b;
        Instant now = b.clock == null || at.isAfter(b.clock) ? at : b.clock;
        b.clock = now;
        LocalDate today = calendar.dateOf(now);
        if (b.day == null || today.isAfter(b.day)) {
            update.changed |= b.day != null;
            b.day = today;
            b.dailyStartEquity = b.drawdown == null ? null : b.drawdown.equity();
            b.dailyRealizedPnl = BigDecimal.ZERO;
            Instant since = now.minus(DUPLICATE_LOOKBACK);
            b.duplicateIntents.removeIf(t -> t.isBefore(since));
        }
        applyOverride(update, env, today);
        if (b.drawdown != null) {
            update.take(machine.onDay(b.drawdown, today, () -> healthInputs(b, env, now), now));
        }
        return update;
    }

    private void applyOverride(Update update, Environment env, LocalDate today) {
        AccountState.Builder b = update.b;
        ControlRecord record = env.control(new ControlKey.DrawdownOverride(b.accountId).value());
        if (record == null || !record.getActive() || b.drawdown == null
                || Objects.equals(record.getCommandId(), b.appliedOverride)) {
            return;
        }
        b.appliedOverride = record.getCommandId();
        DrawdownState forced = parseState(record.getMode());
        if (forced == null || ControlView.UNREADABLE_ORIGIN.equals(record.getOrigin())) {
            update.notices.add(new Notice(Severity.WARNING, "DRAWDOWN_OVERRIDE_INVALID", b.accountId,
                    "drawdown override " + record.getCommandId() + " ignored: state '" + record.getMode()
                            + "' is not NORMAL, HALT, PANIC or RAMPUP", false));
            return;
        }
        update.take(machine.override(b.drawdown, forced, today, record.getReason() + " (by " + record.getOperator()
                + ", command " + record.getCommandId() + ")"));
        update.changed = true;
    }

    private static DrawdownState parseState(String mode) {
        try {
            DrawdownState state = DrawdownState.valueOf(String.valueOf(mode));
            return state == DrawdownState.UNKNOWN ? null : state;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void takeEquity(Update update, BigDecimal equity) {
        AccountState.Builder b = update.b;
        if (b.drawdown == null) {
            b.drawdown = machine.start(equity);
            if (b.dailyStartEquity == null) {
                b.dailyStartEquity = equity;
            }
        } else {
            update.take(machine.onEquity(b.drawdown, equity, b.day));
        }
    }

    private HealthCheck.Inputs healthInputs(AccountState.Builder b, Environment env, Instant now) {
        Instant since = now.minus(DUPLICATE_LOOKBACK);
        int duplicates = (int) b.duplicateIntents.stream().filter(t -> !t.isBefore(since)).count();
        int enabled = (int) b.strategies.stream().filter(id -> {
            ControlRecord record = env.control(new ControlKey.StrategySwitch(id).value());
            return record == null || !record.getActive();
        }).count();
        return new HealthCheck.Inputs(Boolean.TRUE.equals(b.lastReconciliationPassed), env.latestMarketData(),
                duplicates, enabled);
    }

    private static boolean probeTaken(AccountState.Builder b, String key, ControlRecord breaker) {
        String recoveryAt = breaker == null ? null : breaker.getParams().get("recoveryAt");
        return recoveryAt != null && recoveryAt.equals(b.probesTaken.get(key));
    }

    private static void takeProbe(AccountState.Builder b, String key, Environment env) {
        ControlRecord breaker = env.control(key);
        String recoveryAt = breaker == null ? null : breaker.getParams().get("recoveryAt");
        if (recoveryAt != null) {
            b.probesTaken.put(key, recoveryAt);
        }
    }

    private static void noticeControlProblems(AccountState.Builder b, ControlView controls, List<Notice> notices) {
        List<String> problems = controls.problems();
        if (problems.equals(b.alertedProblems)) {
            return;
        }
        notices.add(problems.isEmpty()
                ? new Notice(Severity.INFO, "CONTROL_STATE_UNKNOWN", b.accountId,
                        "control state readable again; entries decided normally", true)
                : new Notice(Severity.CRITICAL, "CONTROL_STATE_UNKNOWN", b.accountId,
                        "control state unknown, entries blocked: " + String.join("; ", problems), false));
        b.alertedProblems = problems;
    }

    private static Notice notice(String accountId, DrawdownMachine.Transition t) {
        if (t.from() == t.to()) {
            return new Notice(Severity.WARNING, "DRAWDOWN_HEALTH_CHECK_FAILED", accountId, t.reason(), false);
        }
        return switch (t.to()) {
            case HALT -> new Notice(Severity.CRITICAL, "DRAWDOWN_HALT", accountId, t.reason(), false);
            case PANIC -> new Notice(Severity.CRITICAL, "DRAWDOWN_PANIC", accountId, t.reason(), false);
            case RAMPUP -> new Notice(Severity.INFO, "DRAWDOWN_RAMPUP", accountId, t.reason(), false);
            case NORMAL -> new Notice(Severity.INFO, "DRAWDOWN_NORMAL", accountId, t.reason(), false);
            case UNKNOWN -> new Notice(Severity.CRITICAL, "DRAWDOWN_UNKNOWN", accountId, t.reason(), false);
        };
    }
}
