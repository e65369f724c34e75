package trading.safety.router.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topics;
import trading.safety.router.paper.PaperBroker;
import trading.safety.service.PlatformProperties;
import trading.safety.service.RealInfrastructureTest;
import trading.safety.service.testing.TopicProbe;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.MarketBar;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

/** DRY_RUN on the real broker: every intent is recorded as it would have gone, and no broker sees it. */
@SpringBootTest(classes = OrderRouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=" + OrderRouterApplication.CONFIG_NAME, "safety.router.dry-run=true",
            "safety.router.paper.accounts=ACC-D1"})
class DryRunIT extends RealInfrastructureTest {

    @Autowired
    private SchemaRegistry registry;

    @Autowired
    private PlatformProperties platform;

    @Autowired
    private Brokers brokers;

    private PaperBroker paper;

    @org.junit.jupiter.api.BeforeEach
    void inProcessPaperBroker() {
        paper = brokers.inProcessPaper();
    }

    @Test
    void recordsEveryIntentAsDryRunAndSendsNothing() throws Exception {
        try (TopicProbe probe = new TopicProbe(platform.kafka().bootstrapServers(), registry)) {
            probe.send(Topics.MARKET_DATA, "AAPL", MarketBar.newBuilder().setEventId("bar-d1").setCausationId(null)
                    .setSymbol("AAPL").setBarTime(Instant.now()).setOpen(null).setHigh(null).setLow(null)
                    .setClose(Decimals.of(100)).setVolume(Decimals.of(1)).build());
            await().atMost(Duration.ofSeconds(30)).until(() -> paper.price("AAPL").isPresent());
            probe.send(Topics.ORDER_INTENTS, "ACC-D1", OrderIntent.newBuilder().setEventId("intent:dry-1")
                    .setCausationId(null).setIntentId("dry-1").setSignalId("sig-dry-1").setAccountId("ACC-D1")
                    .setStrategyId("momentum").setSymbol("AAPL").setSide(Side.BUY).setQuantity(Decimals.of(5))
                    .setOrderType(OrderType.MARKET).setLimitPrice(null).setTimeInForce(TimeInForce.DAY)
                    .setPurpose(IntentPurpose.ENTRY).setCreatedAt(Instant.now()).build());

            List<OrderEvent> events = probe.awaitCommitted(Topics.ORDER_EVENTS, "ACC-D1", 1);
            assertThat(events.get(0).getDryRun()).isTrue();
            assertThat(events.get(0).getReason()).startsWith("[DRY_RUN]");
            assertThat(paper.allOrders()).isEmpty();
            assertThat(probe.committed(Topics.FILLS, "ACC-D1")).isEmpty();
        }
    }
}
