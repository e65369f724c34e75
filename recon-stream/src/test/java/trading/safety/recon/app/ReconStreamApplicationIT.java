package trading.safety.recon.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topics;
import trading.safety.service.PlatformProperties;
import trading.safety.service.ServiceSmokeTest;
import trading.safety.service.testing.TopicProbe;
import trading.safety.v1.Alert;
import trading.safety.v1.BrokerPosition;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.Fill;
import trading.safety.v1.ReconStatus;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.Severity;
import trading.safety.v1.Side;

@SpringBootTest(classes = ReconStreamApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + ReconStreamApplication.CONFIG_NAME,
            "safety.recon.state-dir=${java.io.tmpdir}/recon-stream-it-${random.uuid}"})
class ReconStreamApplicationIT extends ServiceSmokeTest {

    private static final String ACCOUNT = "ACC-R1";

    @Autowired
    private SchemaRegistry registry;

    @Autowired
    private PlatformProperties platform;

    @LocalServerPort
    private int port;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aPositionChangedAtTheBrokerFailsTheSecondSnapshotAndHaltsTheAccount() throws Exception {
        try (TopicProbe probe = new TopicProbe(platform.kafka().bootstrapServers(), registry)) {
            probe.send(Topics.BROKER_SNAPSHOTS, ACCOUNT, snapshot(1, "100000"));
            probe.send(Topics.FILLS, ACCOUNT, Fill.newBuilder().setEventId("fill:X-1").setCausationId(null)
                    .setFillId("X-1").setIntentId("intent-1").setAccountId(ACCOUNT).setSymbol("AAPL")
                    .setSide(Side.BUY).setQuantity(Decimals.of(10)).setPrice(Decimals.of(100))
                    .setFee(Decimals.of("0.05")).setBrokerId("paper").setFilledAt(Instant.now()).build());
            probe.send(Topics.BROKER_SNAPSHOTS, ACCOUNT, snapshot(2, "98999.95", "10"));
            assertThat(probe.awaitCommitted(Topics.RECON_RESULTS, ACCOUNT, 2)).extracting(
                    ReconciliationResult::getStatus).containsExactly(ReconStatus.PASS, ReconStatus.PASS);

            // Someone bought 5 more at the broker, behind the ledger's back.
            probe.send(Topics.BROKER_SNAPSHOTS, ACCOUNT, snapshot(3, "98499.95", "15"));
            probe.send(Topics.BROKER_SNAPSHOTS, ACCOUNT, snapshot(4, "98499.95", "15"));

            List<ReconciliationResult> results = probe.awaitCommitted(Topics.RECON_RESULTS, ACCOUNT, 4);
            assertThat(results).extracting(ReconciliationResult::getStatus).containsExactly(ReconStatus.PASS,
                    ReconStatus.PASS, ReconStatus.PENDING, ReconStatus.FAIL);
            ControlRecord kill = probe.awaitCommitted(Topics.CONTROL, "kill-switch/account/" + ACCOUNT, 1).get(0);
            assertThat(kill.getOrigin()).isEqualTo("AUTO:RECONCILIATION");
            assertThat(kill.getMode()).isEqualTo("HALT_ONLY");
            Alert alert = probe.awaitCommitted(Topics.ALERTS, "RECONCILIATION_FAIL", 1).get(0);
            assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.getSubject()).isEqualTo(ACCOUNT);

            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                    + "/actuator/prometheus")).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
            assertThat(metrics).contains("recon_results_total{service=\"recon-stream\",status=\"FAIL\"} 1.0")
                    .contains("recon_rules_fired_total{rule=\"RECONCILIATION\",service=\"recon-stream\"} 1.0")
                    .contains("recon_account_consecutive_failures{account=\"" + ACCOUNT
                            + "\",service=\"recon-stream\"} 2.0");
        }
    }

    private static BrokerSnapshot snapshot(int n, String cash, String... aaplQuantity) {
        List<BrokerPosition> positions = aaplQuantity.length == 0 ? List.of()
                : List.of(BrokerPosition.newBuilder().setSymbol("AAPL").setQuantity(Decimals.of(aaplQuantity[0]))
                        .setAvgPrice(Decimals.of(100)).setMarketValue(Decimals.of(0)).build());
        return BrokerSnapshot.newBuilder().setEventId("snap-" + n).setCausationId(null).setAccountId(ACCOUNT)
                .setBrokerId("paper").setAsOf(Instant.now()).setCash(Decimals.of(cash)).setEquity(Decimals.of(cash))
                .setPositions(positions).setOpenOrders(0).build();
    }
}
