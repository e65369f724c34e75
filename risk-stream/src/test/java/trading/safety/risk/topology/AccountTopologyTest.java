package trading.safety.risk.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static trading.safety.risk.topology.Inputs.control;
import static trading.safety.risk.topology.Inputs.fill;
import static trading.safety.risk.topology.Inputs.position;
import static trading.safety.risk.topology.Inputs.signal;
import static trading.safety.risk.topology.Inputs.snapshot;
import static trading.safety.risk.topology.Inputs.tradable;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.domain.IntentIds;
import trading.safety.v1.AccountRiskState;
import trading.safety.v1.Alert;
import trading.safety.v1.CheckResult;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.DrawdownState;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.RiskCheck;
import trading.safety.v1.Severity;
import trading.safety.v1.Side;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.TradeSignal;

/** The account sub-topology wired to its inputs, global stores and outputs, record by record. */
class AccountTopologyTest {

    private static final String ACCOUNT = "ACC-1";
    private static final Instant T0 = SampleRecords.T0;
    private static final String KILL = new ControlKey.GlobalKillSwitch().value();

    private RiskDriver risk;

    @BeforeEach
    void start() {
        risk = new RiskDriver();
        risk.symbolVerdicts.pipeInput("AAPL", tradable("AAPL", T0.minus(Duration.ofHours(1))), T0.minusSeconds(3600));
        risk.snapshots.pipeInput(ACCOUNT, snapshot(ACCOUNT, "100000", T0), T0);
    }

    @AfterEach
    void stop() {
        risk.close();
    }

