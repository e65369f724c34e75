package trading.safety.risk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.v1.CheckResult;
import trading.safety.v1.DrawdownState;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.OrderType;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.RiskCheck;
import trading.safety.v1.Side;
import trading.safety.v1.TradeSignal;

class PreTradeChecksTest {

    private static final Instant NOW = Instant.parse("2026-03-02T15:00:00Z");
    private static final PreTradeContext.Breaker OPEN = new PreTradeContext.Breaker(true, NOW.plusSeconds(30), false);

    private final PreTradeChecks checks = new PreTradeChecks();

    @Test
    void approvesAHealthySignalRecordingEveryCheckInOrder() {
        PreTradeDecision decision = checks.decide(buy(10).build(), healthy().build());

        assertThat(decision.approved()).isTrue();
        assertThat(decision.primaryReason()).isEqualTo(ReasonCode.NONE);
        assertThat(decision.checks()).extracting(CheckResult::getCheck).containsExactly(RiskCheck.VALIDITY,
                RiskCheck.KILL_SWITCH, RiskCheck.STRATEGY_SWITCH, RiskCheck.CIRCUIT_BREAKER, RiskCheck.DRAWDOWN,
                RiskCheck.DUPLICATE, RiskCheck.DATA_QUALITY, RiskCheck.MAX_POSITION_SIZE, RiskCheck.MAX_ORDER_NOTIONAL,
                RiskCheck.PRICE_COLLAR, RiskCheck.MAX_DAILY_LOSS, RiskCheck.PORTFOLIO_HEAT, RiskCheck.THROTTLE,
                RiskCheck.SIZING);
        assertThat(decision.checks()).allSatisfy(c -> assertThat(c.getPassed()).isTrue());
        assertThat(decision.quantity()).isEqualByComparingTo("10");
        assertThat(decision.purpose()).isEqualTo(IntentPurpose.ENTRY);
    }

    @Test
    void rejectsInvalidSignals() {
        assertRejected(buy(10).setQuantity(Decimals.of("0")), healthy(), ReasonCode.INVALID, "quantity");
        assertRejected(buy(10).setLimitPrice(null), healthy(), ReasonCode.INVALID, "LIMIT");
        assertRejected(buy(10).setOrderType(OrderType.MARKET), healthy(), ReasonCode.INVALID, "MARKET");
        assertRejected(buy(10).setCreatedAt(NOW.minusSeconds(61)), healthy(), ReasonCode.INVALID, "61 s old");
        assertRejected(buy(10).setCreatedAt(NOW.plusSeconds(6)), healthy(), ReasonCode.INVALID, "ahead");
        assertThat(checks.decide(buy(10).setCreatedAt(NOW.minusSeconds(60)).build(), healthy().build()).approved())
                .isTrue();
    }

    @Test
    void haltOnlyKillSwitchesBlockEntriesButLetExitsThrough() {
        assertRejected(buy(10), healthy().global(KillSwitchMode.HALT_ONLY), ReasonCode.KILL_SWITCH, "global");
        assertRejected(buy(10), healthy().account(KillSwitchMode.HALT_ONLY), ReasonCode.KILL_SWITCH, "account");

        PreTradeDecision exit = checks.decide(sell(10).build(),
                healthy().global(KillSwitchMode.HALT_ONLY).position("25").build());
        assertThat(exit.approved()).isTrue();
        assertThat(exit.purpose()).isEqualTo(IntentPurpose.EXIT);
    }

    @Test
    void closePositionsKillSwitchesBlockEvenExits() {
        assertRejected(sell(10), healthy().account(KillSwitchMode.CLOSE_POSITIONS).position("25"),
                ReasonCode.KILL_SWITCH, "CLOSE_POSITIONS");
    }

