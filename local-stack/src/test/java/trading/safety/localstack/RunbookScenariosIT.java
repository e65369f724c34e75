package trading.safety.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runbooks' manual controls on the whole local stack (real broker, registry, all five services, the paper
 * broker), driven only through the public REST APIs: a strategy sends signals through signal-ingest, an
 * operator acts through the console, and each decision is read back through the console.
 */
class RunbookScenariosIT {

    @TempDir
    static Path dataDir;

    private static LocalStack stack;
    private static StackClient client;

    @BeforeAll
    static void start() throws Exception {
        Credentials credentials = StackClient.credentials();
        // The demo loads the market history the data-quality gate needs and sends bars; its own signals are
        // an hour apart, so every signal here is the test's.
        stack = LocalStack.start(dataDir, StackClient.freePorts(), credentials,
                new LocalStack.Demo(Duration.ofHours(1), Duration.ofSeconds(1)));
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
    void theGlobalKillSwitchStopsEntriesUntilResumedAndIsAudited() throws Exception {
        Instant from = Instant.now();
        assertThat(client.console("POST", "/api/v1/kill-switch", Credentials.OPERATOR,
                "{\"mode\":\"HALT_ONLY\",\"reason\":\"runbook: halt everything\"}").statusCode()).isEqualTo(200);

        client.awaitOutcome("momentum", "ACC-DEMO-1", "REJECTED KILL_SWITCH");
        client.awaitOutcome("breakout", "ACC-DEMO-2", "REJECTED KILL_SWITCH");

        assertThat(client.console("DELETE", "/api/v1/kill-switch", Credentials.OPERATOR,
                "{\"reason\":\"runbook: cause fixed\"}").statusCode()).isEqualTo(200);
        client.awaitOutcome("momentum", "ACC-DEMO-1", "APPROVED NONE");

        JsonNode audit = client.view("/api/v1/audit?subject=kill-switch&from=" + from);
        List<String> actions = new ArrayList<>();
        audit.path("events").forEach(e -> actions.add(e.path("action").asText() + " " + e.path("actor").asText()
                + " " + e.path("reason").asText()));
        assertThat(actions).containsExactly("KILL_SWITCH_ACTIVATE operator runbook: halt everything",
                "KILL_SWITCH_DEACTIVATE operator runbook: cause fixed");
    }

    @Test
    void aDisabledStrategyIsRejectedAndWhyNoTradeSaysSoWhileOthersTrade() throws Exception {
        Instant from = Instant.now();
        assertThat(client.console("POST", "/api/v1/strategies/mean-reversion/disable", Credentials.OPERATOR,
                "{\"reason\":\"runbook: strategy misbehaving\"}").statusCode()).isEqualTo(200);

        client.awaitOutcome("mean-reversion", "ACC-DEMO-1", "REJECTED STRATEGY_DISABLED");
        client.awaitOutcome("momentum", "ACC-DEMO-1", "APPROVED NONE");

        JsonNode why = client.view("/api/v1/why-no-trade?from=" + from);
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

        assertThat(client.console("POST", "/api/v1/strategies/mean-reversion/enable", Credentials.OPERATOR,
                "{\"reason\":\"runbook: fixed\"}").statusCode()).isEqualTo(200);
        client.awaitOutcome("mean-reversion", "ACC-DEMO-1", "APPROVED NONE");
    }

    @Test
    void anAccountKillSwitchStopsOnlyThatAccount() throws Exception {
        assertThat(client.console("POST", "/api/v1/accounts/ACC-DEMO-2/kill-switch", Credentials.OPERATOR,
                "{\"mode\":\"HALT_ONLY\",\"reason\":\"runbook: account under review\"}").statusCode()).isEqualTo(200);

        client.awaitOutcome("breakout", "ACC-DEMO-2", "REJECTED KILL_SWITCH");
        client.awaitOutcome("momentum", "ACC-DEMO-1", "APPROVED NONE");

        assertThat(client.console("DELETE", "/api/v1/accounts/ACC-DEMO-2/kill-switch", Credentials.OPERATOR,
                "{\"reason\":\"runbook: review done\"}").statusCode()).isEqualTo(200);
        client.awaitOutcome("breakout", "ACC-DEMO-2", "APPROVED NONE");
    }

    @Test
    void aDuplicateIntentHaltsItsAccountAutomaticallyUntilAnOperatorLiftsIt() throws Exception {
        String first = client.signal("mean-reversion", "ACC-DEMO-1", "MSFT", 7);
        assertThat(client.outcome(first)).isEqualTo("APPROVED NONE");
        String twin = client.signal("mean-reversion", "ACC-DEMO-1", "MSFT", 7);
        assertThat(client.outcome(twin)).isEqualTo("REJECTED DUPLICATE_INTENT");

        await("recon-stream halts the account").atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode kill = client.view("/api/v1/kill-switch");
            List<String> halted = new ArrayList<>();
            kill.path("accounts").forEach(a -> halted.add(a.path("key").asText() + " " + a.path("origin").asText()));
            assertThat(halted).contains("kill-switch/account/ACC-DEMO-1 AUTO:DUPLICATE_INTENT");
        });
        client.awaitOutcome("momentum", "ACC-DEMO-1", "REJECTED KILL_SWITCH");
        client.awaitOutcome("breakout", "ACC-DEMO-2", "APPROVED NONE");

        assertThat(client.console("DELETE", "/api/v1/accounts/ACC-DEMO-1/kill-switch", Credentials.OPERATOR,
                "{\"reason\":\"runbook: strategy idempotency fixed\"}").statusCode()).isEqualTo(200);
        client.awaitOutcome("momentum", "ACC-DEMO-1", "APPROVED NONE");
    }
}