    @Test
    void approvesAnEntryWithEveryCheckRecordedAndWritesOneIntent() {
        TradeSignal buy = signal("sig-1", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusSeconds(1));

        risk.signals.pipeInput(ACCOUNT, buy, T0.plusSeconds(1));

        SignalDecision decision = risk.decisions.readValue();
        assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.APPROVED);
        assertThat(decision.getPrimaryReason()).isEqualTo(ReasonCode.NONE);
        assertThat(decision.getChecks()).extracting(CheckResult::getCheck).containsExactly(RiskCheck.VALIDITY,
                RiskCheck.KILL_SWITCH, RiskCheck.STRATEGY_SWITCH, RiskCheck.CIRCUIT_BREAKER, RiskCheck.DRAWDOWN,
                RiskCheck.DUPLICATE, RiskCheck.DATA_QUALITY, RiskCheck.MAX_POSITION_SIZE, RiskCheck.MAX_ORDER_NOTIONAL,
                RiskCheck.PRICE_COLLAR, RiskCheck.MAX_DAILY_LOSS, RiskCheck.PORTFOLIO_HEAT, RiskCheck.THROTTLE,
                RiskCheck.SIZING);
        assertThat(decision.getCausationId()).isEqualTo("evt-sig-1");
        assertThat(decision.getDecidedAt()).isEqualTo(T0.plusSeconds(1));
        OrderIntent intent = risk.intents.readValue();
        assertThat(intent.getIntentId()).isEqualTo(IntentIds.forSignal("sig-1"));
        assertThat(intent.getQuantity()).isEqualByComparingTo("10");
        assertThat(intent.getPurpose()).isEqualTo(IntentPurpose.ENTRY);
        assertThat(risk.intents.isEmpty()).isTrue();
        AccountRiskState state = risk.riskStates.readValue();
        assertThat(state.getState()).isEqualTo(DrawdownState.NORMAL);
        assertThat(state.getEquity()).isEqualByComparingTo("100000");
    }

    @Test
    void absorbsAReplayedSignalWithoutASecondDecisionOrIntent() {
        TradeSignal buy = signal("sig-1", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusSeconds(1));

        risk.signals.pipeInput(ACCOUNT, buy, T0.plusSeconds(1));
        risk.signals.pipeInput(ACCOUNT, buy, T0.plusSeconds(2));

        assertThat(risk.decisions.readValuesToList()).hasSize(1);
        assertThat(risk.intents.readValuesToList()).hasSize(1);
        assertThat(risk.replaysAbsorbed.get()).isEqualTo(1);
    }

    @Test
    void absorbsAReplayForTheWholeReplayWindowAndDecidesOneAfterIt() {
        TradeSignal buy = signal("sig-1", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusSeconds(1));
        risk.signals.pipeInput(ACCOUNT, buy, T0.plusSeconds(1));
        Instant nearlyADayLater = T0.plus(Duration.ofHours(23)).plus(Duration.ofMinutes(59));
        risk.snapshots.pipeInput(ACCOUNT, snapshot(ACCOUNT, "100000", nearlyADayLater), nearlyADayLater);

        risk.signals.pipeInput(ACCOUNT, buy, nearlyADayLater.plusSeconds(1));
        assertThat(risk.decisions.readValuesToList()).hasSize(1);

        Instant twoDaysLater = T0.plus(Duration.ofDays(2));
        risk.snapshots.pipeInput(ACCOUNT, snapshot(ACCOUNT, "100000", twoDaysLater), twoDaysLater);
        risk.signals.pipeInput(ACCOUNT, buy, twoDaysLater.plusSeconds(1));
        SignalDecision late = risk.decisions.readValue();
        assertThat(late.getOutcome()).as("a replay beyond the window is decided again, and is stale")
                .isEqualTo(DecisionOutcome.REJECTED);
        assertThat(late.getPrimaryReason()).isEqualTo(ReasonCode.INVALID);
        assertThat(risk.intents.readValuesToList()).hasSize(1);
    }

    @Test
    void rejectsTheSameIntentUnderAnotherSignalIdAsADuplicate() {
        risk.signals.pipeInput(ACCOUNT, signal("sig-1", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusSeconds(1)),
                T0.plusSeconds(1));
        risk.signals.pipeInput(ACCOUNT, signal("sig-2", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusSeconds(30)),
                T0.plusSeconds(30));

        List<SignalDecision> decisions = risk.decisions.readValuesToList();
        assertThat(decisions.get(1).getOutcome()).isEqualTo(DecisionOutcome.REJECTED);
        assertThat(decisions.get(1).getPrimaryReason()).isEqualTo(ReasonCode.DUPLICATE_INTENT);
        assertThat(risk.intents.readValuesToList()).hasSize(1);
    }

    @Test
    void theDuplicateWindowIncludesItsLastMillisecondAndEndsThere() {
        risk.signals.pipeInput(ACCOUNT, signal("sig-1", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusSeconds(1)),
                T0.plusSeconds(1));
        risk.signals.pipeInput(ACCOUNT, signal("sig-2", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusSeconds(61)),
                T0.plusSeconds(61));
        risk.signals.pipeInput(ACCOUNT, signal("sig-3", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusMillis(121_001)),
                T0.plusMillis(121_001));
        risk.signals.pipeInput(ACCOUNT, signal("sig-4", ACCOUNT, "AAPL", Side.BUY, 11, T0.plusMillis(121_002)),
                T0.plusMillis(121_002));
        risk.signals.pipeInput(ACCOUNT, signal("sig-5", ACCOUNT, "AAPL", Side.SELL, 10, T0.plusMillis(121_003)),
                T0.plusMillis(121_003));

        List<SignalDecision> decisions = risk.decisions.readValuesToList();
        assertThat(decisions).extracting(SignalDecision::getPrimaryReason).as("sig-2 is 60 s after sig-1; sig-3 "
                + "60.001 s after sig-2; sig-4 and sig-5 are other intents").containsExactly(ReasonCode.NONE,
                ReasonCode.DUPLICATE_INTENT, ReasonCode.NONE, ReasonCode.NONE, ReasonCode.NONE);
    }

    @Test
    void anAccountFarBehindItsPartitionsNewestSignalCannotBeCheckedForDuplicatesAndIsRefused() {
        Instant muchLater = T0.plus(Duration.ofHours(3));
        risk.signals.pipeInput("ACC-2", signal("other", "ACC-2", "AAPL", Side.BUY, 10, muchLater), muchLater);
        risk.signals.pipeInput(ACCOUNT, signal("sig-1", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusSeconds(10)),
                T0.plusSeconds(10));

        SignalDecision decision = risk.decisions.readValuesToList().get(1);
        assertThat(decision.getSignalId()).isEqualTo("sig-1");
        assertThat(decision.getPrimaryReason()).as("its window may have left the seen-signal store: fails closed")
                .isEqualTo(ReasonCode.INVALID);
        assertThat(decision.getChecks()).filteredOn(c -> c.getCheck() == RiskCheck.DUPLICATE).singleElement()
                .satisfies(c -> assertThat(c.getDetail()).startsWith("duplicate window cannot be checked"));
        assertThat(risk.accountState(ACCOUNT).duplicateIntents()).as("not counted against the account's health")
                .isEmpty();
    }

    @Test
    void anAccountsStoredStateStaysSmallWhateverItsSignalRate() {
        int signals = 300;
        for (int i = 0; i < signals; i++) {
            Instant at = T0.plusMillis(1_000 + 100L * i);
            risk.signals.pipeInput(ACCOUNT, signal("sig-" + i, ACCOUNT, "AAPL", Side.BUY, 1 + i, at), at);
        }

        assertThat(risk.decisions.readValuesToList()).hasSize(signals);
        assertThat(risk.seenSignalCount()).isEqualTo(signals);
        int bytes = risk.accountStateBytes(ACCOUNT);
        assertThat(bytes).as("a minute's approvals at most, not the signals: %d bytes", bytes).isLessThan(1_024);
    }

    @Test
    void aHaltOnlyKillSwitchBlocksEntriesAndLetsExitsThrough() {
        risk.snapshots.pipeInput(ACCOUNT, snapshot(ACCOUNT, "100000", T0.plusSeconds(1), position("AAPL", 50, "100")),
                T0.plusSeconds(1));
        risk.control.pipeInput(KILL, control(KILL, true, "HALT_ONLY", T0.plusSeconds(2), Map.of()), T0.plusSeconds(2));

        risk.signals.pipeInput(ACCOUNT, signal("buy", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusSeconds(3)),
                T0.plusSeconds(3));
        risk.signals.pipeInput(ACCOUNT, signal("sell", ACCOUNT, "AAPL", Side.SELL, 20, T0.plusSeconds(4)),
                T0.plusSeconds(4));
        risk.control.pipeInput(KILL, control(KILL, false, null, T0.plusSeconds(5), Map.of()), T0.plusSeconds(5));
        risk.signals.pipeInput(ACCOUNT, signal("buy-2", ACCOUNT, "AAPL", Side.BUY, 11, T0.plusSeconds(6)),
                T0.plusSeconds(6));

        List<SignalDecision> decisions = risk.decisions.readValuesToList();
        assertThat(decisions).extracting(SignalDecision::getPrimaryReason)
                .containsExactly(ReasonCode.KILL_SWITCH, ReasonCode.NONE, ReasonCode.NONE);
        assertThat(risk.intents.readValuesToList()).extracting(OrderIntent::getPurpose)
                .containsExactly(IntentPurpose.EXIT, IntentPurpose.ENTRY);
    }

    @Test
    void anUnreadableControlRecordFailsClosedAndIsAlertedOnce() {
        risk.raw(Topics.CONTROL).pipeInput(KILL, "garbage".getBytes(StandardCharsets.UTF_8), T0.plusSeconds(1));

        risk.signals.pipeInput(ACCOUNT, signal("s1", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusSeconds(2)),
                T0.plusSeconds(2));
        risk.signals.pipeInput(ACCOUNT, signal("s2", ACCOUNT, "AAPL", Side.BUY, 12, T0.plusSeconds(3)),
                T0.plusSeconds(3));
        risk.control.pipeInput(KILL, control(KILL, false, null, T0.plusSeconds(4), Map.of()), T0.plusSeconds(4));
        risk.signals.pipeInput(ACCOUNT, signal("s3", ACCOUNT, "AAPL", Side.BUY, 14, T0.plusSeconds(5)),
                T0.plusSeconds(5));

        List<SignalDecision> decisions = risk.decisions.readValuesToList();
        assertThat(decisions).extracting(SignalDecision::getPrimaryReason)
                .containsExactly(ReasonCode.KILL_SWITCH, ReasonCode.KILL_SWITCH, ReasonCode.NONE);
        assertThat(decisions.get(0).getChecks().get(1).getDetail()).contains("control state unknown");
        List<Alert> alerts = risk.alerts.readValuesToList();
        assertThat(alerts).extracting(Alert::getType, Alert::getSeverity, Alert::getResolved).containsExactly(
                org.assertj.core.groups.Tuple.tuple("CONTROL_STATE_UNKNOWN", Severity.CRITICAL, false),
                org.assertj.core.groups.Tuple.tuple("CONTROL_STATE_UNKNOWN", Severity.INFO, true));
        assertThat(alerts.get(0).getMessage()).contains("kill-switch cannot be read");
    }

    @Test
    void appliesRuntimeLimitsAndFailsClosedOnInvalidOnes() {
        String key = new ControlKey.RiskLimits(ACCOUNT).value();
        risk.control.pipeInput(key, control(key, true, null, T0.plusSeconds(1), Map.of("maxOrderNotional", "500")),
                T0.plusSeconds(1));
        risk.signals.pipeInput(ACCOUNT, signal("s1", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusSeconds(2)),
                T0.plusSeconds(2));
        risk.control.pipeInput(key, control(key, true, null, T0.plusSeconds(3), Map.of("maxHeat", "lots")),
                T0.plusSeconds(3));
        risk.signals.pipeInput(ACCOUNT, signal("s2", ACCOUNT, "AAPL", Side.BUY, 2, T0.plusSeconds(4)),
                T0.plusSeconds(4));

        List<SignalDecision> decisions = risk.decisions.readValuesToList();
        assertThat(decisions.get(0).getPrimaryReason()).isEqualTo(ReasonCode.MAX_ORDER_NOTIONAL);
        CheckResult notional = decisions.get(0).getChecks().get(8);
        assertThat(notional.getThreshold()).isEqualByComparingTo("500");
        assertThat(notional.getActual()).isEqualByComparingTo("1000");
        assertThat(decisions.get(1).getPrimaryReason()).isEqualTo(ReasonCode.KILL_SWITCH);
        assertThat(risk.alerts.readValuesToList()).last().extracting(Alert::getMessage).asString()
                .contains("maxHeat: 'lots' is not a positive number");
    }

    @Test
    void aPanicWritesTheAccountKillSwitchThatFlattensAndBlocksEntries() {
        risk.riskStates.readValuesToList();
        risk.snapshots.pipeInput(ACCOUNT, snapshot(ACCOUNT, "90000", T0.plusSeconds(10)), T0.plusSeconds(10));
        risk.signals.pipeInput(ACCOUNT, signal("s1", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusSeconds(11)),
                T0.plusSeconds(11));

        assertThat(risk.riskStates.readValue().getState()).isEqualTo(DrawdownState.PANIC);
        assertThat(risk.alerts.readValuesToList()).extracting(Alert::getType).containsExactly("DRAWDOWN_PANIC");
        ControlRecord kill = risk.controlOut.readValue();
        assertThat(kill.getKey()).isEqualTo("kill-switch/account/" + ACCOUNT);
        assertThat(kill.getMode()).isEqualTo("CLOSE_POSITIONS");
        assertThat(kill.getOrigin()).isEqualTo("AUTO:DRAWDOWN_PANIC");
        assertThat(risk.audit.readValue()).satisfies(audit -> {
            assertThat(audit.getAction()).isEqualTo("KILL_SWITCH_ACTIVATE");
            assertThat(audit.getActor()).isEqualTo("risk-stream AUTO:DRAWDOWN_PANIC");
            assertThat(audit.getSubject()).isEqualTo(kill.getKey());
            assertThat(audit.getRequestId()).isEqualTo(kill.getCommandId());
        });
        SignalDecision decision = risk.decisions.readValue();
        assertThat(decision.getPrimaryReason()).isEqualTo(ReasonCode.KILL_SWITCH);
        assertThat(decision.getChecks().get(4).getReason()).isEqualTo(ReasonCode.DRAWDOWN_PANIC);
    }

    @Test
    void aFillOpensAPositionThatAHaltedAccountMayStillExit() {
        risk.snapshots.pipeInput(ACCOUNT, snapshot(ACCOUNT, "91000", T0.plusSeconds(10)), T0.plusSeconds(10));
        risk.fills.pipeInput(ACCOUNT, fill("f1", ACCOUNT, "AAPL", Side.BUY, 30, "100", T0.plusSeconds(11)),
                T0.plusSeconds(11));
        risk.fills.pipeInput(ACCOUNT, fill("f1", ACCOUNT, "AAPL", Side.BUY, 30, "100", T0.plusSeconds(11)),
                T0.plusSeconds(12));

        risk.signals.pipeInput(ACCOUNT, signal("buy", ACCOUNT, "AAPL", Side.BUY, 5, T0.plusSeconds(13)),
                T0.plusSeconds(13));
        risk.signals.pipeInput(ACCOUNT, signal("sell", ACCOUNT, "AAPL", Side.SELL, 30, T0.plusSeconds(14)),
                T0.plusSeconds(14));
        risk.signals.pipeInput(ACCOUNT, signal("sell-more", ACCOUNT, "AAPL", Side.SELL, 31, T0.plusSeconds(15)),
                T0.plusSeconds(15));

        assertThat(risk.decisions.readValuesToList()).extracting(SignalDecision::getPrimaryReason)
                .containsExactly(ReasonCode.DRAWDOWN_HALT, ReasonCode.NONE, ReasonCode.DRAWDOWN_HALT);
        List<AccountRiskState> states = risk.riskStates.readValuesToList();
        AccountRiskState afterFill = states.get(states.size() - 1);
        assertThat(afterFill.getState()).isEqualTo(DrawdownState.HALT);
        assertThat(afterFill.getGrossExposure()).isEqualByComparingTo("3000");
        assertThat(afterFill.getDailyRealizedPnl()).as("one fee: the repeated fill counted once")
                .isEqualByComparingTo(new BigDecimal("-1"));
    }

    @Test
    void anAccountWithoutRiskStateFailsClosed() {
        risk.signals.pipeInput("ACC-NEW", signal("s1", "ACC-NEW", "AAPL", Side.BUY, 10, T0.plusSeconds(1)),
                T0.plusSeconds(1));

        SignalDecision decision = risk.decisions.readValue();
        assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.REJECTED);
        assertThat(decision.getPrimaryReason()).isEqualTo(ReasonCode.DRAWDOWN_HALT);
        assertThat(decision.getChecks().get(4).getDetail()).contains("no risk state");
    }

    @Test
    void deadLettersAnUnreadableSignalAndDecidesTheNextOne() {
        risk.raw(Topics.SIGNALS).pipeInput(ACCOUNT, new byte[] {0, 0, 0, 0, 99, 1}, T0.plusSeconds(1));
        risk.signals.pipeInput(ACCOUNT, signal("s1", ACCOUNT, "AAPL", Side.BUY, 10, T0.plusSeconds(2)),
                T0.plusSeconds(2));

        assertThat(risk.deadLetters.readValue()).satisfies(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.SIGNALS.name());
            assertThat(letter.getOffset()).isZero();
            assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_SCHEMA_ID");
        });
        assertThat(risk.deadLettered.get()).isEqualTo(1);
        assertThat(risk.decisions.readValue().getOutcome()).isEqualTo(DecisionOutcome.APPROVED);
    }
}
