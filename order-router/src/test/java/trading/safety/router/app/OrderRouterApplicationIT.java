package trading.safety.router.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.config.RouterProperties;
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

/** order-router on the real broker and registry: routing, the kill switch's second check, a restart. */
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
     * The order of an intent reached the broker, then the router stopped before recording it. A new router
     * (same group, same transactional id) must ask the broker, record it, and not send it again; and fills
     * already published before the restart must not be published again.
     */
    @Test
    @Order(4)
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
            probe.send(Topics.ORDER_INTENTS, "ACC-R3", inDoubt);
            restarted.start();

            OrderEvent settled = probe.awaitCommitted(Topics.ORDER_EVENTS, "ACC-R3", 1,
                    e -> e.getType() == OrderEventType.ACCEPTED).get(0);
            assertThat(settled.getReason()).contains("settled after a restart");
            assertThat(paper.allOrders()).filteredOn(o -> o.clientOrderId().equals("in-doubt-r3")).hasSize(1);
            // ACC-R3's fill came from the restarted router's first feed read, which covers every partition's
            // cursor in one transaction: a fill republished from a wrong cursor would be committed by now.
            probe.awaitCommitted(Topics.FILLS, "ACC-R3", 1);
            assertThat(probe.committed(Topics.FILLS, "ACC-R1")).as("fills published before the restart").hasSize(1);
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

    private static ControlRecord killSwitch(String key) {
        return ControlRecord.newBuilder().setEventId("ctl-" + key).setCausationId(null).setKey(key).setActive(true)
                .setMode("HALT_ONLY").setReason("integration test").setOperator("it").setOrigin("MANUAL")
                .setCommandId("cmd-" + key).setAt(Instant.now()).setParams(Map.of()).build();
    }
}
