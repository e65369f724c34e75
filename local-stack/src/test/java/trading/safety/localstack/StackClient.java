package trading.safety.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import trading.safety.embedded.TestRegistry;

/**
 * What a scenario test does to a running local stack, only through its public REST APIs: a strategy sends
 * signals through signal-ingest with its key, an operator sends bars, and commands and reads go through the
 * console with a role's token.
 */
final class StackClient {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final LocalStack stack;
    private final Credentials credentials;
    private final Map<String, String> strategyKeys = new HashMap<>();
    /**
     * The next quantity per strategy, account, symbol and side: every signal differs from the last in quantity, so
     * none is a duplicate intent (which would halt the account), and positions stay far below the heat limit.
     */
    private final Map<String, AtomicInteger> quantities = new ConcurrentHashMap<>();
    private final AtomicInteger signals = new AtomicInteger();

    StackClient(LocalStack stack, Credentials credentials) {
        this.stack = stack;
        this.credentials = credentials;
        for (String entry : credentials.get(Credentials.STRATEGY_KEYS).split(",")) {
            String[] parts = entry.split(":");
            strategyKeys.put(parts[0] + "@" + parts[1], parts[2]);
        }
    }

    /** Generated tokens and strategy keys, as the stack would print them. */
    static Credentials credentials() {
        return Credentials.from(Map.of(), new SecureRandom());
    }

    /** Every port of a stack free right now, so a test stack never meets a developer's running one. */
    static LocalStack.Ports freePorts() {
        return new LocalStack.Ports(TestRegistry.freePort(), TestRegistry.freePort(), TestRegistry.freePort(),
                TestRegistry.freePort(), TestRegistry.freePort(), TestRegistry.freePort(), TestRegistry.freePort(),
                TestRegistry.freePort(), TestRegistry.freePort());
    }

    /**
     * Sends entries until one is decided as {@code expected} ("OUTCOME REASON"): a control change reaches
     * risk-stream a moment after the console acknowledged it, so the first signal may still see the old state.
     */
    void awaitOutcome(String strategy, String account, String expected) {
        await(strategy + "@" + account + " -> " + expected).atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> outcome(signal(strategy, account, "AAPL")).equals(expected));
    }

    /** Sends a market buy of a fresh quantity (see {@link #quantities}) and returns its signal id. */
    String signal(String strategy, String account, String symbol) throws IOException, InterruptedException {
        return signal(strategy, account, symbol, "BUY", quantities.computeIfAbsent(
                strategy + "|" + account + "|" + symbol + "|BUY", k -> new AtomicInteger()).incrementAndGet());
    }

    /** Sends a market buy (an entry: the demo accounts hold no shorts) and returns its signal id. */
    String signal(String strategy, String account, String symbol, int quantity)
            throws IOException, InterruptedException {
        return signal(strategy, account, symbol, "BUY", quantity);
    }

    /** Sends a market order of the strategy for the account and returns its signal id. */
    String signal(String strategy, String account, String symbol, String side, int quantity)
            throws IOException, InterruptedException {
        String signalId = strategy + "-scenario-" + signals.incrementAndGet();
        String body = """
                {"signalId":"%s","symbol":"%s","side":"%s","quantity":%d,"orderType":"MARKET",
                 "timeInForce":"DAY","referencePrice":"100","createdAt":"%s","tags":{"source":"scenario"}}"""
                .formatted(signalId, symbol, side, quantity, Instant.now());
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + stack.ports().signalIngest() + "/api/v1/signals"))
                .header("Authorization", "Bearer " + strategyKeys.get(strategy + "@" + account))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return signalId;
    }

    /** Posts market bars (one JSON bar or an array) to signal-ingest with the operator's token. */
    HttpResponse<String> bars(String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.ports().signalIngest()
                + "/api/v1/market-data/bars")).header("Authorization", "Bearer " + credentials.get(Credentials.OPERATOR))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The signal's decision as "OUTCOME REASON", read through the console once risk-stream recorded it. */
    String outcome(String signalId) {
        String[] found = new String[1];
        await("decision of " + signalId).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    JsonNode decisions = view("/api/v1/decisions?signalId=" + signalId).path("decisions");
                    if (decisions.isEmpty()) {
                        return false;
                    }
                    found[0] = decisions.get(0).path("outcome").asText() + " "
                            + decisions.get(0).path("primaryReason").asText();
                    return true;
                });
        return found[0];
    }

    /** A console read with the viewer's token, which must succeed. */
    JsonNode view(String path) throws IOException, InterruptedException {
        HttpResponse<String> answer = console("GET", path, Credentials.VIEWER, null);
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return JSON.readTree(answer.body());
    }

    /** A console call with a role's token ({@link Credentials#VIEWER}, OPERATOR or ADMIN). */
    HttpResponse<String> console(String method, String path, String role, String body)
            throws IOException, InterruptedException {
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

    /**
     * Sends a limit buy far enough below the broker's price to rest there unfilled (positions stay as they are, so
     * reconciliation has nothing to compare) and returns its signal id.
     */
    String restingSignal(String strategy, String account, String symbol, int quantity, String limitPrice)
            throws IOException, InterruptedException {
        String signalId = strategy + "-resting-" + signals.incrementAndGet();
        String body = """
                {"signalId":"%s","symbol":"%s","side":"BUY","quantity":%d,"orderType":"LIMIT","limitPrice":"%s",
                 "timeInForce":"DAY","referencePrice":"100","createdAt":"%s","tags":{"source":"scenario"}}"""
                .formatted(signalId, symbol, quantity, limitPrice, Instant.now());
        HttpResponse<String> answer = call("POST", URI.create("http://127.0.0.1:" + stack.ports().signalIngest()
                + "/api/v1/signals"), strategyKeys.get(strategy + "@" + account), body);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
        return signalId;
    }

    /** One JSON call to any HTTP API (a broker's own, a stub's), with a bearer token when one is given. */
    static HttpResponse<String> call(String method, URI uri, String token, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
