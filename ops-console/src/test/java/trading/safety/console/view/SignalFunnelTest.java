package trading.safety.console.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import trading.safety.contract.registry.InMemorySchemaRegistry;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.CheckResult;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.Fill;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.RiskCheck;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.TradeSignal;

class SignalFunnelTest {

    private static final Instant FROM = SampleRecords.T0;
    private static final Instant TO = FROM.plusSeconds(3600);

    static {
        // A serde trusts the contract's package for Avro's reflective record building the sample data uses.
        Topics.SIGNAL_DECISIONS.valueSerde(new InMemorySchemaRegistry());
    }

    /**
     * momentum: 4 signals, 2 approved and filled, one rejected for heat, one undecided; mean-reversion: 3
     * signals, one rejected by the kill switch, one approved and rejected by the broker, one approved in dry
     * run; breakout: known, sent nothing, disabled now.
     */
    private final SignalFunnel funnel = new SignalFunnel(
            List.of(signal("m1", "momentum"), signal("m2", "momentum"), signal("m3", "momentum"),
                    signal("m4", "momentum"), signal("r1", "mean-reversion"), signal("r2", "mean-reversion"),
                    signal("r3", "mean-reversion")),
            List.of(approved("m1", "momentum"), approved("m2", "momentum"),
                    rejected("m3", "momentum", ReasonCode.PORTFOLIO_HEAT, "heat 0.35 over 0.30"),
                    rejected("r1", "mean-reversion", ReasonCode.KILL_SWITCH, "global kill switch HALT_ONLY"),
                    approved("r2", "mean-reversion"), approved("r3", "mean-reversion"),
                    rejected("m1", "momentum", ReasonCode.KILL_SWITCH, "a second decision never counts")),
            List.of(intent("m1", "momentum"), intent("m2", "momentum"), intent("r2", "mean-reversion"),
                    intent("r3", "mean-reversion")),
            List.of(event("m1", OrderEventType.ACCEPTED, false, null), event("m2", OrderEventType.ACCEPTED, false, null),
                    event("r2", OrderEventType.REJECTED, false, "insufficient buying power"),
                    event("r3", OrderEventType.SUBMITTED, true, "[DRY_RUN] not sent")),
            List.of(fill("m1", "f1"), fill("m1", "f2"), fill("m2", "f3")));

    @Test
    void countsEachGateInRiskStreamsOrderAndWhatReachedTheBroker() {
        SignalFunnel.Funnel f = funnel.funnel(FROM, TO);

        assertThat(f.signals()).isEqualTo(7);
        assertThat(f.undecided()).isEqualTo(1);
        assertThat(f.decided()).isEqualTo(6);
        assertThat(f.approved()).isEqualTo(4);
        assertThat(f.gates()).extracting(SignalFunnel.Gate::gate).startsWith("VALIDITY", "KILL_SWITCH",
                "STRATEGY_SWITCH").doesNotContain("UNKNOWN");
        assertThat(f.gates().get(0)).isEqualTo(new SignalFunnel.Gate("VALIDITY", 0, 6));
        assertThat(f.gates().get(1)).isEqualTo(new SignalFunnel.Gate("KILL_SWITCH", 1, 5));
        assertThat(f.gates()).contains(new SignalFunnel.Gate("PORTFOLIO_HEAT", 1, 4));
        assertThat(f.gates().get(f.gates().size() - 1).remaining()).isEqualTo(f.approved());
        assertThat(f.byReason()).containsExactly(new SignalFunnel.ReasonCount("KILL_SWITCH", 1),
                new SignalFunnel.ReasonCount("PORTFOLIO_HEAT", 1));
        assertThat(f.intents()).isEqualTo(4);
        assertThat(f.dryRun()).isEqualTo(1);
        assertThat(f.brokerAccepted()).isEqualTo(2);
        assertThat(f.brokerRejected()).isEqualTo(1);
        assertThat(f.filled()).isEqualTo(2);
        assertThat(f.fills()).isEqualTo(3);
    }

