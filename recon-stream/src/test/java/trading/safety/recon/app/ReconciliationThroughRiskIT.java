package trading.safety.recon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topics;
import trading.safety.embedded.TestRegistry;
import trading.safety.risk.app.RiskStreamApplication;
import trading.safety.service.PlatformProperties;
import trading.safety.service.RealInfrastructureTest;
import trading.safety.service.testing.TopicProbe;
import trading.safety.v1.AuditEvent;
import trading.safety.v1.BrokerPosition;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.Fill;
import trading.safety.v1.OrderType;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.ReconStatus;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.Side;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.SignalSource;
import trading.safety.v1.SymbolQuality;
import trading.safety.v1.TimeInForce;
import trading.safety.v1.TradeSignal;

/**
 * The reconciliation halt end to end, with risk-stream running beside recon-stream on one real broker: a
 * position changed at the broker behind the ledger's back fails the second snapshot, the account's kill switch
 * blocks entries in risk-stream, and an operator's sync clears it so entries are approved again.
 */
@SpringBootTest(classes = ReconStreamApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=" + ReconStreamApplication.CONFIG_NAME,
            "safety.recon.state-dir=${java.io.tmpdir}/recon-e2e-${random.uuid}"})
class ReconciliationThroughRiskIT extends RealInfrastructureTest {

    private static final String ACCOUNT = "ACC-E2E";
    private static ConfigurableApplicationContext riskStream;

    @Autowired
    private SchemaRegistry registry;

    @Autowired
    private PlatformProperties platform;

    private final AtomicInteger signals = new AtomicInteger();
    private final AtomicInteger snapshots = new AtomicInteger(4);

    @AfterAll
    static void stopRiskStream() {
        if (riskStream != null) {
            riskStream.close();
        }
    }

    @Test
    void aManualTradeHaltsEntriesInRiskStreamUntilAnOperatorSyncs() throws Exception {
        riskStream = RiskStreamApplication.application().registerShutdownHook(false).run(
                "--server.port=0",
                "--safety.kafka.bootstrap-servers=" + platform.kafka().bootstrapServers(),
                "--safety.registry.url=" + TestRegistry.confluentApiUrl(),
                "--safety.risk.state-dir=" + Files.createTempDirectory("risk-e2e"));
        try (TopicProbe probe = new TopicProbe(platform.kafka().bootstrapServers(), registry)) {
            Instant now = Instant.now();
            probe.send(Topics.SYMBOL_QUALITY, "AAPL", SymbolQuality.newBuilder().setEventId("q-e2e")
                    .setCausationId(null).setSymbol("AAPL").setTradable(true).setIssues(List.of())
                    .setLastBarTime(now.minusSeconds(60)).setHistoryDays(250).setUpdatedAt(now).build());
            probe.send(Topics.BROKER_SNAPSHOTS, ACCOUNT, snapshot(1, "100000", null));
            probe.send(Topics.FILLS, ACCOUNT, Fill.newBuilder().setEventId("fill:E-1").setCausationId(null)
                    .setFillId("E-1").setIntentId("intent-e2e-1").setAccountId(ACCOUNT).setSymbol("AAPL")
                    .setSide(Side.BUY).setQuantity(Decimals.of(10)).setPrice(Decimals.of(100))
                    .setFee(Decimals.of(0)).setBrokerId("paper").setFilledAt(Instant.now()).build());
            probe.send(Topics.BROKER_SNAPSHOTS, ACCOUNT, snapshot(2, "99000", "10"));
            assertThat(probe.awaitCommitted(Topics.RECON_RESULTS, ACCOUNT, 2)).extracting(
                    ReconciliationResult::getStatus).containsExactly(ReconStatus.PASS, ReconStatus.PASS);
            assertThat(decide(probe).getOutcome()).as("entries pass while the books agree")
                    .isEqualTo(DecisionOutcome.APPROVED);

            // Someone bought 5 AAPL at the broker by hand: two snapshots say 15, the ledger says 10.
            probe.send(Topics.BROKER_SNAPSHOTS, ACCOUNT, snapshot(3, "98500", "15"));
            probe.send(Topics.BROKER_SNAPSHOTS, ACCOUNT, snapshot(4, "98500", "15"));

            assertThat(probe.awaitCommitted(Topics.RECON_RESULTS, ACCOUNT, 4)).extracting(
                    ReconciliationResult::getStatus).endsWith(ReconStatus.PENDING, ReconStatus.FAIL);
            ControlRecord kill = probe.awaitCommitted(Topics.CONTROL, "kill-switch/account/" + ACCOUNT, 1).get(0);
            assertThat(kill.getOrigin()).isEqualTo("AUTO:RECONCILIATION");
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                SignalDecision decision = decide(probe);
                assertThat(decision.getOutcome()).isEqualTo(DecisionOutcome.REJECTED);
                assertThat(decision.getPrimaryReason()).isEqualTo(ReasonCode.KILL_SWITCH);
            });

