package trading.safety.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;

/**
 * The runbooks' dry run, data-quality gate and "why no trade" on a whole local stack whose order-router runs
 * with {@code safety.router.dry-run=true}, driven only through the public REST APIs and topics. Every
 * scenario uses a strategy or symbols of its own, so none depends on another's order.
 */
class DryRunScenariosIT {

    @TempDir
    static Path dataDir;

    private static LocalStack stack;
    private static StackClient client;

    @BeforeAll
    static void start() throws Exception {
        Credentials credentials = StackClient.credentials();
        stack = LocalStack.start(dataDir, StackClient.freePorts(), credentials,
                new LocalStack.Demo(Duration.ofHours(1), Duration.ofSeconds(1)),
                Map.of("order-router", Map.of("safety.router.dry-run", true)));
        client = new StackClient(stack, credentials);
        client.awaitDemoEntriesApproved();
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void dryRunRoutesApprovedIntentsWithoutCallingTheBroker() throws Exception {
        String signalId = client.signal("momentum", "ACC-DEMO-1", "AAPL", 9);
        assertThat(client.outcome(signalId)).isEqualTo("APPROVED NONE");
        String intentId = client.intent(signalId).getIntentId();

        List<OrderEvent> events = new ArrayList<>();
        await("the router records the intent").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    events.clear();
                    client.records(Topics.ORDER_EVENTS).stream().filter(e -> e.getIntentId().equals(intentId))
                            .forEach(events::add);
                    return !events.isEmpty();
                });
        assertThat(events).allSatisfy(e -> {
            assertThat(e.getDryRun()).isTrue();
            assertThat(e.getType()).isEqualTo(OrderEventType.SUBMITTED);
            assertThat(e.getReason()).startsWith("[DRY_RUN]");
            assertThat(e.getBrokerOrderId()).as("no broker gave it an order id").isNull();
        });

        Instant after = Instant.now();
        await("a broker snapshot taken after the intent was routed").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1)).until(() -> {
                    BrokerSnapshot snapshot = client.latestSnapshot("ACC-DEMO-1");
                    return snapshot != null && snapshot.getAsOf().isAfter(after);
                });
        BrokerSnapshot snapshot = client.latestSnapshot("ACC-DEMO-1");
        assertThat(snapshot.getPositions()).as("the paper broker got no order").isEmpty();
        assertThat(snapshot.getOpenOrders()).isZero();
        assertThat(client.records(Topics.FILLS)).noneMatch(f -> f.getIntentId().equals(intentId));
    }

    @Test
    void staleMissingAndJumpingDataBlockOnlyTheirSymbolUntilGoodDataReturns() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        // Bars stopped arriving five days ago.
        client.history("STALEX", today.minusDays(5), 260, "100");
        client.history("NANX", today.minusDays(1), 260, "100");
        client.history("JUMPX", today.minusDays(1), 260, "100");
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            missing.add(StackClient.bar("NANX", now.minusSeconds(600 - i), ""));
        }
        client.barsCsv(missing);
        client.barsCsv(List.of(StackClient.bar("JUMPX", now.minusSeconds(600), "170")));

        awaitBlocked("STALEX", "STALE");
        awaitBlocked("NANX", "NAN_RATIO");
        awaitBlocked("JUMPX", "PRICE_OUTLIER");
        assertThat(client.outcome(client.signal("momentum", "ACC-DEMO-1", "AAPL"))).as("other symbols trade")
                .isEqualTo("APPROVED NONE");

        client.barsCsv(List.of(StackClient.bar("STALEX", now.minusSeconds(60), "100")));
        List<String> good = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            good.add(StackClient.bar("NANX", now.minusSeconds(500 - i), "100"));
        }
        client.barsCsv(good);
        client.barsCsv(List.of(StackClient.bar("JUMPX", now.minusSeconds(300), "171")));

        for (String symbol : List.of("STALEX", "NANX", "JUMPX")) {
            await(symbol + " trades again").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> client.outcome(client.signal("momentum", "ACC-DEMO-1", symbol)).startsWith("APPROVED"));
        }
    }

    @Test
    void whyNoTradeExplainsAStrategyThatSentSignalsButTradedNothingAndOneThatSentNothing() throws Exception {
        Instant from = Instant.now();
        client.history("QUIETX", LocalDate.now(ZoneOffset.UTC).minusDays(4), 260, "100");
        awaitBlocked("mean-reversion", "QUIETX", "STALE");
        String approved = client.signal("mean-reversion", "ACC-DEMO-1", "AAPL", 4);
        assertThat(client.outcome(approved)).isEqualTo("APPROVED NONE");
        String intentId = client.intent(approved).getIntentId();
        await("the router records the intent").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.records(Topics.ORDER_EVENTS).stream().anyMatch(e -> e.getIntentId().equals(intentId)));

        await("why-no-trade explains both strategies").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(2))
                .untilAsserted(() -> {
                    JsonNode why = client.view("/api/v1/why-no-trade?from=" + from);
                    JsonNode quiet = strategy(why, "mean-reversion");
                    assertThat(quiet.path("traded").asBoolean()).isFalse();
                    assertThat(quiet.path("signals").asLong()).isGreaterThanOrEqualTo(2);
                    assertThat(quiet.path("approved").asLong()).isEqualTo(1);
                    assertThat(quiet.path("filled").asLong()).isZero();
                    assertThat(reasons(quiet)).contains("DATA_QUALITY", "DRY_RUN");
                    JsonNode silent = strategy(why, "breakout");
                    assertThat(silent.path("signals").asLong()).isZero();
                    assertThat(silent.path("traded").asBoolean()).isFalse();
                    assertThat(reasons(silent)).containsExactly("NO_SIGNALS");
                });
    }

    private static JsonNode strategy(JsonNode why, String strategyId) {
        for (JsonNode strategy : why.path("strategies")) {
            if (strategy.path("strategyId").asText().equals(strategyId)) {
                return strategy;
            }
        }
        throw new AssertionError(strategyId + " is not in " + why);
    }

    private static List<String> reasons(JsonNode strategy) {
        List<String> reasons = new ArrayList<>();
        strategy.path("reasons").forEach(r -> reasons.add(r.path("reason").asText()));
        return reasons;
    }

    private static void awaitBlocked(String symbol, String issue) {
        awaitBlocked("momentum", symbol, issue);
    }

    /** Sends entries in {@code symbol} until one is rejected for data quality naming {@code issue}. */
    private static void awaitBlocked(String strategy, String symbol, String issue) {
        await(symbol + " blocked: " + issue).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    JsonNode decision = client.decision(client.signal(strategy, "ACC-DEMO-1", symbol));
                    assertThat(decision.path("outcome").asText() + " " + decision.path("primaryReason").asText())
                            .isEqualTo("REJECTED DATA_QUALITY");
                    assertThat(StackClient.failedCheck(decision, "DATA_QUALITY")).contains(issue);
                });
    }
}
