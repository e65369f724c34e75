package trading.safety.ingest.app;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** HTTP and Kafka helpers for signal-ingest's integration tests. */
final class IngestTestSupport {

    /** What the service's clock says in these tests. */
    static final Instant NOW = Instant.parse("2026-03-02T14:30:00Z");
    static final String STRATEGY_KEY = "key-momentum-0123456789";
    static final String OTHER_KEY = "key-breakout-0123456789";
    static final String OPERATOR_TOKEN = "operator-token-0123456789";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private IngestTestSupport() {
    }

    /** Pins the service's clock to {@link #NOW}. */
    @org.springframework.boot.test.context.TestConfiguration(proxyBeanMethods = false)
    static class FixedClock {
        @org.springframework.context.annotation.Bean
        @org.springframework.context.annotation.Primary
        java.time.Clock fixedClock() {
            return java.time.Clock.fixed(NOW, java.time.ZoneOffset.UTC);
        }
    }

    static HttpResponse<String> post(int port, String path, String authorization, String contentType, byte[] body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> postSignal(int port, String key, String json) throws Exception {
        return post(port, "/api/v1/signals", key == null ? null : "Bearer " + key, "application/json",
                json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String validSignal(String signalId) {
        return """
                {"signalId":"%s","symbol":"AAPL","side":"BUY","quantity":10,"orderType":"LIMIT",
                 "limitPrice":187.25,"timeInForce":"DAY","referencePrice":"187.20","createdAt":"%s",
                 "tags":{"model":"v3"}}""".formatted(signalId, NOW.minusSeconds(1));
    }

    /** Sum of end offsets of a topic: grows by one per record written. */
    static long endOffsets(String bootstrapServers, String topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
                    .map(PartitionInfo::partition)
                    .map(p -> new TopicPartition(topic, p))
                    .collect(Collectors.toList());
            return consumer.endOffsets(partitions, Duration.ofSeconds(10)).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
    }
}
