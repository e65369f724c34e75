package trading.safety.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trading.safety.embedded.TestRegistry;
import trading.safety.router.broker.HttpStub;
import trading.safety.router.paper.PaperBroker;
import trading.safety.router.paper.PaperBrokerServer;

/**
 * The runbooks' broker-side incidents on the whole local stack: the paper brokers run as their own servers (a
 * primary and a secondary to fail over to) and Tradier's API is played back by a stub, so the test acts on the
 * brokers only through their own APIs (a manual trade, injected rejections and failures, a token endpoint that
 * refuses) and on our system only through signal-ingest and the console. Each scenario has its own account and
 * strategy and heals what it broke, so they do not depend on their order.
 */
class BrokerScenariosIT {

    private static final String RECON = "ACC-RECON";
    private static final String REJECT = "ACC-REJECT";
    private static final String FAIL = "ACC-FAIL";
    private static final String FAILOVER = "ACC-FAILOVER";
    private static final Map<String, String> STRATEGIES = Map.of(RECON, "recon-bot", REJECT, "reject-bot", FAIL,
            "fail-bot", FAILOVER, "failover-bot");
    private static final String TRADIER_ACCOUNT = "VA-TK1";
    private static final String REFRESH = "/v1/oauth/refreshtoken";
    /** The next resting order's quantity: a repeated intent would halt the account as a duplicate. */
    private static final AtomicInteger RESTING = new AtomicInteger();

    @TempDir
    static Path dataDir;

    private static PaperBrokerServer primary;
    private static PaperBrokerServer secondary;
    private static HttpStub tradier;
    private static Instant configuredExpiry;
    private static LocalStack stack;
    private static StackClient client;

