package trading.safety.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trading.safety.embedded.TestRegistry;

/**
 * The runbooks' manual controls on the whole local stack (real broker, registry, all five services, the paper
 * broker), driven only through the public REST APIs: a strategy sends signals through signal-ingest, an
 * operator acts through the console, and each decision is read back through the console.
 */
class RunbookScenariosIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * The next quantity per strategy, account and symbol: every signal differs from the last in quantity, so none
     * is a duplicate intent (which would halt the account), and positions stay far below the heat limit.
     */
    private static final Map<String, AtomicInteger> QUANTITIES = new ConcurrentHashMap<>();
    private static final AtomicInteger SIGNALS = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private static LocalStack stack;
    private static Credentials credentials;
    private static Map<String, String> strategyKeys;

    @BeforeAll
    static void start() throws Exception {
        LocalStack.Ports ports = new LocalStack.Ports(TestRegistry.freePort(), TestRegistry.freePort(),
                TestRegistry.freePort(), TestRegistry.freePort(), TestRegistry.freePort(), TestRegistry.freePort(),
                TestRegistry.freePort(), TestRegistry.freePort(), TestRegistry.freePort());
        credentials = Credentials.from(Map.of(), new SecureRandom());
        strategyKeys = new HashMap<>();
        for (String entry : credentials.get(Credentials.STRATEGY_KEYS).split(",")) {
            String[] parts = entry.split(":");
            strategyKeys.put(parts[0] + "@" + parts[1], parts[2]);
        }
        // The demo loads the market history the data-quality gate needs and sends bars; its own signals are
        // an hour apart, so every signal here is the test's.
        stack = LocalStack.start(dataDir, ports, credentials,
                new LocalStack.Demo(Duration.ofHours(1), Duration.ofSeconds(1)));
        await("a first entry is approved: history, a broker snapshot and a risk state are in place")
                .atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(3))
                .until(() -> outcome(signal("momentum", "ACC-DEMO-1", "NVDA")).startsWith("APPROVED")
                        & outcome(signal("breakout", "ACC-DEMO-2", "NVDA")).startsWith("APPROVED"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void theGlobalKillSwitchStopsEntriesUntilResumedAndIsAudited() throws Exception {
        Instant from = Instant.now();
        assertThat(console("POST", "/api/v1/kill-switch", Credentials.OPERATOR,
                "{\"mode\":\"HALT_ONLY\",\"reason\":\"runbook: halt everything\"}").statusCode()).isEqualTo(200);

        awaitOutcome("momentum", "ACC-DEMO-1", "REJECTED KILL_SWITCH");
        awaitOutcome("breakout", "ACC-DEMO-2", "REJECTED KILL_SWITCH");

        assertThat(console("DELETE", "/api/v1/kill-switch", Credentials.OPERATOR,
                "{\"reason\":\"runbook: cause fixed\"}").statusCode()).isEqualTo(200);
        awaitOutcome("momentum", "ACC-DEMO-1", "APPROVED NONE");

        JsonNode audit = JSON.readTree(console("GET", "/api/v1/audit?subject=kill-switch&from=" + from,
                Credentials.VIEWER, null).body());
        List<String> actions = new ArrayList<>();
        audit.path("events").forEach(e -> actions.add(e.path("action").asText() + " " + e.path("actor").asText()
                + " " + e.path("reason").asText()));
        assertThat(actions).containsExactly("KILL_SWITCH_ACTIVATE operator runbook: halt everything",
                "KILL_SWITCH_DEACTIVATE operator runbook: cause fixed");
    }

    @Test
    void aDisabledStrategyIsRejectedAndWhyNoTradeSaysSoWhileOthersTrade() throws Exception {
        Instant from = Instant.now();
        assertThat(console("POST", "/api/v1/strategies/mean-reversion/disable", Credentials.OPERATOR,
                "{\"reason\":\"runbook: strategy misbehaving\"}").statusCode()).isEqualTo(200);

        awaitOutcome("mean-reversion", "ACC-DEMO-1", "REJECTED STRATEGY_DISABLED");
        awaitOutcome("momentum", "ACC-DEMO-1", "APPROVED NONE");

        JsonNode why = JSON.readTree(console("GET", "/api/v1/why-no-trade?from=" + from, Credentials.VIEWER, null)
                .body());
        JsonNode meanReversion = null;
        for (JsonNode strategy : why.path("strategies")) {
            if (strategy.path("strategyId").asText().equals("mean-reversion")) {
                meanReversion = strategy;
            }
        }
        assertThat(meanReversion).as(why.toString()).isNotNull();
        assertThat(meanReversion.path("traded").asBoolean()).isFalse();
        List<String> reasons = new ArrayList<>();
        meanReversion.path("reasons").forEach(r -> reasons.add(r.path("reason").asText()));
        assertThat(reasons).contains("STRATEGY_DISABLED", "BLOCKED_NOW");

        assertThat(console("POST", "/api/v1/strategies/mean-reversion/enable", Credentials.OPERATOR,
                "{\"reason\":\"runbook: fixed\"}").statusCode()).isEqualTo(200);
        awaitOutcome("mean-reversion", "ACC-DEMO-1", "APPROVED NONE");
    }

    @Test
    void anAccountKillSwitchStopsOnlyThatAccount() throws Exception {
        assertThat(console("POST", "/api/v1/accounts/ACC-DEMO-2/kill-switch", Credentials.OPERATOR,
                "{\"mode\":\"HALT_ONLY\",\"reason\":\"runbook: account under review\"}").statusCode()).isEqualTo(200);

        awaitOutcome("breakout", "ACC-DEMO-2", "REJECTED KILL_SWITCH");
        awaitOutcome("momentum", "ACC-DEMO-1", "APPROVED NONE");

        assertThat(console("DELETE", "/api/v1/accounts/ACC-DEMO-2/kill-switch", Credentials.OPERATOR,
                "{\"reason\":\"runbook: review done\"}").statusCode()).isEqualTo(200);
        awaitOutcome("breakout", "ACC-DEMO-2", "APPROVED NONE");
    }

    @Test
    void aDuplicateIntentHaltsItsAccountAutomaticallyUntilAnOperatorLiftsIt() throws Exception {
        String first = signal("mean-reversion", "ACC-DEMO-1", "MSFT", 7);
        assertThat(outcome(first)).isEqualTo("APPROVED NONE");
        String twin = signal("mean-reversion", "ACC-DEMO-1", "MSFT", 7);
        assertThat(outcome(twin)).isEqualTo("REJECTED DUPLICATE_INTENT");

        await("recon-stream halts the account").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode kill = JSON.readTree(console("GET", "/api/v1/kill-switch", Credentials.VIEWER, null).body());
            List<String> halted = new ArrayList<>();
            kill.path("accounts").forEach(a -> halted.add(a.path("key").asText() + " " + a.path("origin").asText()));
            assertThat(halted).contains("kill-switch/account/ACC-DEMO-1 AUTO:DUPLICATE_INTENT");
        });
        awaitOutcome("momentum", "ACC-DEMO-1", "REJECTED KILL_SWITCH");
        awaitOutcome("breakout", "ACC-DEMO-2", "APPROVED NONE");

        assertThat(console("DELETE", "/api/v1/accounts/ACC-DEMO-1/kill-switch", Credentials.OPERATOR,
                "{\"reason\":\"runbook: strategy idempotency fixed\"}").statusCode()).isEqualTo(200);
        awaitOutcome("momentum", "ACC-DEMO-1", "APPROVED NONE");
    }

    /**
     * Sends entries until one is decided as {@code expected} ("OUTCOME REASON"): a control change reaches
     * risk-stream a moment after the console acknowledged it, so the first signal may still see the old state.
     */
    private static void awaitOutcome(String strategy, String account, String expected) {
        await(strategy + "@" + account + " -> " + expected).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> outcome(signal(strategy, account, "AAPL")).equals(expected));
    }

    /** Sends a market buy of a fresh quantity (see {@link #QUANTITIES}) and returns its signal id. */
    private static String signal(String strategy, String account, String symbol) throws Exception {
        return signal(strategy, account, symbol, QUANTITIES.computeIfAbsent(strategy + "|" + account + "|" + symbol,
                k -> new AtomicInteger()).incrementAndGet());
    }

    /** Sends a market buy (an entry: the demo accounts hold no shorts) and returns its signal id. */
    private static String signal(String strategy, String account, String symbol, int quantity) throws Exception {
        String signalId = strategy + "-scenario-" + SIGNALS.incrementAndGet();
        String body = """
                {"signalId":"%s","symbol":"%s","side":"BUY","quantity":%d,"orderType":"MARKET",
                 "timeInForce":"DAY","referencePrice":"100","createdAt":"%s","tags":{"source":"scenario"}}"""
                .formatted(signalId, symbol, quantity, Instant.now());
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + stack.ports().signalIngest() + "/api/v1/signals"))
                .header("Authorization", "Bearer " + strategyKeys.get(strategy + "@" + account))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return signalId;
    }

    /** The signal's decision as "OUTCOME REASON", read through the console once risk-stream recorded it. */
    private static String outcome(String signalId) throws Exception {
        String[] found = new String[1];
        await("decision of " + signalId).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    JsonNode decisions = JSON.readTree(console("GET", "/api/v1/decisions?signalId=" + signalId,
                            Credentials.VIEWER, null).body()).path("decisions");
                    if (decisions.isEmpty()) {
                        return false;
                    }
                    found[0] = decisions.get(0).path("outcome").asText() + " "
                            + decisions.get(0).path("primaryReason").asText();
                    return true;
                });
        return found[0];
    }

    private static HttpResponse<String> console(String method, String path, String role, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + stack.ports().opsConsole() + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + credentials.get(role));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(body));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
