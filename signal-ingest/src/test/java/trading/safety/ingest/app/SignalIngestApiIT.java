package trading.safety.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static trading.safety.ingest.app.IngestTestSupport.OPERATOR_TOKEN;
import static trading.safety.ingest.app.IngestTestSupport.OTHER_KEY;
import static trading.safety.ingest.app.IngestTestSupport.STRATEGY_KEY;
import static trading.safety.ingest.app.IngestTestSupport.endOffsets;
import static trading.safety.ingest.app.IngestTestSupport.post;
import static trading.safety.ingest.app.IngestTestSupport.postSignal;
import static trading.safety.ingest.app.IngestTestSupport.validSignal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import trading.safety.contract.registry.ConfluentRegistryClient;
import trading.safety.contract.topic.Topics;
import trading.safety.embedded.TestRegistry;
import trading.safety.service.PlatformProperties;
import trading.safety.service.ServiceSmokeTest;
import trading.safety.v1.SignalSource;
import trading.safety.v1.TradeSignal;

/** signal-ingest over HTTP, on a real broker and registry. */
@SpringBootTest(classes = SignalIngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + SignalIngestApplication.CONFIG_NAME,
            "safety.ingest.strategy-keys=momentum:ACC-1:" + STRATEGY_KEY + ",breakout:ACC-2:" + OTHER_KEY,
            "safety.ingest.operator-token=" + OPERATOR_TOKEN,
            "safety.ingest.max-bars-per-request=500"})
