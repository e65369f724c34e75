package trading.safety.console.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import trading.safety.console.app.OpsConsoleApplication;
import trading.safety.console.replay.Mismatch.FieldDifference;
import trading.safety.console.replay.Mismatch.Kind;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topics;
import trading.safety.embedded.TestRegistry;
import trading.safety.risk.app.RiskStreamApplication;
import trading.safety.service.PlatformProperties;
import trading.safety.service.RealInfrastructureTest;
import trading.safety.service.testing.TopicProbe;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.MarketBar;
import trading.safety.v1.OrderType;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.Side;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.SignalSource;
import trading.safety.v1.TimeInForce;
import trading.safety.v1.TradeSignal;

/**
 * The audit replay against what risk-stream really decided on a real broker: a clean record replays without a
 * mismatch; a forged decision appended for a decided signal, and a signal left undecided while risk-stream was
 * down, are both reported.
 */
@SpringBootTest(classes = OpsConsoleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=" + OpsConsoleApplication.CONFIG_NAME,
            "safety.console.tokens.admin=admin-token-0123456789",
            "safety.console.tokens.operator=operator-token-0123456789",
            "safety.console.tokens.viewer=viewer-token-0123456789"})
class AuditReplayIT extends RealInfrastructureTest {

    private static final String ACCOUNT = "ACC-REPLAY";
    private static final String SYMBOL = "AAPL";
    private static final int HISTORY_DAYS = 260;
    private static ConfigurableApplicationContext riskStream;

    @Autowired
    private SchemaRegistry registry;

    @Autowired
    private PlatformProperties platform;

    @Autowired
    private ConfigurableEnvironment environment;

    @AfterAll
    static void stopRiskStream() {
        if (riskStream != null) {
            riskStream.close();
        }
    }

