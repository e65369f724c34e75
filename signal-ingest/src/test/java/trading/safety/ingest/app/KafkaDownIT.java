package trading.safety.ingest.app;

import static org.assertj.core.api.Assertions.assertThat;
import static trading.safety.ingest.app.IngestTestSupport.OPERATOR_TOKEN;
import static trading.safety.ingest.app.IngestTestSupport.STRATEGY_KEY;
import static trading.safety.ingest.app.IngestTestSupport.postSignal;
import static trading.safety.ingest.app.IngestTestSupport.validSignal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.test.annotation.DirtiesContext;
import trading.safety.service.RealInfrastructureTest;

/** With Kafka gone, the front door answers 503 with Retry-After within its bound, never 202, never a hang. */
@SpringBootTest(classes = SignalIngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + SignalIngestApplication.CONFIG_NAME,
            "safety.ingest.strategy-keys=momentum:ACC-1:" + STRATEGY_KEY,
            "safety.ingest.operator-token=" + OPERATOR_TOKEN,
            "safety.ingest.kafka-timeout=2s"})
@Import(IngestTestSupport.FixedClock.class)
@DirtiesContext
class KafkaDownIT extends RealInfrastructureTest {

    private static final Duration BOUND = Duration.ofSeconds(2);
    /** Scheduling slack on a shared 2-core machine; the bound itself is enforced by the service. */
    private static final Duration SLACK = Duration.ofMillis(750);

    @LocalServerPort
    private int port;

    @Autowired
    private EmbeddedKafkaBroker broker;

    @Test
    void answers503WithRetryAfterWithinTheBoundOnceKafkaIsGone() throws Exception {
        assertThat(postSignal(port, STRATEGY_KEY, validSignal("while-up")).statusCode()).isEqualTo(202);

        broker.destroy();

        for (String id : new String[] {"down-1", "down-2"}) {
            long start = System.nanoTime();
            HttpResponse<String> response = postSignal(port, STRATEGY_KEY, validSignal(id));
            Duration took = Duration.ofNanos(System.nanoTime() - start);

            assertThat(response.statusCode()).as(response.body()).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).contains("1");
            assertThat(response.body()).contains("KAFKA_UNAVAILABLE");
            assertThat(took).isLessThan(BOUND.plus(SLACK));
        }
        long start = System.nanoTime();
        HttpResponse<String> bars = IngestTestSupport.post(port, "/api/v1/market-data/bars", "Bearer " + OPERATOR_TOKEN,
                "application/json", """
                {"symbol":"AAPL","barTime":"2026-03-02T14:29:00Z","close":10,"volume":1}
                """.getBytes(StandardCharsets.UTF_8));
        assertThat(bars.statusCode()).isEqualTo(503);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BOUND.plus(SLACK));

        HttpResponse<String> health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/actuator/health/liveness")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
    }
}
