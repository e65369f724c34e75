package trading.safety.console.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import trading.safety.console.app.OpsConsoleApplication;
import trading.safety.console.auth.Role;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.contract.topic.Topics;
import trading.safety.service.PlatformProperties;
import trading.safety.service.RealInfrastructureTest;
import trading.safety.service.testing.TopicProbe;
import trading.safety.v1.AccountRiskState;
import trading.safety.v1.AuditEvent;
import trading.safety.v1.BrokerRole;
import trading.safety.v1.BrokerStatus;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DrawdownState;

/**
 * The console's API on a real broker and registry: every endpoint refused without a token (401) and to a
 * role below its own (403) and answered to its role (2xx), with a check that no endpoint escapes the walk;
 * every mutation's control record and audit event on the topics; and the guard's refusals.
 */
@SpringBootTest(classes = OpsConsoleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + OpsConsoleApplication.CONFIG_NAME,
            "safety.console.tokens.admin=" + ConsoleApiIT.ADMIN,
            "safety.console.tokens.operator=" + ConsoleApiIT.OPERATOR,
            "safety.console.tokens.viewer=" + ConsoleApiIT.VIEWER})
@ExtendWith(OutputCaptureExtension.class)
class ConsoleApiIT extends RealInfrastructureTest {

    static final String ADMIN = "admin-secret-token-0123456789";
    static final String OPERATOR = "operator-secret-token-0123456789";
    static final String VIEWER = "viewer-secret-token-0123456789";
    private static final String ACCOUNT = "ACC-API";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String REASON = "{\"reason\":\"walk test\"}";

    /** One call of the walk: the mapping it exercises, the concrete request, and the least role it needs. */
    private record Call(String method, String pattern, String path, Role role, String body) {
    }

    private static final List<Call> WALK = List.of(
            get("/api/v1/me"),
            get("/api/v1/status"),
            get("/api/v1/kill-switch"),
            new Call("POST", "/api/v1/kill-switch", "/api/v1/kill-switch", Role.OPERATOR,
                    "{\"mode\":\"HALT_ONLY\",\"reason\":\"walk test\"}"),
            new Call("DELETE", "/api/v1/kill-switch", "/api/v1/kill-switch", Role.OPERATOR, REASON),
            new Call("POST", "/api/v1/accounts/{accountId}/kill-switch", "/api/v1/accounts/" + ACCOUNT + "/kill-switch",
                    Role.OPERATOR, "{\"mode\":\"CLOSE_POSITIONS\",\"reason\":\"walk test\"}"),
            new Call("DELETE", "/api/v1/accounts/{accountId}/kill-switch", "/api/v1/accounts/" + ACCOUNT
                    + "/kill-switch", Role.OPERATOR, REASON),
            new Call("POST", "/api/v1/strategies/{strategyId}/disable", "/api/v1/strategies/momentum/disable",
                    Role.OPERATOR, REASON),
            new Call("POST", "/api/v1/strategies/{strategyId}/enable", "/api/v1/strategies/momentum/enable",
                    Role.OPERATOR, REASON),
            get("/api/v1/strategies/health"),
            get("/api/v1/circuit-breakers"),
            new Call("POST", "/api/v1/circuit-breakers/{name}/reset", "/api/v1/circuit-breakers/system/reset",
                    Role.OPERATOR, REASON),
            new Call("POST", "/api/v1/circuit-breakers/{kind}/{id}/reset",
                    "/api/v1/circuit-breakers/strategy/momentum/reset", Role.OPERATOR, REASON),
            get("/api/v1/brokers"),
            new Call("POST", "/api/v1/brokers/failover", "/api/v1/brokers/failover", Role.ADMIN, REASON),
            new Call("POST", "/api/v1/brokers/failback", "/api/v1/brokers/failback", Role.ADMIN, REASON),
            new Call("GET", "/api/v1/accounts/{accountId}/risk", "/api/v1/accounts/" + ACCOUNT + "/risk", Role.VIEWER,
                    null),
            new Call("POST", "/api/v1/accounts/{accountId}/drawdown/override", "/api/v1/accounts/" + ACCOUNT
                    + "/drawdown/override", Role.OPERATOR, "{\"state\":\"NORMAL\",\"reason\":\"walk test\"}"),
            new Call("PUT", "/api/v1/accounts/{accountId}/limits", "/api/v1/accounts/" + ACCOUNT + "/limits",
                    Role.ADMIN, "{\"maxOrderNotional\":50000,\"reason\":\"walk test\"}"),
            get("/api/v1/orders/pending"),
            new Call("POST", "/api/v1/orders/cancel-all", "/api/v1/orders/cancel-all", Role.OPERATOR, REASON),
            new Call("POST", "/api/v1/positions/flatten", "/api/v1/positions/flatten", Role.OPERATOR,
                    "{\"accountId\":\"" + ACCOUNT + "\",\"reason\":\"walk test\"}"),
            get("/api/v1/reconciliation"),
            new Call("POST", "/api/v1/reconciliation/{accountId}/sync", "/api/v1/reconciliation/" + ACCOUNT + "/sync",
                    Role.ADMIN, REASON),
            get("/api/v1/decisions"),
            get("/api/v1/funnel"),
            get("/api/v1/why-no-trade"),
            get("/api/v1/lag"),
            get("/api/v1/alerts"),
            get("/api/v1/audit"),
            new Call("POST", "/api/v1/replay", "/api/v1/replay", Role.OPERATOR,
                    "{\"from\":\"2026-11-22T00:00:00Z\",\"to\":\"2026-11-22T01:00:00Z\"}"));