    @BeforeAll
    static void start() throws Exception {
        primary = paperBroker("paper", List.of("ACC-DEMO-1", "ACC-DEMO-2", RECON, REJECT, FAIL, FAILOVER));
        secondary = paperBroker("paper-secondary", List.of(FAILOVER));
        tradier = new HttpStub();
        tradier.on("GET", "/v1/accounts/" + TRADIER_ACCOUNT + "/orders?includeTags=true",
                HttpStub.Answer.json(200, "{\"orders\":\"null\"}"));
        // The token endpoint refuses until a scenario says otherwise: the token is not renewed.
        tradier.on("POST", REFRESH, HttpStub.Answer.json(401, "{\"error\":\"invalid_grant\"}"));
        configuredExpiry = Instant.now().plus(Duration.ofHours(47)).truncatedTo(ChronoUnit.SECONDS);

        Credentials demo = StackClient.credentials();
        StringBuilder keys = new StringBuilder(demo.get(Credentials.STRATEGY_KEYS));
        SecureRandom random = new SecureRandom();
        STRATEGIES.forEach((account, strategy) -> keys.append(',').append(strategy).append(':').append(account)
                .append(':').append(HexFormat.of().formatHex(random.generateSeed(16))));
        Credentials credentials = Credentials.from(Map.of(Credentials.STRATEGY_KEYS, keys.toString()), random);
        Map<String, Object> router = Map.ofEntries(
                Map.entry("safety.router.paper.url", url(primary)),
                Map.entry("safety.router.paper.secondary-url", url(secondary)),
                Map.entry("safety.router.secondary-broker", "paper-secondary"),
                // Reconciliation compares every snapshot: two in a row make a FAIL, 4 s instead of 20 s.
                Map.entry("safety.router.snapshot-interval", "2s"),
                Map.entry("safety.router.tradier.accounts", TRADIER_ACCOUNT),
                Map.entry("safety.router.tradier.base-url", tradier.base().toString()),
                Map.entry("safety.router.tradier.access-token", "access-0"),
                Map.entry("safety.router.tradier.token-expires-at", configuredExpiry.toString()),
                Map.entry("safety.router.tradier.refresh-token", "refresh-0"),
                Map.entry("safety.router.tradier.client-id", "client-1"),
                Map.entry("safety.router.tradier.client-secret", "client-secret-1"),
                // Renewal is due at once (and fails), and a failed renewal is retried every second.
                Map.entry("safety.router.tradier.refresh-ahead", "72h"),
                Map.entry("safety.router.tradier.retry-after", "1s"));
        stack = LocalStack.start(dataDir, StackClient.freePorts(), credentials,
                new LocalStack.Demo(Duration.ofHours(1), Duration.ofSeconds(1)), Map.of("order-router", router));
        client = new StackClient(stack, credentials);
        Map<String, String> outcomes = new java.util.TreeMap<>();
        await("a first entry of every account is approved: history, a broker snapshot and a risk state are in place")
                .atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(3)).untilAsserted(() -> {
                    for (String account : List.of(RECON, REJECT, FAIL)) {
                        if (!outcomes.getOrDefault(account, "").startsWith("APPROVED")) {
                            outcomes.put(account, client.outcome(client.signal(STRATEGIES.get(account), account,
                                    "AAPL")));
                        }
                    }
                    if (!outcomes.getOrDefault(FAILOVER, "").startsWith("APPROVED")) {
                        // resting, unfilled: the account holds nothing at either paper broker
                        outcomes.put(FAILOVER, client.outcome(client.restingSignal("failover-bot", FAILOVER, "AAPL",
                                RESTING.incrementAndGet(), "96")));
                    }
                    assertThat(outcomes).allSatisfy((account, outcome) -> assertThat(outcome).startsWith("APPROVED"));
                });
    }

    @AfterAll
    static void stop() {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            for (AutoCloseable server : new AutoCloseable[] {primary, secondary, tradier}) {
                try {
                    if (server != null) {
                        server.close();
                    }
                } catch (Exception e) {
                    System.err.println("could not stop " + server + ": " + e);
                }
            }
        }
    }

    @Test
    void aManualTradeFailsReconciliationHaltsTheAccountAndAnAdminSyncLiftsIt() throws Exception {
        Instant from = Instant.now();
        broker(primary, "POST", "/accounts/" + RECON + "/positions",
                "{\"symbol\":\"MSFT\",\"quantity\":\"25\",\"price\":\"100\"}");

        await("reconciliation goes PENDING, then FAIL").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode recon = client.view("/api/v1/reconciliation?accountId=" + RECON);
            List<String> statuses = new ArrayList<>();
            recon.path("recent").forEach(r -> statuses.add(r.path("status").asText()));
            assertThat(statuses).containsSubsequence("PENDING", "FAIL");
            JsonNode latest = recon.path("latest").get(0);
            assertThat(latest.path("status").asText()).isEqualTo("FAIL");
            assertThat(latest.path("discrepancies").toString()).contains("MSFT");
        });
        awaitHalt(RECON, "AUTO:RECONCILIATION");
        assertThat(openAlerts()).anySatisfy(a -> assertThat(a.path("type").asText() + " "
                + a.path("severity").asText() + " " + a.path("subject").asText())
                .isEqualTo("RECONCILIATION_FAIL CRITICAL " + RECON));
        assertThat(auditActions("kill-switch/account/" + RECON, from)).anySatisfy(a -> assertThat(a)
                .startsWith("KILL_SWITCH_ACTIVATE recon-stream AUTO:RECONCILIATION").contains("POSITION MSFT"));
        client.awaitOutcome("recon-bot", RECON, "REJECTED KILL_SWITCH");

        assertThat(client.console("POST", "/api/v1/reconciliation/" + RECON + "/sync", Credentials.ADMIN,
                "{\"reason\":\"runbook: manual MSFT trade at the broker confirmed\"}").statusCode()).isEqualTo(200);

        await("the broker is the truth: reconciliation passes and the automatic halt lifts")
                .atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    assertThat(client.view("/api/v1/reconciliation?accountId=" + RECON).path("latest").get(0)
                            .path("status").asText()).isEqualTo("PASS");
                    assertThat(halt(RECON)).isNull();
                });
        assertThat(openAlerts()).noneSatisfy(a -> assertThat(a.path("type").asText() + " "
                + a.path("subject").asText()).isEqualTo("RECONCILIATION_FAIL " + RECON));
        assertThat(auditActions("recon/sync/" + RECON, from)).anySatisfy(a -> assertThat(a).contains("admin"));
        client.awaitOutcome("recon-bot", RECON, "APPROVED NONE");
    }

    @Test
    void aBrokerRejectingMostOrdersHaltsTheAccount() throws Exception {
        broker(primary, "POST", "/faults", "{\"rejectOrders\":5}");
        for (int i = 0; i < 5; i++) {
            assertThat(client.outcome(client.signal("reject-bot", REJECT, "AAPL"))).isEqualTo("APPROVED NONE");
        }

        awaitHalt(REJECT, "AUTO:REJECTION_RATE");
        client.awaitOutcome("reject-bot", REJECT, "REJECTED KILL_SWITCH");
        assertThat(broker(primary, "DELETE", "/faults", null).path("rejectOrders").asInt()).isZero();
        liftAndTrade("reject-bot", REJECT);
    }

    @Test
    void threeExecutionFailuresInARowHaltTheAccount() throws Exception {
        long ordersBefore = orders(primary, FAIL);
        broker(primary, "POST", "/faults", "{\"failOrders\":3}");
        for (int i = 0; i < 3; i++) {
            assertThat(client.outcome(client.signal("fail-bot", FAIL, "AAPL"))).isEqualTo("APPROVED NONE");
        }

        awaitHalt(FAIL, "AUTO:CONSECUTIVE_FAILURES");
        assertThat(orders(primary, FAIL)).as("failed submissions reached no book").isEqualTo(ordersBefore);
        client.awaitOutcome("fail-bot", FAIL, "REJECTED KILL_SWITCH");
        broker(primary, "DELETE", "/faults", null);
        liftAndTrade("fail-bot", FAIL);
    }

    @Test
    void fiveFailuresFailOverToTheSecondaryUntilAnAdminFailsBack() throws Exception {
        Instant from = Instant.now();
        long atPrimary = orders(primary, FAILOVER);
        long atSecondary = orders(secondary, FAILOVER);
        broker(primary, "POST", "/faults", "{\"failCalls\":5}");

        await("the router fails over").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode brokers = client.view("/api/v1/brokers");
            assertThat(brokers.path("activeBroker").asText()).isEqualTo("paper-secondary");
            assertThat(brokers.path("activeBrokerRecord").path("origin").asText()).isEqualTo("AUTO:BROKER_FAILOVER");
            assertThat(status(brokers, "paper-secondary").path("active").asBoolean()).isTrue();
            assertThat(status(brokers, "paper-secondary").path("role").asText()).isEqualTo("SECONDARY");
        });
        assertThat(openAlerts()).anySatisfy(a -> assertThat(a.path("type").asText() + " "
                + a.path("severity").asText()).isEqualTo("BROKER_FAILOVER CRITICAL"));
        assertThat(client.outcome(client.restingSignal("failover-bot", FAILOVER, "AAPL", RESTING.incrementAndGet(), "96")))
                .isEqualTo("APPROVED NONE");
        await("the order goes to the secondary").atMost(Duration.ofSeconds(30))
                .until(() -> orders(secondary, FAILOVER) == atSecondary + 1);
        assertThat(orders(primary, FAILOVER)).isEqualTo(atPrimary);

        broker(primary, "DELETE", "/faults", null);
        assertThat(client.console("POST", "/api/v1/brokers/failback", Credentials.ADMIN,
                "{\"reason\":\"runbook: primary answers again\"}").statusCode()).isEqualTo(200);
        await("the router is back on the primary").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode brokers = client.view("/api/v1/brokers");
            assertThat(brokers.path("activeBroker").asText()).isEqualTo("paper");
            assertThat(status(brokers, "paper").path("active").asBoolean()).isTrue();
        });
        assertThat(client.outcome(client.restingSignal("failover-bot", FAILOVER, "AAPL", RESTING.incrementAndGet(), "96")))
                .isEqualTo("APPROVED NONE");
        await("the order goes to the primary again").atMost(Duration.ofSeconds(30))
                .until(() -> orders(primary, FAILOVER) == atPrimary + 1);
        assertThat(orders(secondary, FAILOVER)).isEqualTo(atSecondary + 1);
        assertThat(auditActions("broker/active", from)).hasSizeGreaterThanOrEqualTo(2)
                .anySatisfy(a -> assertThat(a).contains("AUTO:BROKER_FAILOVER"))
                .anySatisfy(a -> assertThat(a).contains("admin"));
        assertThat(halt(FAILOVER)).as("the account reconciles at either broker").isNull();
    }

    @Test
    void anExpiringTokenWarnsAnExpiredOnePausesItsBrokerUntilRenewed() throws Exception {
        await("a WARNING for a token that expires within 48 h and is not renewed").atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(alerts()).anySatisfy(a -> {
                    assertThat(a.path("type").asText()).isEqualTo("BROKER_TOKEN_EXPIRING");
                    assertThat(a.path("severity").asText()).isEqualTo("WARNING");
                    assertThat(a.path("subject").asText()).isEqualTo("tradier");
                    assertThat(a.path("message").asText()).contains(configuredExpiry.toString());
                }));
        JsonNode configured = status(client.view("/api/v1/brokers"), "tradier");
        assertThat(Instant.parse(configured.path("tokenExpiresAt").asText())).isEqualTo(configuredExpiry);
        assertThat(configured.path("paused").asBoolean()).isFalse();

        // The token endpoint hands out tokens that live seconds, then refuses: the token runs out.
        tradier.on("POST", REFRESH, HttpStub.Answer.json(200,
                "{\"access_token\":\"access-1\",\"refresh_token\":\"refresh-1\",\"expires_in\":5}"));
        await("short-lived tokens are in force").atMost(Duration.ofSeconds(30)).until(() -> Instant.parse(
                status(client.view("/api/v1/brokers"), "tradier").path("tokenExpiresAt").asText())
                .isBefore(Instant.now().plusSeconds(60)));
        tradier.on("POST", REFRESH, HttpStub.Answer.json(401, "{\"error\":\"invalid_grant\"}"));
        await("the broker is paused with a CRITICAL alert").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(status(client.view("/api/v1/brokers"), "tradier").path("paused").asBoolean()).isTrue();
            assertThat(openAlerts()).anySatisfy(a -> assertThat(a.path("type").asText() + " "
                    + a.path("severity").asText() + " " + a.path("subject").asText())
                    .isEqualTo("BROKER_TOKEN_EXPIRED CRITICAL tradier"));
        });

        tradier.on("POST", REFRESH, HttpStub.Answer.json(200,
                "{\"access_token\":\"access-2\",\"refresh_token\":\"refresh-2\",\"expires_in\":259200}"));
        await("renewed: the broker resumes and the alerts clear").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode status = status(client.view("/api/v1/brokers"), "tradier");
            assertThat(status.path("paused").asBoolean()).isFalse();
            assertThat(Instant.parse(status.path("tokenExpiresAt").asText()))
                    .isAfter(Instant.now().plus(Duration.ofHours(71)));
            assertThat(openAlerts()).noneSatisfy(a -> assertThat(a.path("type").asText())
                    .startsWith("BROKER_TOKEN_"));
        });
    }

    private static PaperBrokerServer paperBroker(String id, List<String> accounts) throws Exception {
        PaperBroker broker = new PaperBroker(id, PaperBroker.Settings.defaults(), Clock.systemUTC());
        accounts.forEach(broker::openAccount);
        PaperBrokerServer server = new PaperBrokerServer(broker, TestRegistry.freePort());
        for (String symbol : List.of("AAPL", "MSFT", "NVDA", "SPY")) {
            // The broker's own market: the router feeds prices only to a paper broker in its own process.
            broker(server, "POST", "/prices", "{\"symbol\":\"" + symbol + "\",\"price\":\"100\"}");
        }
        return server;
    }

    private static String url(PaperBrokerServer server) {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    /** A call to a paper broker's own API, which must succeed; its JSON answer (null when empty). */
    private static JsonNode broker(PaperBrokerServer server, String method, String path, String body)
            throws Exception {
        HttpResponse<String> answer = StackClient.call(method, URI.create(url(server)).resolve(path), null, body);
        assertThat(answer.statusCode()).as(method + " " + path + ": " + answer.body()).isBetween(200, 204);
        return answer.body().isEmpty() ? null : StackClient.JSON.readTree(answer.body());
    }

    /** The orders a paper broker holds for an account, as its own API lists them. */
    private static long orders(PaperBrokerServer server, String account) throws Exception {
        List<String> accounts = new ArrayList<>();
        broker(server, "GET", "/orders", null).forEach(o -> accounts.add(o.path("accountId").asText()));
        return accounts.stream().filter(account::equals).count();
    }

    private static JsonNode status(JsonNode brokers, String brokerId) {
        for (JsonNode status : brokers.path("brokers")) {
            if (status.path("brokerId").asText().equals(brokerId)) {
                return status;
            }
        }
        throw new AssertionError("no status of broker " + brokerId + " in " + brokers);
    }

    /** The account's active kill switch record in the console, or null. */
    private static JsonNode halt(String account) throws Exception {
        for (JsonNode halt : client.view("/api/v1/kill-switch").path("accounts")) {
            if (halt.path("key").asText().equals("kill-switch/account/" + account)) {
                return halt;
            }
        }
        return null;
    }

    private static void awaitHalt(String account, String origin) {
        await(account + " halted by " + origin).atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode halt = halt(account);
            assertThat(halt).as(account + " halted").isNotNull();
            assertThat(halt.path("origin").asText()).contains(origin);
            assertThat(halt.path("mode").asText()).isEqualTo("HALT_ONLY");
        });
    }

    private static void liftAndTrade(String strategy, String account) throws Exception {
        assertThat(client.console("DELETE", "/api/v1/accounts/" + account + "/kill-switch", Credentials.OPERATOR,
                "{\"reason\":\"runbook: broker side fixed\"}").statusCode()).isEqualTo(200);
        client.awaitOutcome(strategy, account, "APPROVED NONE");
    }

    private static List<JsonNode> openAlerts() throws Exception {
        List<JsonNode> open = new ArrayList<>();
        client.view("/api/v1/alerts?openOnly=true").path("open").forEach(open::add);
        return open;
    }

    private static List<JsonNode> alerts() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        JsonNode alerts = client.view("/api/v1/alerts");
        alerts.path("open").forEach(all::add);
        alerts.path("recent").forEach(all::add);
        return all;
    }

    /** "ACTION ACTOR REASON" of each audit event of a subject since {@code from}. */
    private static List<String> auditActions(String subject, Instant from) throws Exception {
        List<String> actions = new ArrayList<>();
        client.view("/api/v1/audit?subject=" + subject + "&from=" + from).path("events").forEach(e -> actions.add(
                e.path("action").asText() + " " + e.path("actor").asText() + " " + e.path("reason").asText()));
        return actions;
    }
}
