package trading.safety.router.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topics;
import trading.safety.router.broker.BrokerOrder;
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.config.RouterProperties;
import trading.safety.router.domain.ControlActions;
import trading.safety.router.paper.PaperBroker;
import trading.safety.service.PlatformProperties;
import trading.safety.service.ServiceSmokeTest;
import trading.safety.service.testing.TopicProbe;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.Fill;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.MarketBar;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

/**
 * order-router on the real broker and registry: routing, the kill switch's second check and actions, the
 * operator's cancel-all and flatten commands, a restart.
 */
@SpringBootTest(classes = OrderRouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + OrderRouterApplication.CONFIG_NAME,
            "safety.router.paper.accounts=ACC-R1,ACC-R2", "safety.router.snapshot-interval=1h"})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OrderRouterApplicationIT extends ServiceSmokeTest {

    @Autowired
    private SchemaRegistry registry;

    @Autowired
    private PlatformProperties platform;

    @Autowired
    private RouterProperties properties;

    @Autowired
    private Brokers brokers;

    private PaperBroker paper;

    @org.junit.jupiter.api.BeforeEach
    void inProcessPaperBroker() {
        paper = brokers.inProcessPaper();
    }

    @Autowired
    private RouterService service;

    @Autowired
    private RouterMetrics metrics;

    @Autowired
    private MeterRegistry meters;

    @Test
    @Order(0)
    void readsRateLimitedBrokersLessOftenThanThePaperBroker() {
        assertThat(properties.fillPollInterval()).isEqualTo(java.time.Duration.ofMillis(100));
        assertThat(properties.fillPollIntervals()).containsEntry("alpaca", java.time.Duration.ofSeconds(1))
                .containsEntry("tradier", java.time.Duration.ofSeconds(2)).doesNotContainKey("paper");
        assertThat(properties.tradier().enabled()).as("Tradier is off without accounts").isFalse();
    }

    @Test
    @Order(1)
    void routesAnIntentOncePublishesItsFillOnceAndSnapshotsTheAccounts() throws Exception {
        try (TopicProbe probe = probe()) {
            price(probe, "AAPL", "100");
            OrderIntent intent = intent("ACC-R1", "intent-r1", "AAPL", Side.BUY, OrderType.MARKET, null,
                    IntentPurpose.ENTRY);
            probe.send(Topics.ORDER_INTENTS, "ACC-R1", intent);
            probe.send(Topics.ORDER_INTENTS, "ACC-R1", intent);

            List<OrderEvent> accepted = probe.awaitCommitted(Topics.ORDER_EVENTS, "ACC-R1", 2,
                    e -> e.getIntentId().equals("intent-r1") && e.getType() == OrderEventType.ACCEPTED);
            assertThat(accepted.get(0).getLatencyMicros()).isNotNull();
            // Settled by the broker's duplicate answer, or by asking it first when the router started after the sends.
            assertThat(accepted.get(1).getReason()).contains("already had");
            List<Fill> fills = probe.awaitCommitted(Topics.FILLS, "ACC-R1", 1);
            assertThat(fills.get(0).getIntentId()).isEqualTo("intent-r1");
            assertThat(fills.get(0).getPrice()).isEqualByComparingTo("100");
            probe.awaitCommitted(Topics.ORDER_EVENTS, "ACC-R1", 1, e -> e.getType() == OrderEventType.FILLED);
            assertThat(paper.allOrders()).filteredOn(o -> o.clientOrderId().equals("intent-r1")).hasSize(1);
            List<BrokerSnapshot> snapshots = probe.awaitCommitted(Topics.BROKER_SNAPSHOTS, "ACC-R2", 1);
            assertThat(snapshots.get(0).getEquity()).isEqualByComparingTo("100000");
        }
    }

    @Test
    @Order(2)
    void aKillSwitchCancelsOpenOrdersRefusesEntriesAndLetsExitsThrough() throws Exception {
        try (TopicProbe probe = probe()) {
            price(probe, "MSFT", "100");
            probe.send(Topics.ORDER_INTENTS, "ACC-R2", intent("ACC-R2", "resting-r2", "MSFT", Side.BUY,
                    OrderType.LIMIT, "50", IntentPurpose.ENTRY));
            probe.awaitCommitted(Topics.ORDER_EVENTS, "ACC-R2", 1,
                    e -> e.getIntentId().equals("resting-r2") && e.getType() == OrderEventType.ACCEPTED);

            probe.send(Topics.CONTROL, "kill-switch/account/ACC-R2", killSwitch("kill-switch/account/ACC-R2"));
            probe.awaitCommitted(Topics.ORDER_EVENTS, "ACC-R2", 1,
                    e -> e.getIntentId().equals("resting-r2") && e.getType() == OrderEventType.CANCELLED);

            probe.send(Topics.ORDER_INTENTS, "ACC-R2", intent("ACC-R2", "entry-r2", "MSFT", Side.BUY,
                    OrderType.MARKET, null, IntentPurpose.ENTRY));
            probe.send(Topics.ORDER_INTENTS, "ACC-R2", intent("ACC-R2", "exit-r2", "MSFT", Side.SELL,
                    OrderType.MARKET, null, IntentPurpose.EXIT));
            OrderEvent refused = probe.awaitCommitted(Topics.ORDER_EVENTS, "ACC-R2", 1,
                    e -> e.getIntentId().equals("entry-r2")).get(0);
            assertThat(refused.getType()).isEqualTo(OrderEventType.REJECTED);
            assertThat(refused.getReason()).startsWith("[KILL_SWITCH]");
            probe.awaitCommitted(Topics.ORDER_EVENTS, "ACC-R2", 1,
                    e -> e.getIntentId().equals("exit-r2") && e.getType() == OrderEventType.ACCEPTED);
            assertThat(paper.allOrders()).filteredOn(o -> o.clientOrderId().equals("entry-r2")).isEmpty();
        }
    }

    @Test
    @Order(3)
    void closePositionsFlattensTheAccountThroughTheRouterItself() throws Exception {
        try (TopicProbe probe = probe()) {
            price(probe, "AMZN", "100");
            probe.send(Topics.ORDER_INTENTS, "ACC-R4", intent("ACC-R4", "long-r4", "AMZN", Side.BUY, OrderType.MARKET,
                    null, IntentPurpose.ENTRY));
            probe.awaitCommitted(Topics.FILLS, "ACC-R4", 1);

            ControlRecord close = ControlRecord.newBuilder(killSwitch("kill-switch/account/ACC-R4"))
                    .setMode("CLOSE_POSITIONS").build();
            probe.send(Topics.CONTROL, "kill-switch/account/ACC-R4", close);

            OrderIntent flatten = probe.awaitCommitted(Topics.ORDER_INTENTS, "ACC-R4", 1,
                    i -> i.getPurpose() == IntentPurpose.FLATTEN).get(0);
            assertThat(flatten.getSide()).isEqualTo(Side.SELL);
            assertThat(flatten.getQuantity()).isEqualByComparingTo("10");
            probe.awaitCommitted(Topics.ORDER_EVENTS, "ACC-R4", 1, e -> e.getIntentId().equals(flatten.getIntentId())
                    && e.getType() == OrderEventType.FILLED);
            await().atMost(Duration.ofSeconds(10)).until(() -> paper.account("ACC-R4").positions().isEmpty());

            probe.send(Topics.ORDER_INTENTS, "ACC-R4", intent("ACC-R4", "exit-r4", "AMZN", Side.SELL,
                    OrderType.MARKET, null, IntentPurpose.EXIT));
            OrderEvent refused = probe.awaitCommitted(Topics.ORDER_EVENTS, "ACC-R4", 1,
                    e -> e.getIntentId().equals("exit-r4")).get(0);
            assertThat(refused.getReason()).as("CLOSE_POSITIONS stops exits too").contains("CLOSE_POSITIONS");
        }
    }

    /**
     * The operator's cancel-all, for one account and for every account: each command cancels the open orders
     * of its scope at the broker, once; the same record again (the same command id) cancels nothing more.
     */
    @Test
    @Order(4)
    void cancelAllCommandsCancelTheOpenOrdersOfTheirScopeOncePerCommandId() throws Exception {
        try (TopicProbe probe = probe()) {
            price(probe, "META", "100");
            rest(probe, "ACC-R5", "resting-r5");
            rest(probe, "ACC-R6", "resting-r6");

            probe.send(Topics.CONTROL, "orders/cancel-all/ACC-R5", command("orders/cancel-all/ACC-R5",
                    "cmd-cancel-acc-r5"));
            assertThat(awaitCancelled(probe, "ACC-R5", "resting-r5").getReason()).contains("cmd-cancel-acc-r5");
            assertThat(paperStatus("resting-r5")).isEqualTo(BrokerOrder.Status.CANCELLED);
            assertThat(paperStatus("resting-r6")).as("another account's order").isEqualTo(BrokerOrder.Status.NEW);

            rest(probe, "ACC-R5", "resting-r5b");
            probe.send(Topics.CONTROL, "orders/cancel-all/ACC-R5", command("orders/cancel-all/ACC-R5",
                    "cmd-cancel-acc-r5"));
            probe.send(Topics.CONTROL, "orders/cancel-all", command("orders/cancel-all", "cmd-cancel-all"));
            // Control records act in order: had the repeated command acted, it would have cancelled resting-r5b.
            assertThat(awaitCancelled(probe, "ACC-R5", "resting-r5b").getReason()).contains("cmd-cancel-all");
            assertThat(awaitCancelled(probe, "ACC-R6", "resting-r6").getReason()).contains("cmd-cancel-all");

            rest(probe, "ACC-R6", "resting-r6b");
            probe.send(Topics.CONTROL, "orders/cancel-all", command("orders/cancel-all", "cmd-cancel-all"));
            probe.send(Topics.CONTROL, "orders/cancel-all/ACC-R6", command("orders/cancel-all/ACC-R6",
                    "cmd-cancel-acc-r6"));
            assertThat(awaitCancelled(probe, "ACC-R6", "resting-r6b").getReason()).contains("cmd-cancel-acc-r6");
            assertThat(paper.openOrders()).isEmpty();
            assertThat(actionsTaken(ControlActions.Kind.CANCEL_ALL)).isEqualTo(3);
        }
    }

    /**
     * The operator's flatten, for one account (under its HALT_ONLY kill switch) and for every account (most
     * without a kill switch): each command writes a FLATTEN intent per position of its scope, once, and the
     * router routes them to fills; the same record again writes nothing more.
     */
    @Test
    @Order(5)
    void flattenCommandsCloseThePositionsOfTheirScopeOncePerCommandId() throws Exception {
        try (TopicProbe probe = probe()) {
            price(probe, "TSLA", "100");
            paper.adjustPosition("ACC-R7", "TSLA", new BigDecimal("10"), new BigDecimal("100"));
            paper.adjustPosition("ACC-R8", "TSLA", new BigDecimal("-4"), new BigDecimal("100"));
            probe.send(Topics.CONTROL, "kill-switch/account/ACC-R7", killSwitch("kill-switch/account/ACC-R7"));

            probe.send(Topics.CONTROL, "positions/flatten/ACC-R7", command("positions/flatten/ACC-R7",
                    "cmd-flatten-acc-r7"));
            OrderIntent r7 = awaitFlattenFilled(probe, "ACC-R7", "cmd-flatten-acc-r7");
            assertThat(r7.getSide()).isEqualTo(Side.SELL);
            assertThat(r7.getQuantity()).isEqualByComparingTo("10");
            assertThat(flattenIntents(probe, "cmd-flatten-acc-r7")).as("one account's positions only").hasSize(1);
            await().atMost(Duration.ofSeconds(10)).until(() -> paper.account("ACC-R7").positions().isEmpty());

            paper.adjustPosition("ACC-R7", "TSLA", new BigDecimal("5"), new BigDecimal("100"));
            probe.send(Topics.CONTROL, "positions/flatten/ACC-R7", command("positions/flatten/ACC-R7",
                    "cmd-flatten-acc-r7"));
            probe.send(Topics.CONTROL, "positions/flatten", command("positions/flatten", "cmd-flatten-all"));
            awaitFlattenFilled(probe, "ACC-R8", "cmd-flatten-all");
            List<OrderIntent> all = flattenIntents(probe, "cmd-flatten-all");
            // ACC-R1 holds the first test's buy, ACC-R2 is short from its exit and still under its HALT_ONLY switch.
            assertThat(all).extracting(OrderIntent::getAccountId)
                    .containsExactlyInAnyOrder("ACC-R1", "ACC-R2", "ACC-R7", "ACC-R8");
            for (OrderIntent intent : all) {
                awaitFlattenFilled(probe, intent.getAccountId(), "cmd-flatten-all");
            }
            assertThat(all).filteredOn(i -> i.getAccountId().equals("ACC-R8")).singleElement()
                    .satisfies(i -> assertThat(i.getSide()).isEqualTo(Side.BUY));
            assertThat(flattenIntents(probe, "cmd-flatten-acc-r7")).as("the repeated command wrote nothing")
                    .hasSize(1);

            paper.adjustPosition("ACC-R8", "TSLA", new BigDecimal("3"), new BigDecimal("100"));
            probe.send(Topics.CONTROL, "positions/flatten", command("positions/flatten", "cmd-flatten-all"));
            probe.send(Topics.CONTROL, "positions/flatten/ACC-R8", command("positions/flatten/ACC-R8",
                    "cmd-flatten-acc-r8"));
            assertThat(awaitFlattenFilled(probe, "ACC-R8", "cmd-flatten-acc-r8").getQuantity())
                    .isEqualByComparingTo("3");
            assertThat(flattenIntents(probe, "cmd-flatten-all")).as("the repeated command wrote nothing")
                    .hasSameSizeAs(all);
            assertThat(actionsTaken(ControlActions.Kind.FLATTEN)).isEqualTo(3);
        }
    }

    /**
     * The order of an intent reached the broker, then the router stopped before recording it. A new router
     * (same group, same transactional id) must ask the broker, record it, and not send it again; and fills
     * already published before the restart must not be published again.
     */
    @Test
    @Order(6)
    void aRestartedRouterSettlesAnInDoubtIntentWithTheBrokerAndRepublishesNoFill() throws Exception {
        service.stop();
        paper.onPrice("NVDA", new BigDecimal("100"));
        OrderIntent inDoubt = intent("ACC-R3", "in-doubt-r3", "NVDA", Side.BUY, OrderType.MARKET, null,
                IntentPurpose.ENTRY);
        paper.submit(new OrderRequest("in-doubt-r3", "ACC-R3", "NVDA", Side.BUY, inDoubt.getQuantity(),
                OrderType.MARKET, null, TimeInForce.DAY, false));
        RouterService restarted = new RouterService(platform.kafka().bootstrapServers(), properties, paper,
                Map.of(paper.id(), paper), registry, Clock.systemUTC(), metrics);
        try (TopicProbe probe = probe()) {
            List<Fill> publishedBefore = probe.committed(Topics.FILLS, "ACC-R1");
            probe.send(Topics.ORDER_INTENTS, "ACC-R3", inDoubt);
            restarted.start();

            OrderEvent settled = probe.awaitCommitted(Topics.ORDER_EVENTS, "ACC-R3", 1,
                    e -> e.getType() == OrderEventType.ACCEPTED).get(0);
            assertThat(settled.getReason()).contains("settled after a restart");
            assertThat(paper.allOrders()).filteredOn(o -> o.clientOrderId().equals("in-doubt-r3")).hasSize(1);
            // ACC-R3's fill came from the restarted router's first feed read, which covers every partition's
            // cursor in one transaction: a fill republished from a wrong cursor would be committed by now.
            probe.awaitCommitted(Topics.FILLS, "ACC-R3", 1);
            assertThat(probe.committed(Topics.FILLS, "ACC-R1")).as("fills published before the restart")
                    .hasSameSizeAs(publishedBefore);
            assertThat(probe.committed(Topics.FILLS, "ACC-R3")).hasSize(1);
        } finally {
            restarted.stop();
        }
    }

    private TopicProbe probe() {
        return new TopicProbe(platform.kafka().bootstrapServers(), registry);
    }

    private void price(TopicProbe probe, String symbol, String close) throws Exception {
        Instant now = Instant.now();
        probe.send(Topics.MARKET_DATA, symbol, MarketBar.newBuilder().setEventId("bar-" + symbol).setCausationId(null)
                .setSymbol(symbol).setBarTime(now).setOpen(Decimals.of(close)).setHigh(Decimals.of(close))
                .setLow(Decimals.of(close)).setClose(Decimals.of(close)).setVolume(Decimals.of(1000)).build());
        await().atMost(Duration.ofSeconds(30)).until(() -> paper.price(symbol).isPresent());
    }

    private static OrderIntent intent(String account, String id, String symbol, Side side, OrderType type,
            String limit, IntentPurpose purpose) {
        return OrderIntent.newBuilder().setEventId("intent:" + id).setCausationId(null).setIntentId(id)
                .setSignalId("sig-" + id).setAccountId(account).setStrategyId("momentum").setSymbol(symbol)
                .setSide(side).setQuantity(Decimals.of(10)).setOrderType(type)
                .setLimitPrice(limit == null ? null : Decimals.of(limit)).setTimeInForce(TimeInForce.DAY)
                .setPurpose(purpose).setCreatedAt(Instant.now()).build();
    }

    /** A resting order (a buy limit far below the price) of an account, accepted by the broker. */
    private void rest(TopicProbe probe, String account, String intentId) throws Exception {
        probe.send(Topics.ORDER_INTENTS, account, intent(account, intentId, "META", Side.BUY, OrderType.LIMIT, "50",
                IntentPurpose.ENTRY));
        probe.awaitCommitted(Topics.ORDER_EVENTS, account, 1,
                e -> e.getIntentId().equals(intentId) && e.getType() == OrderEventType.ACCEPTED);
    }

    private static OrderEvent awaitCancelled(TopicProbe probe, String account, String intentId) {
        return probe.awaitCommitted(Topics.ORDER_EVENTS, account, 1,
                e -> e.getIntentId().equals(intentId) && e.getType() == OrderEventType.CANCELLED).get(0);
    }

    private BrokerOrder.Status paperStatus(String clientOrderId) {
        return paper.findByClientOrderId(clientOrderId).orElseThrow().status();
    }

    /** The account's one FLATTEN intent of a command, once the broker has filled it. */
    private static OrderIntent awaitFlattenFilled(TopicProbe probe, String account, String commandId) {
        OrderIntent flatten = probe.awaitCommitted(Topics.ORDER_INTENTS, account, 1,
                i -> i.getPurpose() == IntentPurpose.FLATTEN && commandId.equals(i.getCausationId())).get(0);
        probe.awaitCommitted(Topics.ORDER_EVENTS, account, 1,
                e -> e.getIntentId().equals(flatten.getIntentId()) && e.getType() == OrderEventType.FILLED);
        return flatten;
    }

    /** Every FLATTEN intent on the topic that a command caused, in every account. */
    private static List<OrderIntent> flattenIntents(TopicProbe probe, String commandId) {
        return probe.committed(Topics.ORDER_INTENTS, account -> true).stream()
                .filter(i -> i.getPurpose() == IntentPurpose.FLATTEN && commandId.equals(i.getCausationId()))
                .toList();
    }

    private double actionsTaken(ControlActions.Kind kind) {
        return meters.get("control.actions").tag("kind", kind.name()).counter().count();
    }

    private static ControlRecord killSwitch(String key) {
        return control(key, "cmd-" + key, "HALT_ONLY");
    }

    /** An operator's command as the ops-console writes it: active, with a fresh command id. */
    private static ControlRecord command(String key, String commandId) {
        return control(key, commandId, null);
    }

    private static ControlRecord control(String key, String commandId, String mode) {
        return ControlRecord.newBuilder().setEventId("ctl-" + commandId).setCausationId(null).setKey(key)
                .setActive(true).setMode(mode).setReason("integration test").setOperator("it").setOrigin("MANUAL")
                .setCommandId(commandId).setAt(Instant.now()).setParams(Map.of()).build();
    }
}
