package trading.safety.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trading.safety.contract.registry.ConfluentRegistryClient;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.embedded.TestRegistry;
import trading.safety.localstack.demo.DemoStrategy;
import trading.safety.v1.TradeSignal;

/** The embedded default as a user runs it: everything comes up, and a restart keeps data and schema ids. */
class LocalStackIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dataDir;

    @Test
    void bringsEveryServiceUpAndKeepsTopicsRecordsAndSchemasAcrossARestart() throws Exception {
        LocalStack.Ports ports = new LocalStack.Ports(TestRegistry.freePort(), TestRegistry.freePort(),
                TestRegistry.freePort(), TestRegistry.freePort(), TestRegistry.freePort(), TestRegistry.freePort(),
                TestRegistry.freePort(), TestRegistry.freePort(), TestRegistry.freePort());
        Credentials credentials = Credentials.from(Map.of(), new SecureRandom());
        TradeSignal signal = SampleRecords.signal().setSignalId("before-restart").build();
        RecordMetadata written;

        try (LocalStack stack = LocalStack.start(dataDir, ports, credentials,
                new LocalStack.Demo(Duration.ofMillis(200), Duration.ofSeconds(1)))) {
            for (int port : List.of(ports.opsConsole(), ports.signalIngest(), ports.riskStream(),
                    ports.orderRouter(), ports.reconStream())) {
                HttpResponse<String> health = get("http://127.0.0.1:" + port + "/actuator/health");
                assertThat(health.body()).as("health on " + port).contains("\"status\":\"UP\"");
            }
            assertThat(get(stack.registryUrl() + "/subjects").body())
                    .contains(Topics.ALL.stream().map(Topic::valueSubject).toList());
            written = write(stack, signal);
            DemoStrategy demo = stack.demo().orElseThrow();
            await().atMost(Duration.ofSeconds(30)).until(() -> demo.accepted() >= 5);
            assertThat(endOffsets(stack, Topics.MARKET_DATA.name())).as("history backfilled for the quality gate")
                    .isGreaterThanOrEqualTo(250L * 4);
            assertThat(endOffsets(stack, Topics.SIGNALS.name())).isGreaterThanOrEqualTo(6);
            await("risk-stream's data-quality gate publishes verdicts").atMost(Duration.ofSeconds(60))
                    .until(() -> endOffsets(stack, Topics.SYMBOL_QUALITY.name()) >= 250L * 4);
        }

        try (LocalStack restarted = LocalStack.start(dataDir, ports, credentials, null)) {
            ConsumerRecord<String, TradeSignal> read = readAt(restarted, written);
            assertThat(read.value()).hasToString(signal.toString());
        }
    }

    @Test
    void generatesEveryMissingCredentialAndKeepsConfiguredOnes() {
        Credentials credentials = Credentials.from(Map.of(Credentials.ADMIN, "configured-admin-token-123"),
                new SecureRandom());

        assertThat(credentials.get(Credentials.ADMIN)).isEqualTo("configured-admin-token-123");
        assertThat(credentials.generated()).containsExactly(Credentials.OPERATOR, Credentials.VIEWER,
                Credentials.STRATEGY_KEYS);
        assertThat(credentials.get(Credentials.VIEWER)).hasSizeGreaterThanOrEqualTo(32)
                .isNotEqualTo(credentials.get(Credentials.OPERATOR));
        assertThat(credentials.get(Credentials.STRATEGY_KEYS).split(",")).hasSize(3);
        assertThat(credentials.toString()).doesNotContain(credentials.get(Credentials.VIEWER));
    }

    private static long endOffsets(LocalStack stack, String topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static RecordMetadata write(LocalStack stack, TradeSignal signal) throws Exception {
        var registry = new ConfluentRegistryClient(stack.registryUrl(), Duration.ofSeconds(10));
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"),
                Topics.SIGNALS.keySerde().serializer(), Topics.SIGNALS.valueSerde(registry).serializer())) {
            return producer.send(new ProducerRecord<>(Topics.SIGNALS.name(), signal.getAccountId(), signal)).get();
        }
    }

    private static ConsumerRecord<String, TradeSignal> readAt(LocalStack stack, RecordMetadata at) {
        var registry = new ConfluentRegistryClient(stack.registryUrl(), Duration.ofSeconds(10));
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()),
                Topics.SIGNALS.keySerde().deserializer(), Topics.SIGNALS.valueSerde(registry).deserializer())) {
            TopicPartition partition = new TopicPartition(at.topic(), at.partition());
            consumer.assign(List.of(partition));
            consumer.seek(partition, at.offset());
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, TradeSignal> record : consumer.poll(Duration.ofMillis(500))) {
                    return record;
                }
            }
            throw new AssertionError("the record written before the restart was not readable after it");
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