    private static Call get(String path) {
        return new Call("GET", path, path, Role.VIEWER, null);
    }

    @LocalServerPort
    private int port;

    @Autowired
    private PlatformProperties platform;

    @Autowired
    private SchemaRegistry registry;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Test
    void theWalkCoversEveryApiEndpoint() {
        Set<String> mapped = new TreeSet<>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/")).forEach(pattern -> info.getMethodsCondition().getMethods()
                        .forEach(method -> mapped.add(method + " " + pattern))));
        Set<String> walked = new TreeSet<>();
        WALK.forEach(call -> walked.add(call.method() + " " + call.pattern()));

        assertThat(walked).isEqualTo(mapped);
    }

    @Test
    void everyEndpointNeedsATokenOfItsRoleAndAnswersItsRole() throws Exception {
        publishAccountAndBrokers();
        for (Call call : WALK) {
            assertThat(send(call, null).statusCode()).as("no token: " + call).isEqualTo(401);
            assertThat(send(call, "not-a-known-token-0123456789").statusCode()).as("unknown token: " + call)
                    .isEqualTo(401);
            if (call.role() != Role.VIEWER) {
                Role weaker = Role.values()[call.role().ordinal() - 1];
                HttpResponse<String> refused = send(call, token(weaker));
                assertThat(refused.statusCode()).as(weaker + ": " + call).isEqualTo(403);
                assertThat(refused.body()).contains("\"code\":\"FORBIDDEN\"");
            }
            HttpResponse<String> answered = send(call, token(call.role()));
            assertThat(answered.statusCode()).as(call + " -> " + answered.body()).isBetween(200, 299);
        }
    }

    @Test
    void everyMutationWritesItsControlRecordAndAuditEventUnderTheTokensOperator() throws Exception {
        publishAccountAndBrokers();
        try (TopicProbe probe = new TopicProbe(platform.kafka().bootstrapServers(), registry)) {
            Map<String, String> keys = Map.ofEntries(
                    Map.entry("/api/v1/kill-switch", "kill-switch"),
                    Map.entry("/api/v1/accounts/" + ACCOUNT + "/kill-switch", "kill-switch/account/" + ACCOUNT),
                    Map.entry("/api/v1/strategies/momentum/disable", "strategy/momentum"),
                    Map.entry("/api/v1/strategies/momentum/enable", "strategy/momentum"),
                    Map.entry("/api/v1/circuit-breakers/system/reset", "circuit-breaker/system"),
                    Map.entry("/api/v1/circuit-breakers/strategy/momentum/reset", "circuit-breaker/strategy/momentum"),
                    Map.entry("/api/v1/brokers/failover", "broker/active"),
                    Map.entry("/api/v1/brokers/failback", "broker/active"),
                    Map.entry("/api/v1/accounts/" + ACCOUNT + "/drawdown/override", "drawdown/" + ACCOUNT),
                    Map.entry("/api/v1/accounts/" + ACCOUNT + "/limits", "limits/" + ACCOUNT),
                    Map.entry("/api/v1/orders/cancel-all", "orders/cancel-all"),
                    Map.entry("/api/v1/positions/flatten", "positions/flatten/" + ACCOUNT),
                    Map.entry("/api/v1/reconciliation/" + ACCOUNT + "/sync", "recon/sync/" + ACCOUNT));
            for (Call call : WALK) {
                if (call.method().equals("GET") || call.path().endsWith("/replay")) {
                    continue;
                }
                String reason = "proof for " + call.method() + " " + call.path();
                String body = call.body().replace("walk test", reason);
                HttpResponse<String> answer = send(new Call(call.method(), call.pattern(), call.path(), call.role(),
                        body), token(call.role()));
                assertThat(answer.statusCode()).as(call + " -> " + answer.body()).isEqualTo(200);
                String key = keys.get(call.path());
                String operator = call.role().name().toLowerCase(java.util.Locale.ROOT);

                List<ControlRecord> records = probe.awaitCommitted(Topics.CONTROL, key, 1,
                        r -> r.getReason().equals(reason));
                ControlRecord record = records.get(0);
                assertThat(record.getOperator()).isEqualTo(operator);
                assertThat(record.getOrigin()).isEqualTo("MANUAL");
                assertThat(answer.body()).contains("\"commandId\":\"" + record.getCommandId() + "\"");
                assertThat(record.getActive()).as(call.toString()).isEqualTo(!call.method().equals("DELETE")
                        && !call.path().endsWith("/enable") && !call.path().endsWith("/reset"));
                List<AuditEvent> audits = probe.awaitCommitted(Topics.AUDIT, key, 1,
                        a -> a.getRequestId().equals(record.getCommandId()));
                assertThat(audits.get(0).getActor()).isEqualTo(operator);
                assertThat(audits.get(0).getReason()).isEqualTo(reason);
                assertThat(audits.get(0).getAfter()).contains("\"commandId\":\"" + record.getCommandId() + "\"");
            }
            ControlRecord failover = probe.committed(Topics.CONTROL, "broker/active").stream()
                    .filter(r -> r.getReason().contains("failover")).findFirst().orElseThrow();
            assertThat(failover.getParams()).containsEntry("brokerId", "paper-b");
            ControlRecord limits = probe.committed(Topics.CONTROL, "limits/" + ACCOUNT).stream()
                    .filter(r -> r.getReason().startsWith("proof")).findFirst().orElseThrow();
            assertThat(limits.getParams()).containsEntry("maxOrderNotional", "50000");
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(send(new Call("GET", "",
                    "/api/v1/accounts/" + ACCOUNT + "/risk", Role.VIEWER, null), VIEWER).body())
                    .contains("\"limitsInForce\":{\"maxPositionSize\":10000")
                    .contains("\"maxOrderNotional\":50000"));
        }
    }

    @Test
    void theKillSwitchStateReadsBackThroughTheApi() throws Exception {
        Call activate = new Call("POST", "/api/v1/kill-switch", "/api/v1/kill-switch", Role.OPERATOR,
                "{\"mode\":\"CLOSE_POSITIONS\",\"reason\":\"read back\"}");
        assertThat(send(activate, OPERATOR).statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                send(get("/api/v1/kill-switch"), VIEWER).body()).contains("\"active\":true")
                .contains("\"mode\":\"CLOSE_POSITIONS\"").contains("\"reason\":\"read back\""));
        Call lift = new Call("DELETE", "/api/v1/kill-switch", "/api/v1/kill-switch", Role.OPERATOR,
                "{\"reason\":\"lifted\"}");
        assertThat(send(lift, OPERATOR).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(
                send(get("/api/v1/status"), VIEWER).body()).contains("\"reason\":\"lifted\""));
    }

    @Test
    void badCommandsAreRefusedNamingTheField(CapturedOutput output) throws Exception {
        List<String[]> cases = new ArrayList<>(List.of(
                new String[] {"POST", "/api/v1/kill-switch", "{\"mode\":\"HALT_ONLY\"}", "reason"},
                new String[] {"POST", "/api/v1/kill-switch", "{\"mode\":\"HALT_ONLY\",\"reason\":\"  \"}", "reason"},
                new String[] {"POST", "/api/v1/kill-switch", "{\"mode\":\"PAUSE\",\"reason\":\"x\"}", "mode"},
                new String[] {"POST", "/api/v1/kill-switch", "{\"mode\":\"HALT_ONLY\",\"reason\":\"x\",\"operator\":\"eve\"}",
                    "operator"},
                new String[] {"POST", "/api/v1/accounts/bad%20id/kill-switch", "{\"mode\":\"HALT_ONLY\",\"reason\":\"x\"}",
                    "accountId"},
                new String[] {"PUT", "/api/v1/accounts/" + ACCOUNT + "/limits", "{\"maxHeat\":-1,\"reason\":\"x\"}",
                    "maxHeat"},
                new String[] {"PUT", "/api/v1/accounts/" + ACCOUNT + "/limits", "{\"maxFun\":3,\"reason\":\"x\"}",
                    "maxFun"},
                new String[] {"POST", "/api/v1/accounts/" + ACCOUNT + "/drawdown/override",
                    "{\"state\":\"UNKNOWN\",\"reason\":\"x\"}", "state"},
                new String[] {"POST", "/api/v1/replay", "{\"to\":\"2026-11-22T01:00:00Z\"}", "from"},
                new String[] {"POST", "/api/v1/replay", "{\"from\":\"2026-11-22T02:00:00Z\",\"to\":\"2026-11-22T01:00:00Z\"}",
                    "from"}));
        for (String[] c : cases) {
            HttpResponse<String> answer = send(new Call(c[0], c[1], c[1], Role.ADMIN, c[2]), ADMIN);
            assertThat(answer.statusCode()).as(String.join(" ", c) + " -> " + answer.body()).isEqualTo(400);
            assertThat(answer.headers().firstValue("content-type")).hasValue("application/problem+json");
            assertThat(answer.body()).as(c[1]).contains("\"field\":\"" + c[3] + "\"");
        }
        HttpResponse<String> decisions = send(new Call("GET", "", "/api/v1/decisions?from=yesterday", Role.VIEWER,
                null), VIEWER);
        assertThat(decisions.statusCode()).isEqualTo(400);
        assertThat(decisions.body()).contains("\"field\":\"from\"");
        HttpResponse<String> malformed = send(new Call("POST", "", "/api/v1/kill-switch", Role.OPERATOR, "{\"mode\":"),
                OPERATOR);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("MALFORMED_BODY").doesNotContain("at com.").doesNotContain("Exception");

        assertThat(output.getAll()).doesNotContain(ADMIN).doesNotContain(OPERATOR).doesNotContain(VIEWER);
    }

    @Test
    void oversizedBodiesAndForeignOriginsAreRefused() throws Exception {
        String huge = "{\"mode\":\"HALT_ONLY\",\"reason\":\"" + "x".repeat(20_000) + "\"}";
        HttpResponse<String> tooLarge = send(new Call("POST", "", "/api/v1/kill-switch", Role.OPERATOR, huge), OPERATOR);
        assertThat(tooLarge.statusCode()).isEqualTo(413);

        HttpResponse<String> foreign = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/status"))
                .header("Authorization", "Bearer " + VIEWER).header("Origin", "http://evil.example").GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(foreign.statusCode()).isEqualTo(403);
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        HttpResponse<String> preflight = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/kill-switch"))
                .header("Origin", "http://evil.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).isEqualTo(403);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();

        HttpResponse<String> me = send(get("/api/v1/me"), OPERATOR);
        assertThat(me.body()).contains("\"operator\":\"operator\"").contains("\"role\":\"OPERATOR\"");
        assertThat(me.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
                csp -> assertThat(csp).contains("default-src 'self'").contains("frame-ancestors 'none'"));

        for (String disguised : List.of("/%61ctuator/prometheus", "/%61ctuator", "/%61pi/v1/status",
                "/api/v1/status/", "/actuator/health/../prometheus")) {
            HttpResponse<String> sneaked = HTTP.send(HttpRequest.newBuilder(uri(disguised)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(sneaked.statusCode()).as(disguised + " -> " + sneaked.body()).isIn(400, 401, 404);
            assertThat(sneaked.body()).as(disguised).doesNotContain("jvm_memory").doesNotContain("killSwitch");
        }
        HttpResponse<String> badLimit = send(get("/api/v1/decisions?limit=abc"), VIEWER);
        assertThat(badLimit.statusCode()).isEqualTo(400);
        assertThat(badLimit.body()).contains("\"code\":\"INVALID_REQUEST\"").contains("\"field\":\"limit\"");
        HttpResponse<String> nothing = send(get("/api/v1/nothing-here"), VIEWER);
        assertThat(nothing.statusCode()).isEqualTo(404);
        assertThat(nothing.body()).contains("\"code\":\"NOT_FOUND\"");

        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri("/actuator/health")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(uri("/actuator/prometheus")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(401);
    }

    @Test
    void reportsConsumerLagPerGroupInTheApiAndAsAMetric() throws Exception {
        String group = "lagging-reader";
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers()), new StringSerializer(),
                new ByteArraySerializer());
                KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.kafka().bootstrapServers(),
                        ConsumerConfig.GROUP_ID_CONFIG, group), new StringDeserializer(), new ByteArrayDeserializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(Topics.DLQ.name(), 0, "lag", new byte[] {1})).get();
            }
            consumer.commitSync(Map.of(new TopicPartition(Topics.DLQ.name(), 0), new OffsetAndMetadata(0)));
        }

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String lag = send(get("/api/v1/lag"), VIEWER).body();
            assertThat(lag).contains("\"groupId\":\"" + group + "\"").contains("\"totalLag\":3")
                    .contains("\"threshold\":1000").contains("\"state\":\"OK\"");
            String metrics = HTTP.send(HttpRequest.newBuilder(uri("/actuator/prometheus"))
                    .header("Authorization", "Bearer " + VIEWER).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            assertThat(metrics).containsPattern("consumer_group_total_lag\\{[^}]*group=\"" + group + "\"[^}]*\\} 3");
        });
    }

    private final Set<String> published = new HashSet<>();

    /** A risk state for the walk's account and a primary and a secondary broker, seen by the console's views. */
    private void publishAccountAndBrokers() throws Exception {
        if (!published.add("done")) {
            return;
        }
        try (TopicProbe probe = new TopicProbe(platform.kafka().bootstrapServers(), registry)) {
            AccountRiskState state = AccountRiskState.newBuilder(SampleRecords.filled(AccountRiskState.class))
                    .setAccountId(ACCOUNT).setState(DrawdownState.NORMAL).setEquity(Decimals.of("100000"))
                    .setPeakEquity(Decimals.of("100000")).setDrawdown(Decimals.of("0")).setUpdatedAt(Instant.now())
                    .build();
            probe.send(Topics.RISK_STATE, ACCOUNT, state);
            for (String[] broker : new String[][] {{"paper", "PRIMARY"}, {"paper-b", "SECONDARY"}}) {
                BrokerStatus status = BrokerStatus.newBuilder(SampleRecords.filled(BrokerStatus.class))
                        .setBrokerId(broker[0]).setRole(BrokerRole.valueOf(broker[1])).setUpdatedAt(Instant.now())
                        .build();
                probe.send(Topics.BROKER_STATUS, broker[0], status);
            }
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(send(new Call("GET", "", "/api/v1/accounts/" + ACCOUNT + "/risk", Role.VIEWER, null), VIEWER)
                    .statusCode()).isEqualTo(200);
            assertThat(send(get("/api/v1/brokers"), VIEWER).body()).contains("paper-b");
        });
    }

    private static String token(Role role) {
        switch (role) {
            case ADMIN:
                return ADMIN;
            case OPERATOR:
                return OPERATOR;
            default:
                return VIEWER;
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> send(Call call, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(call.path())).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (call.body() != null) {
            request.header("Content-Type", "application/json");
            request.method(call.method(), HttpRequest.BodyPublishers.ofString(call.body()));
        } else {
            request.method(call.method(), HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