    @Test
    void unknownControlStateFailsClosedForEntriesOnly() {
        assertRejected(buy(10), healthy().controlsKnown(false), ReasonCode.KILL_SWITCH, "unknown");
        assertThat(checks.decide(sell(5).build(), healthy().controlsKnown(false).position("5").build()).approved())
                .isTrue();
    }

    @Test
    void anOrderCrossingZeroIsAnEntryNotAnExit() {
        assertRejected(sell(30), healthy().global(KillSwitchMode.HALT_ONLY).position("25"), ReasonCode.KILL_SWITCH,
                "global");
        assertThat(PreTradeChecks.isExit(buy(5).build(), new BigDecimal("-5"))).isTrue();
        assertThat(PreTradeChecks.isExit(buy(5).build(), new BigDecimal("5"))).isFalse();
        assertThat(PreTradeChecks.isExit(buy(5).build(), BigDecimal.ZERO)).isFalse();
    }

    @Test
    void disabledStrategiesMayOnlyExit() {
        assertRejected(buy(10), healthy().strategyDisabled(), ReasonCode.STRATEGY_DISABLED, "disabled");
        assertThat(checks.decide(sell(5).build(), healthy().strategyDisabled().position("5").build()).approved())
                .isTrue();
    }

    @Test
    void openBreakersRejectUntilRecoveryThenLetOneProbeThrough() {
        assertRejected(buy(10), healthy().systemBreaker(OPEN), ReasonCode.CIRCUIT_OPEN, "system");
        assertRejected(buy(10), healthy().strategyBreaker(OPEN), ReasonCode.CIRCUIT_OPEN, "strategy");

        PreTradeContext.Breaker recovered = new PreTradeContext.Breaker(true, NOW, false);
        PreTradeDecision probe = checks.decide(buy(10).build(), healthy().strategyBreaker(recovered).build());
        assertThat(probe.approved()).isTrue();
        assertThat(probe.probesStrategyBreaker()).isTrue();
        assertThat(probe.probesSystemBreaker()).isFalse();

        assertRejected(buy(10), healthy().strategyBreaker(new PreTradeContext.Breaker(true, NOW, true)),
                ReasonCode.CIRCUIT_OPEN, "strategy");
    }

    @Test
    void drawdownHaltAndPanicBlockEntriesAndMissingRiskStateFailsClosed() {
        assertRejected(buy(10), healthy().drawdown(DrawdownState.HALT), ReasonCode.DRAWDOWN_HALT, "HALT");
        assertRejected(buy(10), healthy().drawdown(DrawdownState.PANIC), ReasonCode.DRAWDOWN_PANIC, "PANIC");
        assertRejected(buy(10), healthy().drawdown(DrawdownState.UNKNOWN), ReasonCode.DRAWDOWN_HALT, "UNKNOWN");
        assertRejected(buy(10), healthy().drawdown(null), ReasonCode.DRAWDOWN_HALT, "no risk state");
        assertThat(checks.decide(sell(10).build(), healthy().drawdown(DrawdownState.PANIC).position("10").build())
                .approved()).isTrue();
    }

    @Test
    void rejectsDuplicateIntentsEvenForExits() {
        assertRejected(sell(5), healthy().duplicate().position("5"), ReasonCode.DUPLICATE_INTENT, "60 s");
    }

    @Test
    void blocksEntriesInSymbolsWithBadOrMissingData() {
        assertRejected(buy(10), healthy().tradable(false, "STALE: 80 h"), ReasonCode.DATA_QUALITY, "STALE");
        assertRejected(buy(10), healthy().tradable(null, null), ReasonCode.DATA_QUALITY, "no market data");
        assertThat(checks.decide(sell(5).build(), healthy().tradable(false, "STALE").position("5").build()).approved())
                .isTrue();
    }