    @Test
    void explainsPerStrategyWhyNothingTraded() {
        List<SignalFunnel.StrategyVerdict> verdicts = funnel.whyNoTrade(Set.of("breakout"),
                Map.of("breakout", "disabled by operator: drawdown review"));

        assertThat(verdicts).extracting(SignalFunnel.StrategyVerdict::strategyId)
                .containsExactly("breakout", "mean-reversion", "momentum");
        SignalFunnel.StrategyVerdict breakout = verdicts.get(0);
        assertThat(breakout.traded()).isFalse();
        assertThat(breakout.reasons()).extracting(SignalFunnel.Reason::reason)
                .containsExactly("BLOCKED_NOW", "NO_SIGNALS");
        SignalFunnel.StrategyVerdict meanReversion = verdicts.get(1);
        assertThat(meanReversion.traded()).isFalse();
        assertThat(meanReversion.signals()).isEqualTo(3);
        assertThat(meanReversion.approved()).isEqualTo(2);
        assertThat(meanReversion.reasons()).extracting(SignalFunnel.Reason::reason)
                .containsExactlyInAnyOrder("KILL_SWITCH", "BROKER_REJECTED", "DRY_RUN");
        assertThat(meanReversion.reasons()).filteredOn(r -> r.reason().equals("BROKER_REJECTED"))
                .extracting(SignalFunnel.Reason::example).containsExactly("insufficient buying power");
        assertThat(meanReversion.reasons()).filteredOn(r -> r.reason().equals("KILL_SWITCH"))
                .extracting(SignalFunnel.Reason::example).containsExactly("AAPL: global kill switch HALT_ONLY");
        SignalFunnel.StrategyVerdict momentum = verdicts.get(2);
        assertThat(momentum.traded()).isTrue();
        assertThat(momentum.filled()).isEqualTo(2);
        assertThat(momentum.reasons()).extracting(SignalFunnel.Reason::reason)
                .containsExactlyInAnyOrder("PORTFOLIO_HEAT", "NOT_DECIDED");
    }

    private static TradeSignal signal(String id, String strategy) {
        return SampleRecords.signal().setSignalId(id).setStrategyId(strategy).build();
    }

    private static SignalDecision approved(String signalId, String strategy) {
        return decision(signalId, strategy, DecisionOutcome.APPROVED, ReasonCode.NONE, "passed");
    }

    private static SignalDecision rejected(String signalId, String strategy, ReasonCode reason, String detail) {
        return decision(signalId, strategy, DecisionOutcome.REJECTED, reason, detail);
    }

    private static SignalDecision decision(String signalId, String strategy, DecisionOutcome outcome,
            ReasonCode reason, String detail) {
        RiskCheck failed = reason == ReasonCode.KILL_SWITCH ? RiskCheck.KILL_SWITCH : RiskCheck.PORTFOLIO_HEAT;
        CheckResult check = CheckResult.newBuilder(SampleRecords.filled(CheckResult.class)).setCheck(failed)
                .setPassed(outcome == DecisionOutcome.APPROVED).setReason(reason).setDetail(detail).build();
        return SignalDecision.newBuilder(SampleRecords.filled(SignalDecision.class)).setSignalId(signalId)
                .setDecisionId("decision:" + signalId).setStrategyId(strategy).setSymbol("AAPL").setOutcome(outcome)
                .setPrimaryReason(reason).setChecks(List.of(check)).build();
    }

    private static OrderIntent intent(String signalId, String strategy) {
        return OrderIntent.newBuilder(SampleRecords.filled(OrderIntent.class)).setIntentId("intent-" + signalId)
                .setSignalId(signalId).setStrategyId(strategy).build();
    }

    private static OrderEvent event(String signalId, OrderEventType type, boolean dryRun, String reason) {
        return OrderEvent.newBuilder(SampleRecords.filled(OrderEvent.class)).setIntentId("intent-" + signalId)
                .setType(type).setDryRun(dryRun).setReason(reason).build();
    }

    private static Fill fill(String signalId, String fillId) {
        return Fill.newBuilder(SampleRecords.filled(Fill.class)).setIntentId("intent-" + signalId).setFillId(fillId)
                .build();
    }
}
