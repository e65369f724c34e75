package trading.safety.router.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;
import trading.safety.contract.registry.ConfluentRegistryClient;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topics;
import trading.safety.embedded.TestRegistry;
import trading.safety.service.testing.TopicProbe;
import trading.safety.v1.Fill;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

/**
 * Kills the router process with SIGKILL at random points while intents keep arriving, many times, with the
 * paper broker as its own process (its state survives every kill), then counts: no client order id may reach
 * the broker twice, every intent must reach it once, and every execution at the broker must be on
 * {@code trading.fills.v1} exactly once.
 */
@EmbeddedKafka(count = 1, brokerProperties = {"offsets.topic.replication.factor=1",
    "transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1",
    "group.initial.rebalance.delay.ms=0", "auto.create.topics.enable=false"})
class RouterCrashIT {

    private static final int CRASHES = 20;
    private static final int ACCOUNTS = 12;
    private static final String[] SYMBOLS = {"AAPL", "MSFT", "NVDA", "AMZN"};
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static Process paper;
    private static URI paperUrl;
    private static Path logs;

    @BeforeAll
    static void startPaperBroker() throws Exception {
        logs = Files.createTempDirectory("router-crash");
        List<String> accounts = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            accounts.add(account(i));
        }
        paper = java("trading.safety.router.paper.PaperBrokerServer", List.of("--port=0",
                "--accounts=" + String.join(",", accounts)), null).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(paper.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null && !line.startsWith("paper broker listening on ")) {
            // log lines before the ready line
        }
        assertThat(line).as("paper broker ready line").isNotNull();
        paperUrl = URI.create("http://" + line.substring("paper broker listening on ".length()) + "/");
        Thread drain = new Thread(() -> out.lines().forEach(ignored -> { }), "paper-stdout");
        drain.setDaemon(true);
        drain.start();
        for (String symbol : SYMBOLS) {
            post("prices", "{\"symbol\":\"" + symbol + "\",\"price\":\"100\"}");
        }
    }

    @AfterAll
    static void stopPaperBroker() {
        if (paper != null) {
            paper.destroy();
        }
    }

    @Test
    void twentyKillsUnderLoadLeaveNoDuplicateOrderAndNoLostFill() throws Exception {
        EmbeddedKafkaBroker kafka = EmbeddedKafkaCondition.getBroker();
        String bootstrap = kafka.getBrokersAsString();
        SchemaRegistry registry = new ConfluentRegistryClient(TestRegistry.confluentApiUrl(), Duration.ofSeconds(10));
        Random random = new Random(7);
        List<Long> recoveries = new ArrayList<>();

        Process router = startRouter(bootstrap, 0, recoveries);
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger();
        Thread load = new Thread(() -> offerIntents(bootstrap, registry, loading, sent), "intent-load");
        load.start();
        try {
            for (int crash = 1; crash <= CRASHES; crash++) {
                Thread.sleep(200 + random.nextInt(1_300));
                router.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
                router = startRouter(bootstrap, crash, recoveries);
            }
            loading.set(false);
            load.join();

            int intents = sent.get();
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(5))
                    .until(() -> {
                        int orders = get("stats").get("orders").asInt();
                        System.out.printf("router crash test: %d of %d intents at the broker%n", orders, intents);
                        return orders >= intents;
                    });
            List<JsonNode> executions = new ArrayList<>();
            get("executions?max=1000000").get("executions").forEach(executions::add);
            List<Fill> fills;
            try (TopicProbe probe = new TopicProbe(bootstrap, registry)) {
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                        .until(() -> probe.committed(Topics.FILLS, key -> true).size() >= executions.size());
                fills = probe.committed(Topics.FILLS, key -> true);
            }

            Map<String, Integer> ordersPerClientId = new HashMap<>();
            get("orders").forEach(o -> ordersPerClientId.merge(o.get("clientOrderId").asText(), 1, Integer::sum));
            long duplicateOrders = ordersPerClientId.values().stream().filter(n -> n > 1).count();
            long resubmissions = get("stats").get("duplicateSubmissions").asLong();
            Set<String> published = new HashSet<>();
            long duplicateFills = fills.stream().filter(f -> !published.add(f.getFillId())).count();
            long lostFills = executions.stream().filter(e -> !published.contains(e.get("executionId").asText())).count();
            System.out.printf("router crash test: %d kills, %d intents, %d orders at the broker, %d executions, "
                    + "%d fills published; duplicate orders %d, resubmissions %d, duplicate fills %d, lost fills %d; "
                    + "router restart to routing: median %d ms, max %d ms%n", CRASHES, intents,
                    ordersPerClientId.size(), executions.size(), fills.size(), duplicateOrders, resubmissions,
                    duplicateFills, lostFills, recoveries.stream().sorted().toList().get(recoveries.size() / 2),
                    recoveries.stream().mapToLong(Long::longValue).max().orElse(0));

            assertThat(ordersPerClientId).as("every intent reached the broker").hasSize(intents);
            assertThat(duplicateOrders).as("duplicate orders at the broker").isZero();
            assertThat(resubmissions).as("client order ids sent again after a crash").isZero();
            assertThat(duplicateFills).as("fills published twice").isZero();
            assertThat(lostFills).as("executions never published as fills").isZero();
        } finally {
            loading.set(false);
            router.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts a router process and waits until it has partitions assigned (it is routing). */
    private static Process startRouter(String bootstrap, int run, List<Long> recoveries) throws Exception {
        long started = System.nanoTime();
        Path log = logs.resolve("router-" + run + ".log");
        Process router = java("trading.safety.router.app.OrderRouterApplication", List.of(
                "--spring.config.name=order-router", "--server.port=0",
                "--safety.kafka.bootstrap-servers=" + bootstrap,
                "--safety.registry.url=" + TestRegistry.confluentApiUrl(),
                "--safety.router.paper.url=" + paperUrl,
                "--safety.router.snapshot-interval=1h"), log).start();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(50)).until(() -> {
            if (!router.isAlive()) {
                throw new IllegalStateException("router exited; see " + log);
            }
            return Files.readString(log).contains("intents partitions assigned [");
        });
        recoveries.add((System.nanoTime() - started) / 1_000_000);
        return router;
    }

    /** Intents at about 50 per second, market orders over a few accounts and symbols, until told to stop. */
    private static void offerIntents(String bootstrap, SchemaRegistry registry, AtomicBoolean loading,
            AtomicInteger sent) {
        try (TopicProbe probe = new TopicProbe(bootstrap, registry)) {
            while (loading.get()) {
                int n = sent.get();
                String account = account(n % ACCOUNTS);
                String id = "crash-intent-" + n;
                probe.send(Topics.ORDER_INTENTS, account, OrderIntent.newBuilder().setEventId("intent:" + id)
                        .setCausationId(null).setIntentId(id).setSignalId("sig-" + id).setAccountId(account)
                        .setStrategyId("momentum").setSymbol(SYMBOLS[n % SYMBOLS.length])
                        .setSide(n % 3 == 0 ? Side.SELL : Side.BUY).setQuantity(Decimals.of(1 + n % 7))
                        .setOrderType(OrderType.MARKET).setLimitPrice(null).setTimeInForce(TimeInForce.DAY)
                        .setPurpose(IntentPurpose.ENTRY).setCreatedAt(Instant.now()).build());
                sent.incrementAndGet();
                Thread.sleep(20);
            }
        } catch (Exception e) {
            throw new IllegalStateException("intent load stopped", e);
        }
    }

    private static ProcessBuilder java(String mainClass, List<String> args, Path log) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        return log == null ? builder : builder.redirectOutput(log.toFile());
    }

    private static String account(int i) {
        return "ACC-CRASH-" + i;
    }

    private static JsonNode get(String path) throws IOException, InterruptedException {
        return JSON.readTree(HTTP.send(HttpRequest.newBuilder(paperUrl.resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

    private static void post(String path, String body) throws IOException, InterruptedException {
        HTTP.send(HttpRequest.newBuilder(paperUrl.resolve(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.discarding());
    }
}
