package trading.safety.risk.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.config.RiskProperties;
import trading.safety.risk.domain.IntentIds;
import trading.safety.service.PlatformProperties;
import trading.safety.service.ServiceSmokeTest;
import trading.safety.service.testing.TopicProbe;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.OrderType;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.SymbolQuality;
import trading.safety.v1.TradeSignal;

@SpringBootTest(classes = RiskStreamApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + RiskStreamApplication.CONFIG_NAME,
            "safety.risk.state-dir=${java.io.tmpdir}/risk-stream-it-${random.uuid}"})
class RiskStreamApplicationIT extends ServiceSmokeTest {

    private static final String ACCOUNT = "ACC-IT";

    @Autowired
    private SchemaRegistry registry;

    @Autowired
    private PlatformProperties platform;

    @Autowired
    private RiskProperties risk;

    @LocalServerPort
    private int port;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void decidesEachSignalOnceExactlyOnceAndAbsorbsAReplay() throws Exception {
        assertThat(risk.processingGuarantee()).isEqualTo("exactly_once_v2");
        Instant now = Instant.now();
        try (TopicProbe probe = new TopicProbe(platform.kafka().bootstrapServers(), registry)) {
            probe.send(Topics.SYMBOL_QUALITY, "AAPL", SymbolQuality.newBuilder().setEventId("q-it")
                    .setCausationId(null).setSymbol("AAPL").setTradable(true).setIssues(List.of())
                    .setLastBarTime(now.minusSeconds(60)).setHistoryDays(250).setUpdatedAt(now).build());
            probe.send(Topics.BROKER_SNAPSHOTS, ACCOUNT, BrokerSnapshot.newBuilder().setEventId("snap-it")
                    .setCausationId(null).setAccountId(ACCOUNT).setBrokerId("paper").setAsOf(now)
                    .setCash(Decimals.of(100_000)).setEquity(Decimals.of(100_000)).setPositions(List.of())
                    .setOpenOrders(0).build());
            probe.awaitCommitted(Topics.RISK_STATE, ACCOUNT, 1);

            TradeSignal first = signal("sig-it-1", 10);
            probe.send(Topics.SIGNALS, ACCOUNT, first);
            probe.send(Topics.SIGNALS, ACCOUNT, first);
            probe.send(Topics.SIGNALS, ACCOUNT, signal("sig-it-2", 12));

            List<SignalDecision> decisions = probe.awaitCommitted(Topics.SIGNAL_DECISIONS, ACCOUNT, 2);
            assertThat(decisions).extracting(SignalDecision::getSignalId).containsExactly("sig-it-1", "sig-it-2");
            assertThat(decisions).extracting(SignalDecision::getOutcome).containsOnly(DecisionOutcome.APPROVED);
            List<OrderIntent> intents = probe.awaitCommitted(Topics.ORDER_INTENTS, ACCOUNT, 2);
            assertThat(intents).extracting(OrderIntent::getIntentId)
                    .containsExactly(IntentIds.forSignal("sig-it-1"), IntentIds.forSignal("sig-it-2"));
        }

        String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/prometheus")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(metrics).contains("risk_decisions_total{outcome=\"APPROVED\",reason=\"NONE\"")
                .contains("risk_decision_latency_seconds_count").contains("risk_account_drawdown{account=\"ACC-IT\"")
                .contains("kafka_consumer_fetch_manager_records_lag");
        assertThat(metrics.lines().filter(line -> line.startsWith("risk_replays_absorbed_total"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum())
                .isGreaterThanOrEqualTo(1.0);
    }

    private static TradeSignal signal(String id, long quantity) {
        Instant now = Instant.now();
        return SampleRecords.signal().setEventId("evt-" + id).setSignalId(id).setAccountId(ACCOUNT)
                .setQuantity(Decimals.of(quantity)).setOrderType(OrderType.MARKET).setLimitPrice(null)
                .setReferencePrice(Decimals.of("100")).setCreatedAt(now).build();
    }
}
