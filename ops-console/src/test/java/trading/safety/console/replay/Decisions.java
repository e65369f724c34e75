package trading.safety.console.replay;

import java.time.Instant;
import java.util.List;
import trading.safety.contract.registry.InMemorySchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.CheckResult;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.RiskCheck;
import trading.safety.v1.SignalDecision;

/** Test-data builders for decisions, approved by default, with two checks of which one has decimals. */
final class Decisions {

    static final Instant AT = Instant.parse("2026-03-02T14:30:00Z");

    static {
        // Avro refuses to build records of classes it was not told to trust; making a serde tells it.
        Topics.SIGNAL_DECISIONS.valueSerde(new InMemorySchemaRegistry()).close();
    }

    private Decisions() {
    }

    static SignalDecision.Builder approved(String signalId) {
        return SignalDecision.newBuilder().setEventId("decision:" + signalId).setCausationId("evt-" + signalId)
                .setDecisionId("decision:" + signalId).setSignalId(signalId).setAccountId("ACC-1")
                .setStrategyId("momentum").setSymbol("AAPL").setOutcome(DecisionOutcome.APPROVED)
                .setPrimaryReason(ReasonCode.NONE)
                .setChecks(List.of(check(RiskCheck.KILL_SWITCH, true, ReasonCode.NONE),
                        CheckResult.newBuilder(check(RiskCheck.MAX_ORDER_NOTIONAL, true, ReasonCode.NONE))
                                .setThreshold(Decimals.of("250000")).setActual(Decimals.of("1000")).build()))
                .setSizingFactor(Decimals.of("1")).setDecidedAt(AT);
    }

    static SignalDecision rejectedByKillSwitch(String signalId) {
        return approved(signalId).setOutcome(DecisionOutcome.REJECTED).setPrimaryReason(ReasonCode.KILL_SWITCH)
                .setChecks(List.of(check(RiskCheck.KILL_SWITCH, false, ReasonCode.KILL_SWITCH),
                        approved(signalId).getChecks().get(1)))
                .build();
    }

    static CheckResult check(RiskCheck check, boolean passed, ReasonCode reason) {
        return CheckResult.newBuilder().setCheck(check).setPassed(passed).setReason(reason)
                .setDetail(passed ? "ok" : "blocked").setThreshold(null).setActual(null).build();
    }
}
