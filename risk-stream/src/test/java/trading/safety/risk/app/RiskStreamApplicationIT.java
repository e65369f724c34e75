package trading.safety.risk.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.config.RiskProperties;
import trading.safety.risk.domain.IntentIds;
import trading.safety.service.PlatformProperties;
import trading.safety.service.ServiceSmokeTest;
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
        try (KafkaProducer<String, byte[]> producer = producer()) {
            send(producer, Topics.SYMBOL_QUALITY, "AAPL", SymbolQuality.newBuilder().setEventId("q-it")
                    .setCausationId(null).setSymbol("AAPL").setTradable(true).setIssues(List.of())
                    .setLastBarTime(now.minusSeconds(60)).setHistoryDays(250).setUpdatedAt(now).build());
            send(producer, Topics.BROKER_SNAPSHOTS, ACCOUNT, BrokerSnapshot.newBuilder().setEventId("snap-it")
                    .setCausationId(null).setAccountId(ACCOUNT).setBrokerId("paper").setAsOf(now)
                    .setCash(Decimals.of(100_000)).setEquity(Decimals.of(100_000)).setPositions(List.of())
                    .setOpenOrders(0).build());
            awaitCommitted(Topics.RISK_STATE, 1);

            TradeSignal first = signal("sig-it-1", 10);
            send(producer, Topics.SIGNALS, ACCOUNT, first);
            send(producer, Topics.SIGNALS, ACCOUNT, first);
            send(producer, Topics.SIGNALS, ACCOUNT, signal("sig-it-2", 12));
        }

        List<SignalDecision> decisions = awaitCommitted(Topics.SIGNAL_DECISIONS, 2);
        assertThat(decisions).extracting(SignalDecision::getSignalId).containsExactly("sig-it-1", "sig-it-2");
        assertThat(decisions).extracting(SignalDecision::getOutcome).containsOnly(DecisionOutcome.APPROVED);
        List<OrderIntent> intents = awaitCommitted(Topics.ORDER_INTENTS, 2);
        assertThat(intents).extracting(OrderIntent::getIntentId)
                .containsExactly(IntentIds.forSignal("sig-it-1"), IntentIds.forSignal("sig-it-2"));

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

    private KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(),
                new org.apache.kafka.common.serialization.ByteArraySerializer());
    }

    @SuppressWarnings("unchecked")
    private <V extends SpecificRecord> void send(KafkaProducer<String, byte[]> producer, Topic<V> topic, String key,
            V value) throws Exception {
        Serializer<V> serializer = topic.valueSerde(registry).serializer();
        producer.send(new ProducerRecord<>(topic.name(), key, serializer.serialize(topic.name(), value))).get();
    }

    /**
     * Waits until {@code count} committed records for the test account are on {@code topic}, and returns
     * them. The account's records share one partition, in order, so a duplicate of an earlier record would
     * arrive before the last one awaited and make the count too high.
     */
    private <V extends SpecificRecord> List<V> awaitCommitted(Topic<V> topic, int count) {
        var deserializer = topic.valueSerde(registry).deserializer();
        List<V> seen = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (ACCOUNT.equals(record.key())) {
                        seen.add(deserializer.deserialize(topic.name(), record.value()));
                    }
                }
                return seen.size() >= count;
            });
        }
        assertThat(seen).as(topic.name()).hasSize(count);
        return seen;
    }
}
