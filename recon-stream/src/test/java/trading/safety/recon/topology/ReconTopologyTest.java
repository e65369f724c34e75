package trading.safety.recon.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import trading.safety.contract.registry.InMemorySchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.recon.domain.Reconciler;
import trading.safety.service.streams.DeadLetterHandler;
import trading.safety.v1.Alert;
import trading.safety.v1.AuditEvent;
import trading.safety.v1.BrokerPosition;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.DiscrepancyKind;
import trading.safety.v1.Fill;
import trading.safety.v1.HealthStatus;
import trading.safety.v1.HealthWindow;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.OrderType;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.ReconStatus;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.Severity;
import trading.safety.v1.Side;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.StrategyHealth;
import trading.safety.v1.TimeInForce;

class ReconTopologyTest {

    private static final String ACCOUNT = "ACC-1";
    private static final Instant T0 = Instant.parse("2026-11-02T14:30:00Z");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final TopologyTestDriver driver = new TopologyTestDriver(ReconTopology.build(settings(
            new BigDecimal("0.01")), registry), properties());
    private final TestInputTopic<String, Fill> fills = input(Topics.FILLS);
    private final TestInputTopic<String, BrokerSnapshot> snapshots = input(Topics.BROKER_SNAPSHOTS);
    private final TestOutputTopic<String, ReconciliationResult> results = output(Topics.RECON_RESULTS);
    private final TestOutputTopic<String, Alert> alerts = output(Topics.ALERTS);
    private final TestOutputTopic<String, ControlRecord> control = output(Topics.CONTROL);
    private final TestOutputTopic<String, AuditEvent> audit = output(Topics.AUDIT);
    private final TestInputTopic<String, ControlRecord> controlIn = input(Topics.CONTROL);
    private final TestInputTopic<String, OrderEvent> orderEvents = input(Topics.ORDER_EVENTS);
    private final TestInputTopic<String, SignalDecision> decisions = input(Topics.SIGNAL_DECISIONS);
    private final TestInputTopic<String, OrderIntent> intents = input(Topics.ORDER_INTENTS);
    private int snapshotNumber;

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void aTradeBehindOurBackFailsOnTheSecondSnapshotAndHaltsTheAccountOnce() {
        snapshot(10, "100000");
        fill("X-1", 20, "10", "100", "0.05");
        snapshot(30, "98999.95", position("AAPL", "10"));
        snapshot(40, "98499.95", position("AAPL", "15"));
        snapshot(50, "98499.95", position("AAPL", "15"));
        snapshot(60, "98499.95", position("AAPL", "15"));

        List<ReconciliationResult> verdicts = results.readValuesToList();
        assertThat(verdicts).extracting(ReconciliationResult::getStatus).containsExactly(ReconStatus.PASS,
                ReconStatus.PASS, ReconStatus.PENDING, ReconStatus.FAIL, ReconStatus.FAIL);
        assertThat(verdicts).extracting(ReconciliationResult::getConsecutiveFailures).containsExactly(0, 0, 1, 2, 3);
        // Cash is off by 500 of 98,999.95 (0.5%): within the 1% tolerance; the position is not.
        assertThat(verdicts.get(3).getDiscrepancies()).singleElement().satisfies(d -> {
            assertThat(d.getKind()).isEqualTo(DiscrepancyKind.POSITION);
            assertThat(d.getSymbol()).isEqualTo("AAPL");
        });
        assertThat(verdicts.get(3).getDiscrepancies().get(0).getLedger()).isEqualByComparingTo("10");
        assertThat(verdicts.get(3).getDiscrepancies().get(0).getBroker()).isEqualByComparingTo("15");

        List<ControlRecord> kills = control.readValuesToList();
        assertThat(kills).singleElement().satisfies(k -> {
            assertThat(k.getKey()).isEqualTo("kill-switch/account/" + ACCOUNT);
            assertThat(k.getMode()).isEqualTo("HALT_ONLY");
            assertThat(k.getOrigin()).isEqualTo("AUTO:RECONCILIATION");
            assertThat(k.getActive()).isTrue();
        });
        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(a.getSubject()).isEqualTo(ACCOUNT);
        });
    }

    @Test
    void aFillSeenTwiceCountsOnce() {
        snapshot(10, "100000");
        fill("X-1", 20, "10", "100", "0");
        fill("X-1", 21, "10", "100", "0");
        snapshot(30, "99000", position("AAPL", "10"));

        assertThat(results.readValuesToList()).extracting(ReconciliationResult::getStatus)
                .containsExactly(ReconStatus.PASS, ReconStatus.PASS);
    }

    @Test
    void aFillStillOnItsWayAtASnapshotLeavesItPendingAndTheNextSnapshotPasses() {
        snapshot(10, "100000");
        snapshot(30, "99000", position("AAPL", "10")); // the broker already has the fill
        fill("X-1", 25, "10", "100", "0");
        snapshot(40, "99000", position("AAPL", "10"));

        assertThat(results.readValuesToList()).extracting(ReconciliationResult::getStatus)
                .containsExactly(ReconStatus.PASS, ReconStatus.PENDING, ReconStatus.PASS);
        assertThat(control.isEmpty()).isTrue();
    }

    @Test
    void aSnapshotThatPassesAgainLiftsTheHaltItsRuleSetAndResolvesTheAlert() {
        snapshot(10, "100000");
        snapshot(20, "100000", position("AAPL", "5"));
        snapshot(30, "100000", position("AAPL", "5"));
        ControlRecord kill = control.readValue();
        controlIn.pipeInput(kill.getKey(), kill, T0.plusSeconds(31));
        snapshot(40, "100000");

        assertThat(results.readValuesToList()).extracting(ReconciliationResult::getStatus).containsExactly(
                ReconStatus.PASS, ReconStatus.PENDING, ReconStatus.FAIL, ReconStatus.PASS);
        assertThat(control.readValuesToList()).singleElement().satisfies(lift -> {
            assertThat(lift.getKey()).isEqualTo("kill-switch/account/" + ACCOUNT);
            assertThat(lift.getActive()).isFalse();
            assertThat(lift.getOrigin()).isEqualTo("AUTO:RECONCILIATION");
        });
        assertThat(audit.readValuesToList()).extracting(AuditEvent::getAction)
                .containsExactly("KILL_SWITCH_ACTIVATE", "KILL_SWITCH_DEACTIVATE");
        List<Alert> raised = alerts.readValuesToList();
        assertThat(raised).extracting(Alert::getResolved).containsExactly(false, true);
        assertThat(raised.get(1).getAlertId()).isEqualTo(raised.get(0).getAlertId());
    }

    @Test
    void aPassNeverLiftsAHaltAnOperatorSet() {
        snapshot(10, "100000");
        ControlRecord operators = ControlRecord.newBuilder().setEventId("op-1").setKey("kill-switch/account/"
                + ACCOUNT).setActive(true).setMode("HALT_ONLY").setReason("investigating").setOperator("alice")
                .setOrigin("MANUAL").setCommandId("op-1").setAt(T0).build();
        controlIn.pipeInput(operators.getKey(), operators, T0.plusSeconds(11));
        snapshot(20, "100000");

        assertThat(control.isEmpty()).isTrue();
        assertThat(audit.isEmpty()).isTrue();
    }

    @Test
    void anOperatorsSyncMakesTheBrokerTheTruthOnTheNextSnapshotAuditedAndLiftsTheHalt() {
        snapshot(10, "100000");
        fill("X-1", 15, "10", "100", "0");
        snapshot(20, "99000", position("AAPL", "12"));
        snapshot(30, "98800", position("AAPL", "12"));
        ControlRecord kill = control.readValue();
        controlIn.pipeInput(kill.getKey(), kill, T0.plusSeconds(31));
        audit.readValuesToList();
        alerts.readValuesToList();
        ControlRecord sync = ControlRecord.newBuilder().setEventId("sync-1").setKey("recon/sync/" + ACCOUNT)
                .setActive(true).setReason("2 AAPL bought by hand at the broker").setOperator("alice")
                .setOrigin("MANUAL").setCommandId("cmd-sync-1").setAt(T0.plusSeconds(35)).build();
        controlIn.pipeInput(sync.getKey(), sync, T0.plusSeconds(35));

        snapshot(40, "98800", position("AAPL", "12"));
        snapshot(50, "98800", position("AAPL", "12"));

        List<ReconciliationResult> verdicts = results.readValuesToList();
        assertThat(verdicts).extracting(ReconciliationResult::getStatus).containsExactly(ReconStatus.PASS,
                ReconStatus.PENDING, ReconStatus.FAIL, ReconStatus.PASS, ReconStatus.PASS);
        List<AuditEvent> trail = audit.readValuesToList();
        assertThat(trail).extracting(AuditEvent::getAction).containsExactly("RECON_SYNC_APPLIED",
                "KILL_SWITCH_DEACTIVATE");
        assertThat(trail.get(0)).satisfies(a -> {
            assertThat(a.getActor()).isEqualTo("alice");
            assertThat(a.getReason()).isEqualTo("2 AAPL bought by hand at the broker");
            assertThat(a.getSubject()).isEqualTo("recon/sync/" + ACCOUNT);
            assertThat(a.getRequestId()).isEqualTo("cmd-sync-1");
            assertThat(a.getBefore()).isEqualTo("{\"cash\":\"99000.00000000\",\"positions\":{\"AAPL\":\"10.00000000\"}}");
            assertThat(a.getAfter()).isEqualTo("{\"snapshot\":\"snap-4\",\"broker\":\"paper\",\"cash\":{\"ledger\":"
                    + "\"99000.00000000\",\"broker\":\"98800.00000000\",\"adjustment\":\"-200.00000000\"},"
                    + "\"positions\":{\"AAPL\":{\"ledger\":\"10.00000000\",\"broker\":\"12.00000000\","
                    + "\"adjustment\":\"2.00000000\"}}}");
        });
        assertThat(control.readValuesToList()).singleElement().satisfies(lift -> {
            assertThat(lift.getActive()).isFalse();
            assertThat(lift.getReason()).contains("synced by alice", "bought by hand");
        });
    }

    @Test
    void aDayPnlTheBrokerDisagreesWithIsADiscrepancyThatSaysWhy() {
        snapshot(10, "100000", position("AAPL", "10"));
        // Equity 101,000 at the day's start: 1% is 1,010. The marks say 0; the broker says -500, then +1,011.
        snapshotWithEquity(20, "100000", "100500", position("AAPL", "10"));
        snapshotWithEquity(30, "100000", "102011", position("AAPL", "10"));

        List<ReconciliationResult> verdicts = results.readValuesToList();
        assertThat(verdicts).extracting(ReconciliationResult::getStatus).containsExactly(ReconStatus.PASS,
                ReconStatus.PASS, ReconStatus.PENDING);
        assertThat(verdicts.get(2).getDiscrepancies()).singleElement().satisfies(d -> {
            assertThat(d.getKind()).isEqualTo(DiscrepancyKind.PNL);
            assertThat(d.getLedger()).isEqualByComparingTo("0");
            assertThat(d.getBroker()).isEqualByComparingTo("1011");
            assertThat(d.getExplanation()).isEqualTo("not explained by fees or timing");
        });
    }

    @Test
    void overHalfOfTheBrokersAnswersRejectedHaltsTheAccountWithAWarning() {
        for (int i = 0; i < 4; i++) {
            answer(i, "ACCEPTED", 900L, false);
        }
        for (int i = 4; i < 8; i++) {
            answer(i, "REJECTED", 900L, false);
        }
        answer(8, "REJECTED", null, false); // the router's own refusal: not the broker's answer
        answer(9, "REJECTED", 900L, true);  // a dry run reaches no broker
        assertThat(control.isEmpty()).isTrue();

        answer(10, "REJECTED", 900L, false);

        assertThat(control.readValuesToList()).singleElement().satisfies(k -> {
            assertThat(k.getKey()).isEqualTo("kill-switch/account/" + ACCOUNT);
            assertThat(k.getOrigin()).isEqualTo("AUTO:REJECTION_RATE");
            assertThat(k.getReason()).startsWith("5 of 9 orders rejected");
        });
        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.getSeverity()).isEqualTo(Severity.WARNING);
            assertThat(a.getType()).isEqualTo("REJECTION_RATE");
        });
        assertThat(audit.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.getAction()).isEqualTo("KILL_SWITCH_ACTIVATE");
            assertThat(a.getActor()).isEqualTo("recon-stream AUTO:REJECTION_RATE");
        });
    }

    @Test
    void threeExecutionFailuresInARowHaltTheAccount() {
        answer(0, "FAILED", null, false);
        answer(1, "FAILED", null, false);
        answer(2, "ACCEPTED", 800L, false);
        answer(3, "FAILED", null, false);
        answer(4, "FAILED", null, false);
        assertThat(control.isEmpty()).isTrue();

        answer(5, "FAILED", null, false);

        assertThat(control.readValue().getOrigin()).isEqualTo("AUTO:CONSECUTIVE_FAILURES");
        assertThat(alerts.readValue().getSeverity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void aDuplicateIntentHaltsTheAccountUnlessItIsHaltedAlready() {
        duplicate("sig-1", 1);
        ControlRecord kill = control.readValue();
        controlIn.pipeInput(kill.getKey(), kill, T0.plusSeconds(2));
        duplicate("sig-2", 3);

        assertThat(kill.getOrigin()).isEqualTo("AUTO:DUPLICATE_INTENT");
        assertThat(kill.getReason()).contains("momentum", "sig-1");
        assertThat(control.isEmpty()).as("already halted: the first record stands").isTrue();
        assertThat(alerts.readValuesToList()).as("each duplicate is still alerted").hasSize(2)
                .allSatisfy(a -> assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL));
        assertThat(audit.readValuesToList()).hasSize(1);
    }

    @Test
    void strategiesAreScoredWithEachSnapshotAndAnUnhealthyOneIsAlertedOnce() {
        for (int i = 0; i < 5; i++) {
            int second = 10 * i;
            decided("mom-" + i, "momentum", DecisionOutcome.APPROVED, second);
            intent("in-b" + i, "momentum", second);
            strategyFill("b" + i, "in-b" + i, Side.BUY, "100", second + 1);
            intent("in-s" + i, "momentum", second + 2);
            strategyFill("s" + i, "in-s" + i, Side.SELL, "101", second + 3);
        }
        strategyFill("s4", "in-s4", Side.SELL, "101", 44); // the last fill again: counted once
        for (int i = 0; i < 3; i++) {
            decided("rev-" + i, "meanrev", DecisionOutcome.REJECTED, 60 + i);
        }

        snapshot(100, "100010");
        snapshot(110, "100010");

        TestOutputTopic<String, StrategyHealth> health = output(Topics.STRATEGY_HEALTH);
        List<StrategyHealth> scores = health.readValuesToList();
        assertThat(scores).as("published once: the second snapshot changed nothing")
                .extracting(StrategyHealth::getStrategyId).containsExactly("meanrev", "momentum");
        assertThat(scores.get(1).getWindows()).extracting(HealthWindow::getDays).containsExactly(7, 30);
        assertThat(scores.get(1).getWindows().get(0)).satisfies(w -> {
            assertThat(w.getTrades()).isEqualTo(5);
            assertThat(w.getDecisions()).isEqualTo(5);
            assertThat(w.getNetPnl()).isEqualByComparingTo("10");
            assertThat(w.getExpectancy()).isEqualByComparingTo("2");
            assertThat(w.getScore()).isEqualByComparingTo("100");
            assertThat(w.getStatus()).isEqualTo(HealthStatus.HEALTHY);
        });
        assertThat(scores.get(0).getWindows().get(0)).satisfies(w -> {
            assertThat(w.getRejectionRate()).isEqualByComparingTo("1");
            assertThat(w.getScore()).isEqualByComparingTo("0");
            assertThat(w.getStatus()).isEqualTo(HealthStatus.CRITICAL);
            assertThat(w.getFindings()).contains("no trades in 7 days");
        });
        assertThat(alerts.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.getType()).isEqualTo("STRATEGY_HEALTH");
            assertThat(a.getSubject()).isEqualTo("meanrev@" + ACCOUNT);
            assertThat(a.getSeverity()).isEqualTo(Severity.CRITICAL);
        });
    }

    @Test
    void aStrategysExecutionFailuresOpenItsBreakerWhichTheProbesAnswerCloses() {
        String[] pattern = {"FAILED", "FAILED", "ACCEPTED", "FAILED", "FAILED", "ACCEPTED", "FAILED"};
        for (int i = 0; i < pattern.length; i++) {
            intent("in-" + i, "momentum", 10 * i);
            strategyAnswer("in-" + i, pattern[i], 10 * i + 1);
        }
        ControlRecord open = control.readValue();
        assertThat(open.getKey()).isEqualTo("circuit-breaker/strategy/momentum");
        assertThat(open.getActive()).isTrue();
        assertThat(open.getOrigin()).isEqualTo("AUTO:CIRCUIT_BREAKER");
        assertThat(open.getParams()).containsEntry("recoveryAt", T0.plusSeconds(61 + 60).toString())
                .containsEntry("threshold", "5");
        assertThat(control.isEmpty()).as("no account halt: never 3 failures in a row").isTrue();
        Alert raised = alerts.readValue();
        assertThat(raised.getType()).isEqualTo("CIRCUIT_BREAKER_OPEN");
        assertThat(audit.readValue().getAction()).isEqualTo("CIRCUIT_BREAKER_ACTIVATE");
        controlIn.pipeInput(open.getKey(), open, T0.plusSeconds(62));

        intent("in-late", "momentum", 70);
        strategyAnswer("in-late", "ACCEPTED", 100); // before the recovery time: an order already in flight
        assertThat(control.isEmpty()).isTrue();
        intent("in-probe", "momentum", 121);
        strategyAnswer("in-probe", "FAILED", 122);  // the probe fails: open again for another 60 s
        ControlRecord reopened = control.readValue();
        assertThat(reopened.getParams()).containsEntry("recoveryAt", T0.plusSeconds(182).toString());
        assertThat(alerts.isEmpty()).as("one alert for the run").isTrue();
        controlIn.pipeInput(reopened.getKey(), reopened, T0.plusSeconds(123));
        intent("in-probe-2", "momentum", 182);
        strategyAnswer("in-probe-2", "ACCEPTED", 183);

        ControlRecord closed = control.readValue();
        assertThat(closed.getActive()).isFalse();
        assertThat(closed.getReason()).contains("probe was answered");
        assertThat(audit.readValuesToList()).extracting(AuditEvent::getAction)
                .containsExactly("CIRCUIT_BREAKER_ACTIVATE", "CIRCUIT_BREAKER_DEACTIVATE");
        Alert cleared = alerts.readValue();
        assertThat(cleared.getResolved()).isTrue();
        assertThat(cleared.getAlertId()).isEqualTo(raised.getAlertId());
    }

    @Test
    void anUnreadableRecordIsDeadLetteredWithItsSourceOffsetAndTheStreamGoesOn() {
        TestInputTopic<String, byte[]> rawEvents = driver.createInputTopic(Topics.ORDER_EVENTS.name(),
                new StringSerializer(), new ByteArraySerializer());
        rawEvents.pipeInput(ACCOUNT, "not avro".getBytes(StandardCharsets.UTF_8), T0);
        snapshot(10, "100000");

        assertThat(output(Topics.DLQ).readValuesToList()).singleElement().satisfies(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.ORDER_EVENTS.name());
            assertThat(letter.getOffset()).isEqualTo(0L);
            assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_MAGIC_BYTE");
            assertThat(letter.getService()).isEqualTo("recon-stream");
        });
        assertThat(results.readValuesToList()).hasSize(1);
    }

    @Test
    void anUnreadableKillSwitchRecordDoesNotStopARuleFromHalting() {
        driver.createInputTopic(Topics.CONTROL.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("kill-switch/account/" + ACCOUNT, "garbage".getBytes(StandardCharsets.UTF_8), T0);

        duplicate("sig-9", 1);

        assertThat(control.readValue().getOrigin()).isEqualTo("AUTO:DUPLICATE_INTENT");
    }

    @Test
    void aStrategyWhoseWarningBecomesCriticalIsAlertedAgainUnderTheSameAlert() {
        decided("rev-1", "meanrev", DecisionOutcome.APPROVED, 1);
        snapshot(10, "100000");   // no trades, all approved: 35, WARNING
        for (int i = 2; i < 12; i++) {
            decided("rev-" + i, "meanrev", DecisionOutcome.REJECTED, i + 10);
        }
        snapshot(30, "100000");   // 10 of 11 rejected, no trades: 15.9, CRITICAL
        decided("rev-12", "meanrev", DecisionOutcome.REJECTED, 31);
        snapshot(40, "100000");   // still CRITICAL: nothing new

        List<Alert> raised = alerts.readValuesToList();
        assertThat(raised).extracting(Alert::getSeverity).containsExactly(Severity.WARNING, Severity.CRITICAL);
        assertThat(raised.get(1).getAlertId()).isEqualTo(raised.get(0).getAlertId());
    }

    @Test
    void aPassDoesNotLiftAHaltAnotherRuleAlsoWants() {
        snapshot(10, "100000");
        snapshot(20, "100000", position("AAPL", "5"));
        snapshot(30, "100000", position("AAPL", "5"));
        ControlRecord reconciliation = control.readValue();
        controlIn.pipeInput(reconciliation.getKey(), reconciliation, T0.plusSeconds(31));
        duplicate("sig-1", 32);
        ControlRecord both = control.readValue();
        controlIn.pipeInput(both.getKey(), both, T0.plusSeconds(33));

        snapshot(40, "100000");

        assertThat(both.getOrigin()).isEqualTo("AUTO:DUPLICATE_INTENT");
        assertThat(both.getParams()).containsEntry("rules", "DUPLICATE_INTENT,RECONCILIATION");
        assertThat(control.isEmpty()).as("the duplicate intent still wants the halt").isTrue();
        assertThat(alerts.readValuesToList()).filteredOn(a -> !a.getType().equals("STRATEGY_HEALTH"))
                .extracting(Alert::getType, Alert::getResolved).containsExactly(
                org.assertj.core.groups.Tuple.tuple("RECONCILIATION_FAIL", false),
                org.assertj.core.groups.Tuple.tuple("DUPLICATE_INTENT", false),
                org.assertj.core.groups.Tuple.tuple("RECONCILIATION_FAIL", true));
    }

    @Test
    void aHaltLiftedWhileTheBooksStillDisagreeIsWrittenAgainUnderTheSameAlert() {
        snapshot(10, "100000");
        snapshot(20, "100000", position("AAPL", "5"));
        snapshot(30, "100000", position("AAPL", "5"));
        ControlRecord kill = control.readValue();
        ControlRecord lifted = ControlRecord.newBuilder(kill).setEventId("op-lift").setActive(false).setMode(null)
                .setOperator("alice").setOrigin("MANUAL").setCommandId("op-lift").setReason("looking into it")
                .setAt(T0.plusSeconds(35)).build();
        controlIn.pipeInput(lifted.getKey(), lifted, T0.plusSeconds(35));

        snapshot(40, "100000", position("AAPL", "5"));

        assertThat(control.readValue()).satisfies(again -> {
            assertThat(again.getActive()).isTrue();
            assertThat(again.getOrigin()).isEqualTo("AUTO:RECONCILIATION");
        });
        List<Alert> raised = alerts.readValuesToList();
        assertThat(raised).hasSize(2);
        assertThat(raised.get(1).getAlertId()).as("one alert for the run").isEqualTo(raised.get(0).getAlertId());
    }

    @Test
    void aRuleSeesItsOwnHaltBeforeTheGlobalStoreDoes() {
        duplicate("sig-1", 1);
        duplicate("sig-2", 2);

        assertThat(control.readValuesToList()).hasSize(1);
        assertThat(alerts.readValuesToList()).hasSize(2);
    }

    @Test
    void everyStoreAndNodeIsNamed() {
        String description = ReconTopology.build(settings(BigDecimal.ONE), registry).describe().toString();

        // Frozen: a renamed store or node would orphan state or break a reader; change it on purpose only.
        assertThat(description).isEqualTo("""
                Topologies:
                   Sub-topology: 0 for global store (will not generate tasks)
                    Source: control-in (topics: [trading.control.v1])
                      --> control-latest
                    Processor: control-latest (stores: [control-global])
                      --> none
                      <-- control-in
                  Sub-topology: 1
                    Source: broker-snapshots-in (topics: [trading.broker-snapshots.v1])
                      --> account-ledger-processor, strategy-health
                    Source: fills-in (topics: [trading.fills.v1])
                      --> account-ledger-processor
                    Processor: account-ledger-processor (stores: [seen-fills, account-ledger])
                      --> alerts-out, audit-out, control-out, recon-results-out, strategy-health
                      <-- fills-in, broker-snapshots-in
                    Source: order-events-in (topics: [trading.order-events.v1])
                      --> execution-rules, strategy-health
                    Source: signal-decisions-in (topics: [trading.signal-decisions.v1])
                      --> execution-rules, strategy-health
                    Processor: execution-rules (stores: [breaker-failures, intent-strategies, execution-activity])
                      --> alerts-out, audit-out, control-out
                      <-- order-events-in, signal-decisions-in
                    Source: order-intents-in (topics: [trading.order-intents.v1])
                      --> strategy-health
                    Processor: strategy-health (stores: [strategy-activity, intent-strategies, strategy-ledgers, strategy-health-published])
                      --> alerts-out, strategy-health-out
                      <-- order-intents-in, signal-decisions-in, order-events-in, account-ledger-processor, broker-snapshots-in
                    Sink: alerts-out (topic: trading.alerts.v1)
                      <-- account-ledger-processor, execution-rules, strategy-health
                    Sink: audit-out (topic: trading.audit.v1)
                      <-- account-ledger-processor, execution-rules
                    Sink: control-out (topic: trading.control.v1)
                      <-- account-ledger-processor, execution-rules
                    Sink: recon-results-out (topic: trading.recon-results.v1)
                      <-- account-ledger-processor
                    Sink: strategy-health-out (topic: trading.strategy-health.v1)
                      <-- strategy-health

                """);
    }

    private void snapshot(int second, String cash, BrokerPosition... positions) {
        BigDecimal equity = new BigDecimal(cash);
        for (BrokerPosition p : positions) {
            equity = equity.add(p.getMarketValue());
        }
        snapshotWithEquity(second, cash, equity.toPlainString(), positions);
    }

    private void snapshotWithEquity(int second, String cash, String equity, BrokerPosition... positions) {
        snapshotNumber++;
        Instant at = T0.plusSeconds(second);
        snapshots.pipeInput(ACCOUNT, BrokerSnapshot.newBuilder().setEventId("snap-" + snapshotNumber)
                .setCausationId(null).setAccountId(ACCOUNT).setBrokerId("paper").setAsOf(at)
                .setCash(Decimals.of(cash)).setEquity(Decimals.of(equity)).setPositions(List.of(positions))
                .setOpenOrders(0).build(), at);
    }

    private void fill(String fillId, int second, String quantity, String price, String fee) {
        Instant at = T0.plusSeconds(second);
        fills.pipeInput(ACCOUNT, Fill.newBuilder().setEventId("fill:" + fillId).setCausationId(null)
                .setFillId(fillId).setIntentId("intent-" + fillId).setAccountId(ACCOUNT).setSymbol("AAPL")
                .setSide(Side.BUY).setQuantity(Decimals.of(quantity)).setPrice(Decimals.of(price))
                .setFee(Decimals.of(fee)).setBrokerId("paper").setFilledAt(at).build(), at);
    }

    private void answer(int second, String type, Long latencyMicros, boolean dryRun) {
        orderEvent("intent-" + second, type, latencyMicros, dryRun, second);
    }

    /** The broker's answer to a strategy's intent, or its failure. */
    private void strategyAnswer(String intentId, String type, int second) {
        orderEvent(intentId, type, type.equals("FAILED") ? null : 700L, false, second);
    }

    private void orderEvent(String intentId, String type, Long latencyMicros, boolean dryRun, int second) {
        Instant at = T0.plusSeconds(second);
        orderEvents.pipeInput(ACCOUNT, OrderEvent.newBuilder().setEventId("ev-" + intentId).setCausationId(null)
                .setIntentId(intentId).setAccountId(ACCOUNT).setBrokerId("paper")
                .setType(OrderEventType.valueOf(type)).setLatencyMicros(latencyMicros).setDryRun(dryRun).setAt(at)
                .build(), at);
    }

    private void decided(String signalId, String strategyId, DecisionOutcome outcome, int second) {
        decision(signalId, strategyId, outcome, outcome == DecisionOutcome.APPROVED ? ReasonCode.NONE
                : ReasonCode.MAX_POSITION_SIZE, second);
    }

    private void duplicate(String signalId, int second) {
        decision(signalId, "momentum", DecisionOutcome.REJECTED, ReasonCode.DUPLICATE_INTENT, second);
    }

    private void decision(String signalId, String strategyId, DecisionOutcome outcome, ReasonCode reason,
            int second) {
        Instant at = T0.plusSeconds(second);
        decisions.pipeInput(ACCOUNT, SignalDecision.newBuilder().setEventId("dec-" + signalId)
                .setDecisionId("dec-" + signalId).setCausationId(signalId).setSignalId(signalId).setAccountId(ACCOUNT)
                .setStrategyId(strategyId).setOutcome(outcome).setPrimaryReason(reason)
                .setChecks(List.of()).setSizingFactor(Decimals.of(outcome == DecisionOutcome.APPROVED ? "1" : "0"))
                .setDecidedAt(at).build(), at);
    }

    private void intent(String intentId, String strategyId, int second) {
        Instant at = T0.plusSeconds(second);
        intents.pipeInput(ACCOUNT, OrderIntent.newBuilder().setEventId("intent:" + intentId).setCausationId(null)
                .setIntentId(intentId).setSignalId("sig-" + intentId).setAccountId(ACCOUNT).setStrategyId(strategyId)
                .setSymbol("AAPL").setSide(Side.BUY).setQuantity(Decimals.of("2")).setOrderType(OrderType.MARKET)
                .setTimeInForce(TimeInForce.DAY).setPurpose(IntentPurpose.ENTRY).setCreatedAt(at).build(), at);
    }

    private void strategyFill(String fillId, String intentId, Side side, String price, int second) {
        Instant at = T0.plusSeconds(second);
        fills.pipeInput(ACCOUNT, Fill.newBuilder().setEventId("fill:" + fillId).setCausationId(null)
                .setFillId(fillId).setIntentId(intentId).setAccountId(ACCOUNT).setSymbol("AAPL")
                .setSide(side).setQuantity(Decimals.of("2")).setPrice(Decimals.of(price))
                .setFee(Decimals.of("0")).setBrokerId("paper").setFilledAt(at).build(), at);
    }

    private static BrokerPosition position(String symbol, String quantity) {
        return BrokerPosition.newBuilder().setSymbol(symbol).setQuantity(Decimals.of(quantity))
                .setAvgPrice(Decimals.of("100")).setMarketValue(Decimals.of(new BigDecimal(quantity)
                        .multiply(BigDecimal.valueOf(100)))).build();
    }

    private static ReconTopology.Settings settings(BigDecimal maxDiffRatio) {
        ReconTopology.Settings defaults = ReconTopology.Settings.runbookDefaults(false);
        return new ReconTopology.Settings(new Reconciler(maxDiffRatio, 2), defaults.rules(), defaults.breaker(),
                defaults.health(), defaults.fillMemory(), defaults.intentMemory(), defaults.metrics(), false);
    }

    private <V extends SpecificRecord> TestInputTopic<String, V> input(Topic<V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(),
                topic.valueSerde(registry).serializer());
    }

    private <V extends SpecificRecord> TestOutputTopic<String, V> output(Topic<V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde(registry).deserializer());
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "recon-stream-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(DeadLetterHandler.SERIALIZER, Topics.DLQ.valueSerde(registry).serializer());
        p.put(DeadLetterHandler.SERVICE, "recon-stream");
        return p;
    }
}
