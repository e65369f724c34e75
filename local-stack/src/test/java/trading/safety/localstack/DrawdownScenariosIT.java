package trading.safety.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.OrderIntent;

/**
 * The runbooks' drawdown stop and the close-positions kill switch on the whole local stack, driven only through
 * the public REST APIs and topics. Two accounts of their own ({@code ACC-DD-1} for HALT, {@code ACC-DD-2} for
 * PANIC) trade symbols of their own ({@code DDH}, {@code DDP}), whose prices the test moves with market bars:
 * the router marks the paper broker's positions with each bar's close, its broker snapshots carry the fallen
 * equity, and risk-stream measures the drawdown from them.
 *
 * <p>Time: risk-stream's time is the trading date, in its calendar's zone, of the newest record it has seen
 * for an account. This stack's calendar trades every day (no weekend, no holidays) in a fixed-offset zone
 * chosen at start so that its midnight falls {@link #MIDNIGHT_AFTER} after the start, long after the class
 * has run; the drawdown cooldown is one trading day and the ramp-up zero days. A signal published to
 * {@code trading.signals.v1} with a record time just past that midnight (the broker accepts times up to an
 * hour ahead) moves only its own account to the next trading day.
 */
class DrawdownScenariosIT {

    private static final Duration MIDNIGHT_AFTER = Duration.ofMinutes(50);
    private static final String HALT_ACCOUNT = "ACC-DD-1";
    private static final String PANIC_ACCOUNT = "ACC-DD-2";

    @TempDir
    static Path dataDir;

    private static LocalStack stack;
    private static StackClient client;
    /** The test calendar's next midnight: every record the stack makes itself is older. */
    private static Instant midnight;

