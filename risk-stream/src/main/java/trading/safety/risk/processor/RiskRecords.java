package trading.safety.risk.processor;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.control.ControlOrigin;
import trading.safety.contract.alert.Alerts;
import trading.safety.contract.control.AutomaticControls;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.contract.serde.Decimals;
import trading.safety.risk.domain.AccountRisk;
import trading.safety.risk.domain.AccountState;
import trading.safety.risk.domain.DrawdownMachine;
import trading.safety.risk.domain.DrawdownStatus;
import trading.safety.risk.domain.IntentIds;
import trading.safety.risk.domain.PreTradeDecision;
import trading.safety.v1.AccountRiskState;
import trading.safety.v1.Alert;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.DrawdownState;
import trading.safety.v1.HealthCheckReport;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.TradeSignal;

/**
 * Turns the domain's outcomes into contract records. Every id is derived from the record that caused it,
 * never generated, so re-running the topology over the same inputs writes byte-identical records.
 */
public final class RiskRecords {

    static final String SERVICE = "risk-stream";
    static final String PANIC_RULE = "DRAWDOWN_PANIC";

    private RiskRecords() {
    }

    public static SignalDecision decision(TradeSignal signal, PreTradeDecision decision, Instant at) {
        String decisionId = "decision:" + signal.getSignalId();
        return SignalDecision.newBuilder()
                .setEventId(decisionId)
                .setCausationId(signal.getEventId())
                .setDecisionId(decisionId)
                .setSignalId(signal.getSignalId())
                .setAccountId(signal.getAccountId())
                .setStrategyId(signal.getStrategyId())
                .setSymbol(signal.getSymbol())
                .setOutcome(decision.approved() ? DecisionOutcome.APPROVED : DecisionOutcome.REJECTED)
                .setPrimaryReason(decision.primaryReason())
                .setChecks(decision.checks())
                .setSizingFactor(Decimals.of(decision.sizingFactor()))
                .setDecidedAt(at)
                .build();
    }

    public static OrderIntent intent(TradeSignal signal, PreTradeDecision decision, Instant at) {
        String intentId = IntentIds.forSignal(signal.getSignalId());
        return OrderIntent.newBuilder()
                .setEventId("intent:" + intentId)
                .setCausationId("decision:" + signal.getSignalId())
                .setIntentId(intentId)
                .setSignalId(signal.getSignalId())
                .setAccountId(signal.getAccountId())
                .setStrategyId(signal.getStrategyId())
                .setSymbol(signal.getSymbol())
                .setSide(signal.getSide())
                .setQuantity(Decimals.of(decision.quantity()))
                .setOrderType(signal.getOrderType())
                .setLimitPrice(signal.getLimitPrice())
                .setTimeInForce(signal.getTimeInForce())
                .setPurpose(decision.purpose())
                .setCreatedAt(at)
                .build();
    }

    public static AccountRiskState riskState(AccountState state, String causationId) {
        DrawdownStatus drawdown = state.drawdown();
        BigDecimal zero = BigDecimal.ZERO;
        DrawdownStatus.CheckedOn checked = drawdown == null ? null : drawdown.lastHealthCheck();
        return AccountRiskState.newBuilder()
                .setEventId("risk-state:" + state.accountId() + ":" + causationId)
                .setCausationId(causationId)
                .setAccountId(state.accountId())
                .setState(drawdown == null ? DrawdownState.UNKNOWN : drawdown.state())
                .setPeakEquity(Decimals.of(drawdown == null ? zero : drawdown.peakEquity()))
                .setEquity(Decimals.of(drawdown == null ? zero : drawdown.equity()))
                .setDrawdown(Decimals.of(drawdown == null ? zero : drawdown.drawdown()))
                .setCooldownEndsOn(drawdown == null ? null : drawdown.cooldownEndsOn())
                .setRampupEndsOn(drawdown == null ? null : drawdown.rampupEndsOn())
                .setLastHealthCheck(checked == null ? null : new HealthCheckReport(checked.on(),
                        checked.result().passed(), checked.result().failures()))
                .setDailyStartEquity(Decimals.of(state.dailyStartEquity() == null ? zero : state.dailyStartEquity()))
                .setDailyRealizedPnl(Decimals.of(state.dailyRealizedPnl()))
                .setGrossExposure(Decimals.of(state.grossExposure()))
                .setUpdatedAt(state.clock())
                .build();
    }

    public static Alert alert(AccountRisk.Notice notice, String causationId, Instant at) {
        return Alerts.of(SERVICE, notice.severity(), notice.type(), notice.subject(), notice.message(), causationId,
                notice.resolved(), at);
    }

    /** The account kill switch in CLOSE_POSITIONS that a PANIC with flatten asks order-router to act on. */
    public static ControlRecord flatten(String accountId, DrawdownMachine.Transition panic, String causationId,
            Instant at) {
        return AutomaticControls.activate(SERVICE, new ControlKey.AccountKillSwitch(accountId),
                KillSwitchMode.CLOSE_POSITIONS.name(), PANIC_RULE, accountId, panic.reason(), causationId, at,
                Map.of("drawdownState", panic.to().name()));
    }

    /**
     * Whether {@code record} is one this topology writes to the control topic itself ({@link #flatten}); an audit
     * replay leaves such records out of its inputs, because the topology writes them again.
     */
    public static boolean writtenByTopology(ControlRecord record) {
        return record != null && ControlOrigin.auto(PANIC_RULE).equals(record.getOrigin());
    }
}