    @Test
    void enforcesThePositionNotionalAndCollarLimitsAtTheirBoundaries() {
        assertRejected(buy(10_001).setLimitPrice(Decimals.of("1")).setReferencePrice(Decimals.of("1")), healthy(),
                ReasonCode.MAX_POSITION_SIZE, "above limit");
        assertThat(checks.decide(buy(10_000).setLimitPrice(Decimals.of("1")).setReferencePrice(Decimals.of("1"))
                .build(), healthy().build()).approved()).isTrue();
        assertRejected(buy(1001).setLimitPrice(Decimals.of("250")).setReferencePrice(Decimals.of("250")), healthy(),
                ReasonCode.MAX_ORDER_NOTIONAL, "above limit");
        assertRejected(buy(10).setLimitPrice(Decimals.of("105.01")).setReferencePrice(Decimals.of("100")), healthy(),
                ReasonCode.PRICE_COLLAR, "too far");
        assertThat(checks.decide(buy(10).setLimitPrice(Decimals.of("105")).setReferencePrice(Decimals.of("100"))
                .build(), healthy().build()).approved()).isTrue();
    }

    @Test
    void stopsEntriesForTheDayAtTwoPercentRealizedLoss() {
        assertRejected(buy(10), healthy().dailyPnl("-2000"), ReasonCode.MAX_DAILY_LOSS, "daily loss");
        assertThat(checks.decide(buy(10).build(), healthy().dailyPnl("-1999.99").build()).approved()).isTrue();
        assertThat(checks.decide(sell(5).build(), healthy().dailyPnl("-5000").position("5").build()).approved())
                .isTrue();
    }

    @Test
    void capsPortfolioHeatAtThirtyPercentOfEquity() {
        assertRejected(buy(10), healthy().exposure("29000"), ReasonCode.PORTFOLIO_HEAT, "above limit");
        assertThat(checks.decide(buy(10).build(), healthy().exposure("28127.5").build()).approved()).isTrue();
    }

    @Test
    void throttlesPerStrategyAndPerAccount() {
        assertRejected(buy(10), healthy().orders(60, 0), ReasonCode.THROTTLE, "strategy");
        assertRejected(buy(10), healthy().orders(0, 60), ReasonCode.THROTTLE, "account");
        assertThat(checks.decide(buy(10).build(), healthy().orders(59, 59).build()).approved()).isTrue();
    }

    @Test
    void sizesRampupEntriesToHalfRoundedDownAndRejectsWhatRoundsToZero() {
        PreTradeDecision sized = checks.decide(buy(15).build(), healthy().drawdown(DrawdownState.RAMPUP)
                .sizing("0.5").build());
        assertThat(sized.approved()).isTrue();
        assertThat(sized.quantity()).isEqualByComparingTo("7");
        assertThat(sized.sizingFactor()).isEqualByComparingTo("0.5");

        assertRejected(buy(1), healthy().drawdown(DrawdownState.RAMPUP).sizing("0.5"), ReasonCode.DRAWDOWN_HALT,
                "less than one lot");
        assertThat(checks.decide(sell(3).build(), healthy().drawdown(DrawdownState.RAMPUP).sizing("0.5")
                .position("3").build()).quantity()).as("exits are never sized down").isEqualByComparingTo("3");
    }

    @Test
    void reportsEveryFailureWithTheFirstAsPrimary() {
        PreTradeDecision decision = checks.decide(buy(10).build(), healthy().global(KillSwitchMode.HALT_ONLY)
                .drawdown(DrawdownState.HALT).orders(60, 60).build());

        assertThat(decision.primaryReason()).isEqualTo(ReasonCode.KILL_SWITCH);
        assertThat(decision.checks()).filteredOn(c -> !c.getPassed()).extracting(CheckResult::getReason)
                .containsExactly(ReasonCode.KILL_SWITCH, ReasonCode.DRAWDOWN_HALT, ReasonCode.THROTTLE);
    }