            // The operator confirms the manual trade: the broker is the truth.
            probe.send(Topics.CONTROL, "recon/sync/" + ACCOUNT, ControlRecord.newBuilder().setEventId("sync-e2e")
                    .setCausationId(null).setKey("recon/sync/" + ACCOUNT).setActive(true).setMode(null)
                    .setReason("5 AAPL bought by hand at the broker, confirmed").setOperator("alice")
                    .setOrigin("MANUAL").setCommandId("cmd-sync-e2e").setAt(Instant.now()).setParams(Map.of())
                    .build());
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
                probe.send(Topics.BROKER_SNAPSHOTS, ACCOUNT, snapshot(snapshots.incrementAndGet(), "98500", "15"));
                assertThat(probe.committed(Topics.CONTROL, "kill-switch/account/" + ACCOUNT))
                        .extracting(ControlRecord::getActive).containsExactly(true, false);
            });

            List<AuditEvent> trail = probe.committed(Topics.AUDIT, key -> key.endsWith(ACCOUNT));
            assertThat(trail).extracting(AuditEvent::getAction).containsExactly("KILL_SWITCH_ACTIVATE",
                    "RECON_SYNC_APPLIED", "KILL_SWITCH_DEACTIVATE");
            assertThat(trail.get(1).getActor()).isEqualTo("alice");
            assertThat(trail.get(1).getAfter()).contains("\"AAPL\":{\"ledger\":\"10.00000000\","
                    + "\"broker\":\"15.00000000\",\"adjustment\":\"5.00000000\"}");
            List<ReconciliationResult> results = probe.committed(Topics.RECON_RESULTS, ACCOUNT);
            assertThat(results.get(results.size() - 1).getStatus()).isEqualTo(ReconStatus.PASS);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                    assertThat(decide(probe).getOutcome()).as("entries pass again after the sync")
                            .isEqualTo(DecisionOutcome.APPROVED));
        }
    }

    /** Sends a new entry signal (a quantity not used before, so never a duplicate intent) and awaits its decision. */
    private SignalDecision decide(TopicProbe probe) throws Exception {
        int n = signals.incrementAndGet();
        String id = "sig-e2e-" + n;
        probe.send(Topics.SIGNALS, ACCOUNT, TradeSignal.newBuilder().setEventId("evt-" + id).setCausationId(null)
                .setSignalId(id).setAccountId(ACCOUNT).setStrategyId("momentum").setSymbol("AAPL").setSide(Side.BUY)
                .setQuantity(Decimals.of(n)).setOrderType(OrderType.MARKET).setLimitPrice(null)
                .setTimeInForce(TimeInForce.DAY).setReferencePrice(Decimals.of(100)).setCreatedAt(Instant.now())
                .setSource(SignalSource.KAFKA).setTags(Map.of()).build());
        return probe.awaitCommitted(Topics.SIGNAL_DECISIONS, ACCOUNT, 1, d -> d.getSignalId().equals(id)).get(0);
    }

    private static BrokerSnapshot snapshot(int n, String cash, String aaplQuantity) {
        List<BrokerPosition> positions = aaplQuantity == null ? List.of()
                : List.of(BrokerPosition.newBuilder().setSymbol("AAPL").setQuantity(Decimals.of(aaplQuantity))
                        .setAvgPrice(Decimals.of(100)).setMarketValue(Decimals.of(new BigDecimal(aaplQuantity)
                                .multiply(BigDecimal.valueOf(100)))).build());
        BigDecimal equity = new BigDecimal(cash).add(aaplQuantity == null ? BigDecimal.ZERO
                : new BigDecimal(aaplQuantity).multiply(BigDecimal.valueOf(100)));
        return BrokerSnapshot.newBuilder().setEventId("snap-e2e-" + n).setCausationId(null).setAccountId(ACCOUNT)
                .setBrokerId("paper").setAsOf(Instant.now()).setCash(Decimals.of(cash)).setEquity(Decimals.of(equity))
                .setPositions(positions).setOpenOrders(0).build();
    }
}