    @Test
    void reproducesEveryRecordedDecisionAndReportsAForgedAndAMissingOne() throws Exception {
        riskStream = RiskStreamApplication.application().registerShutdownHook(false).run(
                "--server.port=0",
                "--safety.kafka.bootstrap-servers=" + platform.kafka().bootstrapServers(),
                "--safety.registry.url=" + TestRegistry.confluentApiUrl(),
                "--safety.risk.state-dir=" + Files.createTempDirectory("risk-replay"));
        AuditReplay replay = replay(ReplayLimits.defaults());
        try (TopicProbe probe = new TopicProbe(platform.kafka().bootstrapServers(), registry)) {
            // Given: a disabled strategy, a year of daily bars (the gate wants 250 days), and the account's equity.
            probe.send(Topics.CONTROL, "strategy/dormant", ControlRecord.newBuilder().setEventId("ctl-dormant")
                    .setCausationId(null).setKey("strategy/dormant").setActive(true).setMode(null)
                    .setReason("retired").setOperator("alice").setOrigin("MANUAL").setCommandId("cmd-dormant")
                    .setAt(Instant.now()).setParams(Map.of()).build());
            Instant lastBar = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.MILLIS);
            for (int day = HISTORY_DAYS - 1; day >= 0; day--) {
                probe.send(Topics.MARKET_DATA, SYMBOL, bar(lastBar.minus(Duration.ofDays(day))));
            }
            probe.awaitCommitted(Topics.SYMBOL_QUALITY, SYMBOL, 1,
                    verdict -> verdict.getTradable() && verdict.getLastBarTime().equals(lastBar));
            probe.send(Topics.BROKER_SNAPSHOTS, ACCOUNT, BrokerSnapshot.newBuilder().setEventId("snap-replay")
                    .setCausationId(null).setAccountId(ACCOUNT).setBrokerId("paper").setAsOf(Instant.now())
                    .setCash(Decimals.of(1_000_000)).setEquity(Decimals.of(1_000_000)).setPositions(List.of())
                    .setOpenOrders(0).build());
            probe.awaitCommitted(Topics.RISK_STATE, ACCOUNT, 1);

            // When: five entries of a live strategy and one of the disabled strategy are decided.
            Instant from = Instant.now();
            for (int n = 1; n <= 5; n++) {
                probe.send(Topics.SIGNALS, ACCOUNT, signal(n, "momentum"));
            }
            probe.send(Topics.SIGNALS, ACCOUNT, signal(6, "dormant"));
            List<SignalDecision> decided = probe.awaitCommitted(Topics.SIGNAL_DECISIONS, ACCOUNT, 6);
            assertThat(decided).extracting(SignalDecision::getPrimaryReason).as("the setup lets entries through")
                    .containsExactly(ReasonCode.NONE, ReasonCode.NONE, ReasonCode.NONE, ReasonCode.NONE,
                            ReasonCode.NONE, ReasonCode.STRATEGY_DISABLED);

            // Then: the replay reproduces every one of them from the recorded inputs.
            ReplayReport clean = replay.replay(from, Instant.now());
            assertThat(clean.mismatches()).isEmpty();
            assertThat(clean.mismatchCount()).isZero();
            assertThat(clean.checked()).isEqualTo(6);
            assertThat(clean.matched()).isEqualTo(6);
            assertThat(clean.recordedDecisions()).isEqualTo(6);
            assertThat(clean.replayedDecisions()).isEqualTo(6);
            assertThat(clean.inputRecords()).as("history before the range is re-run too")
                    .isGreaterThanOrEqualTo(1 + HISTORY_DAYS + 1 + 6);
            assertThat(clean.unreadableInputs()).isZero();
            assertThat(clean.consistent()).isTrue();
            assertThatThrownBy(() -> replay(new ReplayLimits(HISTORY_DAYS, 10, Duration.ofMinutes(1), 1))
                    .replay(from, Instant.now())).isInstanceOf(ReplayTooLargeException.class);

            // A forged decision for signal 2, rejecting what risk-stream approved, is appended.
            SignalDecision genuine = decided.get(1);
            probe.send(Topics.SIGNAL_DECISIONS, ACCOUNT, SignalDecision.newBuilder(genuine)
                    .setOutcome(DecisionOutcome.REJECTED).setPrimaryReason(ReasonCode.KILL_SWITCH).build());
            ReplayReport forged = replay.replay(from, Instant.now());
            assertThat(forged.mismatches()).hasSize(1);
            Mismatch duplicate = forged.mismatches().get(0);
            assertThat(duplicate.kind()).isEqualTo(Kind.DUPLICATE_RECORDED);
            assertThat(duplicate.signalId()).isEqualTo(genuine.getSignalId());
            assertThat(duplicate.accountId()).isEqualTo(ACCOUNT);
            assertThat(duplicate.fields()).contains(new FieldDifference("outcome", "REJECTED", "APPROVED"),
                    new FieldDifference("primaryReason", "KILL_SWITCH", "NONE"));
            assertThat(forged.matched()).isEqualTo(5);

            // risk-stream stops; a signal sent now is never decided.
            riskStream.close();
            TradeSignal undecided = signal(7, "momentum");
            probe.send(Topics.SIGNALS, ACCOUNT, undecided);
            ReplayReport missing = replay.replay(from, Instant.now());
            assertThat(missing.mismatches()).extracting(Mismatch::kind, Mismatch::signalId).containsExactlyInAnyOrder(
                    tuple(Kind.DUPLICATE_RECORDED, genuine.getSignalId()),
                    tuple(Kind.NOT_RECORDED, undecided.getSignalId()));
            assertThat(missing.checked()).isEqualTo(7);
            assertThat(missing.matched()).isEqualTo(5);
            assertThat(missing.recordedDecisions()).isEqualTo(7);
            assertThat(missing.replayedDecisions()).isEqualTo(7);
        }
    }

    private AuditReplay replay(ReplayLimits limits) {
        return new AuditReplay(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers()),
                registry, RiskSettingsLoader.settings(environment), limits);
    }

    private static MarketBar bar(Instant at) {
        return MarketBar.newBuilder().setEventId("bar-" + SYMBOL + "-" + at.toEpochMilli()).setCausationId(null)
                .setSymbol(SYMBOL).setBarTime(at).setOpen(Decimals.of(100)).setHigh(Decimals.of(100))
                .setLow(Decimals.of(100)).setClose(Decimals.of(100)).setVolume(Decimals.of(1000)).build();
    }

    /** An entry with a quantity of its own, so no two are duplicate intents. */
    private static TradeSignal signal(int n, String strategy) {
        String id = "sig-replay-" + n;
        return TradeSignal.newBuilder().setEventId("evt-" + id).setCausationId(null).setSignalId(id)
                .setAccountId(ACCOUNT).setStrategyId(strategy).setSymbol(SYMBOL).setSide(Side.BUY)
                .setQuantity(Decimals.of(n)).setOrderType(OrderType.MARKET).setLimitPrice(null)
                .setTimeInForce(TimeInForce.DAY).setReferencePrice(Decimals.of(100)).setCreatedAt(Instant.now())
                .setSource(SignalSource.KAFKA).setTags(Map.of()).build();
    }
}