    @BeforeAll
    static void start() throws Exception {
        SecureRandom random = new SecureRandom();
        Map<String, String> keys = new HashMap<>();
        StringBuilder strategyKeys = new StringBuilder();
        for (String strategy : List.of("momentum:ACC-DEMO-1", "mean-reversion:ACC-DEMO-1", "breakout:ACC-DEMO-2",
                "dd-halt:" + HALT_ACCOUNT, "dd-panic:" + PANIC_ACCOUNT)) {
            byte[] key = new byte[24];
            random.nextBytes(key);
            strategyKeys.append(strategyKeys.isEmpty() ? "" : ",").append(strategy).append(':')
                    .append(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(key));
        }
        keys.put(Credentials.STRATEGY_KEYS, strategyKeys.toString());
        Credentials credentials = Credentials.from(keys, random);

        midnight = Instant.now().plus(MIDNIGHT_AFTER).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> calendar = Map.of(
                "safety.risk.calendar.zone", zoneWithMidnightAt(midnight).getId(),
                "safety.risk.calendar.holidays", "",
                "safety.risk.calendar.weekend", "",
                "safety.risk.drawdown.halt-cooldown-trading-days", 1,
                "safety.risk.drawdown.rampup-trading-days", 0);
        stack = LocalStack.start(dataDir, StackClient.freePorts(), credentials,
                new LocalStack.Demo(Duration.ofHours(1), Duration.ofSeconds(1)),
                Map.of("risk-stream", calendar,
                        // The console's audit replay decides with the same calendar and thresholds.
                        "ops-console", calendar,
                        "order-router", Map.of("safety.router.paper.accounts",
                                "ACC-DEMO-1,ACC-DEMO-2," + HALT_ACCOUNT + "," + PANIC_ACCOUNT)));
        client = new StackClient(stack, credentials);
        LocalDate yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1);
        client.history("DDH", yesterday, 260, "100");
        client.history("DDP", yesterday, 260, "100");
        client.awaitDemoEntriesApproved();
        warmUp("dd-halt", HALT_ACCOUNT, "DDH");
        warmUp("dd-panic", PANIC_ACCOUNT, "DDP");
    }

    /** Buys 1, 2, 3... (never the same intent twice) until one is approved and filled. */
    private static void warmUp(String strategy, String account, String symbol) {
        int[] quantity = {0};
        await(strategy + " trades").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2))
                .until(() -> client.outcome(client.signal(strategy, account, symbol, ++quantity[0]))
                        .startsWith("APPROVED"));
        awaitHeld(account, symbol, new BigDecimal(quantity[0]));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    /** A fixed offset whose local midnight is {@code at}; offsets reach 18 hours either way, so one always fits. */
    static ZoneOffset zoneWithMidnightAt(Instant at) {
        int secondOfDay = (int) Math.floorMod(at.getEpochSecond(), 86_400L);
        return ZoneOffset.ofTotalSeconds(secondOfDay <= 18 * 3600 ? -secondOfDay : 86_400 - secondOfDay);
    }

    @Test
    void closePositionsKillSwitchRejectsEntriesFlattensEveryPositionAndResumes() throws Exception {
        assertThat(client.outcome(client.signal("momentum", "ACC-DEMO-1", "AAPL", 6))).isEqualTo("APPROVED NONE");
        await("ACC-DEMO-1 holds AAPL at the broker").atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1))
                .until(() -> StackClient.held(client.latestSnapshot("ACC-DEMO-1"), "AAPL").signum() > 0);
        Instant activated = Instant.now();

        assertThat(client.console("POST", "/api/v1/kill-switch", Credentials.OPERATOR,
                "{\"mode\":\"CLOSE_POSITIONS\",\"reason\":\"runbook: close everything\"}").statusCode()).isEqualTo(200);

        client.awaitOutcome("momentum", "ACC-DEMO-1", "REJECTED KILL_SWITCH");
        client.awaitOutcome("breakout", "ACC-DEMO-2", "REJECTED KILL_SWITCH");
        await("the router flattens every position at the broker").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    for (String account : List.of("ACC-DEMO-1", "ACC-DEMO-2", HALT_ACCOUNT, PANIC_ACCOUNT)) {
                        BrokerSnapshot snapshot = client.latestSnapshot(account);
                        assertThat(snapshot.getAsOf()).isAfter(activated);
                        assertThat(snapshot.getPositions()).as(account)
                                .allMatch(p -> p.getQuantity().signum() == 0);
                    }
                });
        List<String> flattened = new ArrayList<>();
        for (OrderIntent intent : client.records(Topics.ORDER_INTENTS)) {
            if (intent.getPurpose() == IntentPurpose.FLATTEN && intent.getAccountId().equals("ACC-DEMO-1")
                    && !intent.getCreatedAt().isBefore(activated)) {
                flattened.add(intent.getSymbol() + " " + intent.getSide());
            }
        }
        assertThat(flattened).as("FLATTEN intents the router made").contains("AAPL SELL", "NVDA SELL");

        assertThat(client.console("DELETE", "/api/v1/kill-switch", Credentials.OPERATOR,
                "{\"reason\":\"runbook: flat, resuming\"}").statusCode()).isEqualTo(200);
        client.awaitOutcome("momentum", "ACC-DEMO-1", "APPROVED NONE");
        client.awaitOutcome("breakout", "ACC-DEMO-2", "APPROVED NONE");
    }

    /**
     * HALT at 8%, its cooldown and the health checks. How time passes: see the class comment; the first signal
     * past the test calendar's midnight ends the one-day cooldown, and with zero ramp-up days the account is
     * back to NORMAL at its next record.
     */
    @Test
    void anEightPercentDrawdownHaltsEntriesLetsExitsOutAndRampsUpAfterTheCooldown() throws Exception {
        BigDecimal before = heldNow(HALT_ACCOUNT, "DDH");
        String buy = client.signal("dd-halt", HALT_ACCOUNT, "DDH", 280);
        assertThat(client.outcome(buy)).isEqualTo("APPROVED NONE");
        awaitHeld(HALT_ACCOUNT, "DDH", before.add(new BigDecimal(280)));

        // 280 to 290 shares (what the start or the close-positions scenario left, and 280 more) lose 30 each:
        // 8.4% to 8.7% of 100,000.
        client.barsCsv(List.of(StackClient.bar("DDH", Instant.now().truncatedTo(ChronoUnit.SECONDS), "70")));

        await("risk-stream halts the account").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.risk(HALT_ACCOUNT).path("state").path("state").asText().equals("HALT"));
        JsonNode halted = client.risk(HALT_ACCOUNT).path("state");
        assertThat(new BigDecimal(halted.path("drawdown").asText())).isBetween(new BigDecimal("0.08"),
                new BigDecimal("0.10"));
        assertThat(halted.path("cooldownEndsOn").asText()).isEqualTo(
                LocalDate.ofInstant(midnight, zoneWithMidnightAt(midnight)).toString());

        JsonNode entry = client.decision(client.signal("dd-halt", HALT_ACCOUNT, "DDH", 5));
        assertThat(entry.path("outcome").asText() + " " + entry.path("primaryReason").asText())
                .isEqualTo("REJECTED DRAWDOWN_HALT");
        assertThat(StackClient.failedCheck(entry, "DRAWDOWN_HALT")).contains("state HALT; entries blocked until");
        String exit = client.signal("dd-halt", HALT_ACCOUNT, "DDH", "SELL", 100);
        assertThat(client.outcome(exit)).as("exits are never blocked by HALT").isEqualTo("APPROVED NONE");
        assertThat(client.intent(exit).getPurpose()).isEqualTo(IntentPurpose.EXIT);
        awaitHeld(HALT_ACCOUNT, "DDH", before.add(new BigDecimal(180)));

        Instant nextDay = midnight.plusSeconds(30);
        String first = client.publishSignal("dd-halt", HALT_ACCOUNT, "DDH", "BUY", 11, nextDay);
        JsonNode rampup = client.decision(first, nextDay.plus(Duration.ofMinutes(5)));
        assertThat(rampup.path("outcome").asText()).as(client.risk(HALT_ACCOUNT).toString()).isEqualTo("APPROVED");
        assertThat(new BigDecimal(rampup.path("sizingFactor").asText())).isEqualByComparingTo("0.5");
        assertThat(client.intent(first).getQuantity()).as("11 at half size, rounded down").isEqualByComparingTo("5");

        await("RAMPUP of zero days ends at the account's next record").atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> client.risk(HALT_ACCOUNT).path("state").path("state").asText().equals("NORMAL"));
        List<String> transitions = new ArrayList<>();
        client.risk(HALT_ACCOUNT).path("transitions").forEach(t -> transitions.add(t.path("from").asText() + "->"
                + t.path("to").asText()));
        assertThat(transitions).containsSubsequence("NORMAL->HALT", "HALT->RAMPUP", "RAMPUP->NORMAL");
        assertThat(client.risk(HALT_ACCOUNT).path("state").path("lastHealthCheck").toString()).contains("true");

        String full = client.publishSignal("dd-halt", HALT_ACCOUNT, "DDH", "BUY", 12, nextDay.plusSeconds(10));
        JsonNode normal = client.decision(full, nextDay.plus(Duration.ofMinutes(5)));
        assertThat(normal.path("outcome").asText()).isEqualTo("APPROVED");
        assertThat(client.intent(full).getQuantity()).isEqualByComparingTo("12");
    }

    @Test
    void aTenPercentDrawdownPanicsFlattensAndWritesTheAccountKillSwitch() throws Exception {
        BigDecimal before = heldNow(PANIC_ACCOUNT, "DDP");
        assertThat(client.outcome(client.signal("dd-panic", PANIC_ACCOUNT, "DDP", 280))).isEqualTo("APPROVED NONE");
        awaitHeld(PANIC_ACCOUNT, "DDP", before.add(new BigDecimal(280)));

        // 280 to 290 shares lose 40 each: 11.2% to 11.6% of 100,000.
        client.barsCsv(List.of(StackClient.bar("DDP", Instant.now().truncatedTo(ChronoUnit.SECONDS), "60")));

        await("risk-stream panics").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> client.risk(PANIC_ACCOUNT).path("state").path("state").asText().equals("PANIC"));
        await("PANIC writes the account's kill switch").atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode kill = client.risk(PANIC_ACCOUNT).path("killSwitch");
            assertThat(kill.path("active").asBoolean()).isTrue();
            assertThat(kill.path("mode").asText() + " " + kill.path("origin").asText())
                    .isEqualTo("CLOSE_POSITIONS AUTO:DRAWDOWN_PANIC");
        });
        awaitHeld(PANIC_ACCOUNT, "DDP", BigDecimal.ZERO);

        JsonNode entry = client.decision(client.signal("dd-panic", PANIC_ACCOUNT, "DDP", 3));
        assertThat(entry.path("outcome").asText() + " " + entry.path("primaryReason").asText())
                .isEqualTo("REJECTED KILL_SWITCH");
        assertThat(StackClient.failedCheck(entry, "DRAWDOWN_PANIC")).contains("state PANIC");
    }

    private static void awaitHeld(String account, String symbol, BigDecimal quantity) {
        await(account + " holds " + quantity + " " + symbol + " at the broker").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> StackClient.held(client.latestSnapshot(account), symbol).compareTo(quantity) == 0);
    }

    /** What the account holds of the symbol in a broker snapshot taken after this call. */
    private static BigDecimal heldNow(String account, String symbol) {
        Instant after = Instant.now();
        BrokerSnapshot[] found = new BrokerSnapshot[1];
        await("a fresh snapshot of " + account).atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1))
                .until(() -> {
                    found[0] = client.latestSnapshot(account);
                    return found[0] != null && found[0].getAsOf().isAfter(after);
                });
        return StackClient.held(found[0], symbol);
    }
}
