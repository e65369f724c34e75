package trading.safety.recon.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecord;
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
import trading.safety.v1.Alert;
import trading.safety.v1.BrokerPosition;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DiscrepancyKind;
import trading.safety.v1.Fill;
import trading.safety.v1.ReconStatus;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.Severity;
import trading.safety.v1.Side;

class ReconTopologyTest {

    private static final String ACCOUNT = "ACC-1";
    private static final Instant T0 = Instant.parse("2026-11-02T14:30:00Z");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final TopologyTestDriver driver = new TopologyTestDriver(ReconTopology.build(new ReconTopology.Settings(
            new Reconciler(new BigDecimal("0.01"), 2), Duration.ofDays(7), false), registry), properties());
    private final TestInputTopic<String, Fill> fills = input(Topics.FILLS);
    private final TestInputTopic<String, BrokerSnapshot> snapshots = input(Topics.BROKER_SNAPSHOTS);
    private final TestOutputTopic<String, ReconciliationResult> results = output(Topics.RECON_RESULTS);
    private final TestOutputTopic<String, Alert> alerts = output(Topics.ALERTS);
    private final TestOutputTopic<String, ControlRecord> control = output(Topics.CONTROL);
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
    void everyStoreAndNodeIsNamed() {
        String description = ReconTopology.build(new ReconTopology.Settings(new Reconciler(BigDecimal.ONE, 2),
                Duration.ofDays(1), false), registry).describe().toString();

        // Frozen: a renamed store or node would orphan state or break a reader; change it on purpose only.
        assertThat(description).isEqualTo("""
                Topologies:
                   Sub-topology: 0
                    Source: broker-snapshots-in (topics: [trading.broker-snapshots.v1])
                      --> account-ledger-processor
                    Source: fills-in (topics: [trading.fills.v1])
                      --> account-ledger-processor
                    Processor: account-ledger-processor (stores: [seen-fills, account-ledger])
                      --> alerts-out, control-out, recon-results-out
                      <-- fills-in, broker-snapshots-in
                    Sink: alerts-out (topic: trading.alerts.v1)
                      <-- account-ledger-processor
                    Sink: control-out (topic: trading.control.v1)
                      <-- account-ledger-processor
                    Sink: recon-results-out (topic: trading.recon-results.v1)
                      <-- account-ledger-processor

                """);
    }

    private void snapshot(int second, String cash, BrokerPosition... positions) {
        snapshotNumber++;
        Instant at = T0.plusSeconds(second);
        snapshots.pipeInput(ACCOUNT, BrokerSnapshot.newBuilder().setEventId("snap-" + snapshotNumber)
                .setCausationId(null).setAccountId(ACCOUNT).setBrokerId("paper").setAsOf(at)
                .setCash(Decimals.of(cash)).setEquity(Decimals.of(cash)).setPositions(List.of(positions))
                .setOpenOrders(0).build(), at);
    }

    private void fill(String fillId, int second, String quantity, String price, String fee) {
        Instant at = T0.plusSeconds(second);
        fills.pipeInput(ACCOUNT, Fill.newBuilder().setEventId("fill:" + fillId).setCausationId(null)
                .setFillId(fillId).setIntentId("intent-" + fillId).setAccountId(ACCOUNT).setSymbol("AAPL")
                .setSide(Side.BUY).setQuantity(Decimals.of(quantity)).setPrice(Decimals.of(price))
                .setFee(Decimals.of(fee)).setBrokerId("paper").setFilledAt(at).build(), at);
    }

    private static BrokerPosition position(String symbol, String quantity) {
        return BrokerPosition.newBuilder().setSymbol(symbol).setQuantity(Decimals.of(quantity))
                .setAvgPrice(Decimals.of("100")).setMarketValue(Decimals.of("0")).build();
    }

    private <V extends SpecificRecord> TestInputTopic<String, V> input(Topic<V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(),
                topic.valueSerde(registry).serializer());
    }

    private <V extends SpecificRecord> TestOutputTopic<String, V> output(Topic<V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(),
                topic.valueSerde(registry).deserializer());
    }

    private static Properties properties() {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, "recon-stream-test");
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        return p;
    }
}
