package trading.safety.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import trading.safety.contract.registry.ConfluentRegistryClient;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.embedded.TestRegistry;
import trading.safety.v1.BrokerPosition;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.SignalSource;
import trading.safety.v1.TimeInForce;
import trading.safety.v1.TradeSignal;

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
     * Waits until an entry of each demo account is approved: the market history, a broker snapshot and a risk
     * state are in place, so every scenario starts from a stack that trades.
     */
    void awaitDemoEntriesApproved() {
        await("a first entry is approved: history, a broker snapshot and a risk state are in place")
                .atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(3))
                .until(() -> outcome(signal("momentum", "ACC-DEMO-1", "NVDA")).startsWith("APPROVED")
                        & outcome(signal("breakout", "ACC-DEMO-2", "NVDA")).startsWith("APPROVED"));
    }

    /** The signal's whole decision (outcome, reason, every check, sizing) as the console shows it. */
    JsonNode decision(String signalId) {
        return decision(signalId, Instant.now().plus(Duration.ofHours(1)));
    }

    /**
     * As above, looking up to {@code to}: the console's ranges select records by their Kafka timestamps, and a
     * decision on a record from ahead of the wall clock carries that record's time.
     */
    JsonNode decision(String signalId, Instant to) {
        JsonNode[] found = new JsonNode[1];
        await("decision of " + signalId).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300))
                .until(() -> {
                    JsonNode decisions = view("/api/v1/decisions?signalId=" + signalId + "&from="
                            + Instant.now().minus(Duration.ofHours(1)) + "&to=" + to).path("decisions");
                    found[0] = decisions.isEmpty() ? null : decisions.get(0);
                    return found[0] != null;
                });
        return found[0];
    }

    /** The failed check of a decision that names {@code reason}, as "CHECK: detail", or "" when none does. */
    static String failedCheck(JsonNode decision, String reason) {
        for (JsonNode check : decision.path("checks")) {
            if (!check.path("passed").asBoolean() && check.path("reason").asText().equals(reason)) {
                return check.path("check").asText() + ": " + check.path("detail").asText();
            }
        }
        return "";
    }

    /** Posts market bars as CSV ({@code symbol,barTime,open,high,low,close,volume} rows, no header). */
    void barsCsv(List<String> rows) throws IOException, InterruptedException {
        String csv = "symbol,barTime,open,high,low,close,volume\n" + String.join("\n", rows);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + stack.ports().signalIngest() + "/api/v1/market-data/bars"))
                .header("Authorization", "Bearer " + credentials.get(Credentials.OPERATOR))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    }

    /**
     * Daily bars at {@code price} for each of the {@code days} calendar days up to and including {@code lastDay}:
     * enough history for the data-quality gate (250 days by default) to trade a symbol of the test's own.
     */
    void history(String symbol, LocalDate lastDay, int days, String price) throws IOException, InterruptedException {
        List<String> rows = new ArrayList<>();
        for (int i = days - 1; i >= 0; i--) {
            rows.add(bar(symbol, lastDay.minusDays(i).atTime(20, 0).toInstant(ZoneOffset.UTC), price));
        }
        barsCsv(rows);
    }

    /** One CSV bar row whose open, high, low and close are all {@code close} ("" for a missing close). */
    static String bar(String symbol, Instant at, String close) {
        String price = close.isEmpty() ? "100" : close;
        return String.join(",", symbol, at.toString(), price, price, price, close, "1000");
    }

    /** An account's risk view in the console (state, limits, transitions, history), once it has one. */
    JsonNode risk(String accountId) {
        JsonNode[] found = new JsonNode[1];
        await("risk state of " + accountId).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> {
                    HttpResponse<String> answer = console("GET", "/api/v1/accounts/" + accountId + "/risk",
                            Credentials.VIEWER, null);
                    found[0] = answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
                    return found[0] != null;
                });
        return found[0];
    }

    /**
     * Publishes a signal straight to {@code trading.signals.v1}, as a strategy on Kafka does, with the record
     * timestamp {@code at} (its {@code createdAt} too). risk-stream's clock for an account is the newest record
     * time it has seen, so a signal from ahead of the wall clock moves that account's trading date; the broker
     * accepts record times up to an hour ahead.
     */
    String publishSignal(String strategy, String account, String symbol, String side, int quantity, Instant at)
            throws Exception {
        String signalId = strategy + "-kafka-" + signals.incrementAndGet();
        TradeSignal signal = TradeSignal.newBuilder().setEventId("scenario:" + signalId).setSignalId(signalId)
                .setAccountId(account).setStrategyId(strategy).setSymbol(symbol).setSide(Side.valueOf(side))
                .setQuantity(new BigDecimal(quantity).setScale(8)).setOrderType(OrderType.MARKET)
                .setTimeInForce(TimeInForce.DAY).setReferencePrice(new BigDecimal("100").setScale(8))
                .setCreatedAt(at).setSource(SignalSource.KAFKA).setTags(Map.of("source", "scenario")).build();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(), ProducerConfig.ACKS_CONFIG, "all"),
                Topics.SIGNALS.keySerde().serializer(), Topics.SIGNALS.valueSerde(registry()).serializer())) {
            producer.send(new ProducerRecord<>(Topics.SIGNALS.name(), null, at.toEpochMilli(), account, signal)).get();
        }
        return signalId;
    }

    /** Every committed record of a topic now, oldest first per partition, read with a read_committed consumer. */
    <V extends SpecificRecord> List<V> records(Topic<V> topic) {
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                topic.keySerde().deserializer(), topic.valueSerde(registry()).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            List<V> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("reading " + topic.name()).isLessThan(deadline);
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() != null) {
                        values.add(record.value());
                    }
                }
            }
            return values;
        }
    }

    /** The order intent risk-stream made of an approved signal, once it is on the topic. */
    OrderIntent intent(String signalId) {
        OrderIntent[] found = new OrderIntent[1];
        await("intent of " + signalId).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    found[0] = records(Topics.ORDER_INTENTS).stream()
                            .filter(i -> signalId.equals(i.getSignalId())).findFirst().orElse(null);
                    return found[0] != null;
                });
        return found[0];
    }

    /** The newest broker snapshot of an account on the topic, or null. */
    BrokerSnapshot latestSnapshot(String accountId) {
        BrokerSnapshot latest = null;
        for (BrokerSnapshot snapshot : records(Topics.BROKER_SNAPSHOTS)) {
            if (snapshot.getAccountId().equals(accountId)
                    && (latest == null || !snapshot.getAsOf().isBefore(latest.getAsOf()))) {
                latest = snapshot;
            }
        }
        return latest;
    }

    /** The quantity of {@code symbol} held in a snapshot (0 when none). */
    static BigDecimal held(BrokerSnapshot snapshot, String symbol) {
        return snapshot == null ? BigDecimal.ZERO : snapshot.getPositions().stream()
                .filter(p -> p.getSymbol().equals(symbol)).map(BrokerPosition::getQuantity)
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private SchemaRegistry registry() {
        return new ConfluentRegistryClient(stack.registryUrl(), Duration.ofSeconds(10));
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