    private void assertRejected(TradeSignal.Builder signal, ContextBuilder context, ReasonCode reason, String detail) {
        PreTradeDecision decision = checks.decide(signal.build(), context.build());
        assertThat(decision.approved()).as("approved").isFalse();
        assertThat(decision.primaryReason()).isEqualTo(reason);
        assertThat(decision.checks()).filteredOn(c -> c.getReason() == reason).first()
                .satisfies(c -> assertThat(c.getDetail()).contains(detail));
        assertThat(decision.probesSystemBreaker() || decision.probesStrategyBreaker()).isFalse();
    }

    private static TradeSignal.Builder buy(int quantity) {
        return signal(Side.BUY, quantity);
    }

    private static TradeSignal.Builder sell(int quantity) {
        return signal(Side.SELL, quantity);
    }

    private static TradeSignal.Builder signal(Side side, int quantity) {
        return SampleRecords.signal().setSide(side).setQuantity(Decimals.of(quantity))
                .setCreatedAt(NOW.minusSeconds(1));
    }

    private static ContextBuilder healthy() {
        return new ContextBuilder();
    }

    /** A context where everything passes; each method breaks one thing. */
    private static final class ContextBuilder {
        private boolean controlsKnown = true;
        private KillSwitchMode global;
        private KillSwitchMode account;
        private boolean strategyDisabled;
        private PreTradeContext.Breaker system = PreTradeContext.Breaker.CLOSED;
        private PreTradeContext.Breaker strategy = PreTradeContext.Breaker.CLOSED;
        private DrawdownStatus drawdown = status(DrawdownState.NORMAL);
        private BigDecimal sizing = BigDecimal.ONE;
        private BigDecimal position = BigDecimal.ZERO;
        private BigDecimal dailyPnl = BigDecimal.ZERO;
        private BigDecimal exposure = BigDecimal.ZERO;
        private Boolean tradable = true;
        private String issues = "";
        private boolean duplicate;
        private int strategyOrders;
        private int accountOrders;

        ContextBuilder controlsKnown(boolean known) { controlsKnown = known; return this; }
        ContextBuilder global(KillSwitchMode mode) { global = mode; return this; }
        ContextBuilder account(KillSwitchMode mode) { account = mode; return this; }
        ContextBuilder strategyDisabled() { strategyDisabled = true; return this; }
        ContextBuilder systemBreaker(PreTradeContext.Breaker b) { system = b; return this; }
        ContextBuilder strategyBreaker(PreTradeContext.Breaker b) { strategy = b; return this; }
        ContextBuilder drawdown(DrawdownState state) { drawdown = state == null ? null : status(state); return this; }
        ContextBuilder sizing(String factor) { sizing = new BigDecimal(factor); return this; }
        ContextBuilder position(String p) { position = new BigDecimal(p); return this; }
        ContextBuilder dailyPnl(String pnl) { dailyPnl = new BigDecimal(pnl); return this; }
        ContextBuilder exposure(String e) { exposure = new BigDecimal(e); return this; }
        ContextBuilder tradable(Boolean t, String why) { tradable = t; issues = why; return this; }
        ContextBuilder duplicate() { duplicate = true; return this; }
        ContextBuilder orders(int forStrategy, int forAccount) {
            strategyOrders = forStrategy;
            accountOrders = forAccount;
            return this;
        }

        PreTradeContext build() {
            ControlView controls = new ControlView(controlsKnown, global, account, strategyDisabled, system, strategy,
                    controlsKnown ? java.util.List.of() : java.util.List.of("unreadable control record"));
            return new PreTradeContext(NOW, controls, drawdown, sizing, position, new BigDecimal("100000"), new BigDecimal("100000"), dailyPnl, exposure,
                    tradable, issues, duplicate, strategyOrders, accountOrders, RiskLimits.defaults());
        }

        private static DrawdownStatus status(DrawdownState state) {
            return new DrawdownStatus(state, new BigDecimal("100000"), new BigDecimal("100000"), BigDecimal.ZERO,
                    null, null, null);
        }
    }
}