@Import(IngestTestSupport.FixedClock.class)
class SignalIngestApiIT extends ServiceSmokeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    private int port;

    @Autowired
    private PlatformProperties platform;

    @Test
    void acceptsAValidSignalOnlyOnceKafkaHasItAsReadableAvro() throws Exception {
        HttpResponse<String> response = postSignal(port, STRATEGY_KEY, validSignal("accepted-1"));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        JsonNode answer = JSON.readTree(response.body());
        assertThat(answer.path("signalId").asText()).isEqualTo("accepted-1");
        TradeSignal written = readSignal(answer.path("partition").asInt(), answer.path("offset").asLong());
        assertThat(written.getSignalId()).isEqualTo("accepted-1");
        assertThat(written.getAccountId()).isEqualTo("ACC-1");
        assertThat(written.getStrategyId()).isEqualTo("momentum");
        assertThat(written.getSource()).isEqualTo(SignalSource.REST);
        assertThat(written.getLimitPrice()).isEqualByComparingTo("187.25");
        assertThat(written.getEventId()).isEqualTo(answer.path("eventId").asText());
    }

    @Test
    void refusesMissingAndUnknownKeysWith401AndWritesNothing() throws Exception {
        long before = signalsWritten();

        HttpResponse<String> none = postSignal(port, null, validSignal("no-key"));
        HttpResponse<String> unknown = postSignal(port, "not-a-configured-key-at-all", validSignal("bad-key"));
        HttpResponse<String> operatorToken = postSignal(port, OPERATOR_TOKEN, validSignal("operator"));

        for (HttpResponse<String> response : List.of(none, unknown, operatorToken)) {
            assertThat(response.statusCode()).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer");
            assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/problem+json"));
            assertThat(response.body()).doesNotContain("not-a-configured-key-at-all");
        }
        assertThat(signalsWritten()).isEqualTo(before);
    }

    @Test
    void refusesABodyNamingAnotherAccountWith403() throws Exception {
        long before = signalsWritten();

        HttpResponse<String> response = postSignal(port, STRATEGY_KEY,
                validSignal("other-account").replace("{\"signalId\"", "{\"accountId\":\"ACC-2\",\"signalId\""));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).path("code").asText()).isEqualTo("FORBIDDEN");
        assertThat(signalsWritten()).isEqualTo(before);
    }

    @Test
    void namesEveryBadFieldInOneProblemBodyAndWritesNothing() throws Exception {
        long before = signalsWritten();

        HttpResponse<String> response = postSignal(port, STRATEGY_KEY, """
                {"signalId":"bad-1","symbol":"aapl","side":"HOLD","quantity":-1,"orderType":"MARKET",
                 "limitPrice":5,"timeInForce":"DAY","referencePrice":0,"createdAt":"2020-01-01T00:00:00Z",
                 "colour":"red"}""");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode problem = JSON.readTree(response.body());
        assertThat(problem.path("code").asText()).isEqualTo("INVALID_REQUEST");
        assertThat(problem.path("type").asText()).isEqualTo("urn:trading-safety:problem:invalid-request");
        List<String> fields = problem.path("errors").findValuesAsText("field");
        assertThat(fields).containsExactlyInAnyOrder("symbol", "side", "quantity", "limitPrice", "referencePrice",
                "createdAt", "colour");
        assertThat(signalsWritten()).isEqualTo(before);
    }

    @Test
    void refusesOversizeBodiesWrongContentTypesAndMalformedJson() throws Exception {
        long before = signalsWritten();
        byte[] huge = ("{\"signalId\":\"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

        assertThat(post(port, "/api/v1/signals", "Bearer " + STRATEGY_KEY, "application/json", huge).statusCode())
                .isEqualTo(413);
        assertThat(post(port, "/api/v1/signals", "Bearer " + STRATEGY_KEY, "text/plain",
                validSignal("text").getBytes(StandardCharsets.UTF_8)).statusCode()).isEqualTo(415);
        HttpResponse<String> malformed = postSignal(port, STRATEGY_KEY, "{\"signalId\": ");
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(malformed.body()).path("code").asText()).isEqualTo("MALFORMED_BODY");
        assertThat(malformed.body()).doesNotContain("at com.").doesNotContain("Exception");
        assertThat(signalsWritten()).isEqualTo(before);
    }

    @Test
    void acceptsBarsAsOneObjectAnArrayOrCsvAndRecordsNanClosesAsMissing() throws Exception {
        String auth = "Bearer " + OPERATOR_TOKEN;
        long before = endOffsets(platform.kafka().bootstrapServers(), Topics.MARKET_DATA.name());

        HttpResponse<String> one = post(port, "/api/v1/market-data/bars", auth, "application/json", """
                {"symbol":"AAPL","barTime":"2026-03-02T14:29:00Z","open":10,"high":11,"low":9,"close":NaN,"volume":100}
                """.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> array = post(port, "/api/v1/market-data/bars", auth, "application/json", """
                [{"symbol":"MSFT","barTime":"2026-03-02T14:28:00Z","close":400,"volume":10},
                 {"symbol":"MSFT","barTime":"2026-03-02T14:29:00Z","close":401,"volume":12}]
                """.getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> csv = post(port, "/api/v1/market-data/bars", auth, "text/csv", """
                symbol,barTime,open,high,low,close,volume
                SPY,2026-02-27T21:00:00Z,500,505,498,503,1000000
                SPY,2026-03-02T21:00:00Z,,,,,0
                """.replace("2026-03-02T21", "2026-03-02T14").getBytes(StandardCharsets.UTF_8));

        assertThat(List.of(one.statusCode(), array.statusCode(), csv.statusCode())).containsOnly(202);
        assertThat(JSON.readTree(array.body()).path("accepted").asInt()).isEqualTo(2);
        assertThat(endOffsets(platform.kafka().bootstrapServers(), Topics.MARKET_DATA.name()) - before).isEqualTo(5);
    }

    @Test
    void refusesImpossibleBarsAndNonOperatorsAndWritesNoneOfTheBatch() throws Exception {
        long before = endOffsets(platform.kafka().bootstrapServers(), Topics.MARKET_DATA.name());
        byte[] batch = """
                [{"symbol":"AAPL","barTime":"2026-03-02T14:29:00Z","close":10,"volume":1},
                 {"symbol":"AAPL","barTime":"2026-03-02T14:29:00Z","high":9,"low":10,"volume":-3}]
                """.getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> impossible = post(port, "/api/v1/market-data/bars", "Bearer " + OPERATOR_TOKEN,
                "application/json", batch);
        HttpResponse<String> strategy = post(port, "/api/v1/market-data/bars", "Bearer " + STRATEGY_KEY,
                "application/json", batch);

        assertThat(impossible.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(impossible.body()).path("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("[1].high", "[1].volume");
        assertThat(strategy.statusCode()).isEqualTo(401);
        assertThat(endOffsets(platform.kafka().bootstrapServers(), Topics.MARKET_DATA.name())).isEqualTo(before);
    }

    @Test
    void countsSignalsByStrategyAndOutcomeAndTimesAcceptedOnes() throws Exception {
        postSignal(port, OTHER_KEY, validSignal("metrics-1"));
        postSignal(port, OTHER_KEY, "{}");

        String scrape = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + "/actuator/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertThat(scrape)
                .containsPattern("signals_received_total\\{.*outcome=\"accepted\".*strategy=\"breakout\".*\\} 1\\.0")
                .containsPattern("signals_received_total\\{.*outcome=\"INVALID_REQUEST\".*strategy=\"breakout\".*\\} 1\\.0")
                .contains("signal_accept_latency_seconds_bucket");
    }

    @Test
    void refusesOneThousandTwoHundredMalformedBodiesWritesNothingAndStaysHealthy() throws Exception {
        long before = signalsWritten();
        var mutations = new MalformedBodies(20261122L, MalformedBodies.parse(validSignal("fuzz-base")))
                .generate(1200);

        List<String> accepted = new java.util.ArrayList<>();
        for (MalformedBodies.Mutation mutation : mutations) {
            HttpResponse<String> response = post(port, "/api/v1/signals", "Bearer " + STRATEGY_KEY,
                    "application/json", mutation.body());
            if (response.statusCode() < 400 || response.statusCode() >= 500) {
                accepted.add(mutation.description() + " -> " + response.statusCode() + " " + response.body());
            }
        }

        assertThat(accepted).as("mutations not refused with a 4xx").isEmpty();
        assertThat(signalsWritten()).isEqualTo(before);
        assertThat(postSignal(port, STRATEGY_KEY, validSignal("after-fuzz")).statusCode()).isEqualTo(202);
        assertThat(signalsWritten()).isEqualTo(before + 1);
    }

    private long signalsWritten() {
        return endOffsets(platform.kafka().bootstrapServers(), Topics.SIGNALS.name());
    }

    private TradeSignal readSignal(int partition, long offset) {
        var registry = new ConfluentRegistryClient(TestRegistry.confluentApiUrl(), Duration.ofSeconds(10));
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of("bootstrap.servers",
                platform.kafka().bootstrapServers()), Topics.SIGNALS.keySerde().deserializer(),
                Topics.SIGNALS.valueSerde(registry).deserializer())) {
            TopicPartition tp = new TopicPartition(Topics.SIGNALS.name(), partition);
            consumer.assign(List.of(tp));
            consumer.seek(tp, offset);
            for (int i = 0; i < 20; i++) {
                for (ConsumerRecord<String, TradeSignal> record : consumer.poll(Duration.ofMillis(500))) {
                    assertThat(record.key()).isEqualTo(record.value().getAccountId());
                    return record.value();
                }
            }
        }
        throw new AssertionError("the acknowledged signal is not on the topic");
    }
}
