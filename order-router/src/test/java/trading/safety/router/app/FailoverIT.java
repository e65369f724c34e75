package trading.safety.router.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topics;
import trading.safety.router.broker.BrokerException;
import trading.safety.router.paper.PaperBroker;
import trading.safety.service.PlatformProperties;
import trading.safety.service.RealInfrastructureTest;
import trading.safety.service.testing.TopicProbe;
import trading.safety.v1.Alert;
import trading.safety.v1.BrokerStatus;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.OrderType;
import trading.safety.v1.Severity;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

/** Failover on the real broker: the primary stops answering, the router switches, an operator fails back. */
@SpringBootTest(classes = {OrderRouterApplication.class, FailoverIT.TwoBrokers.class},
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=" + OrderRouterApplication.CONFIG_NAME,
            "spring.main.allow-bean-definition-overriding=true", "safety.router.secondary-broker=backup",
            "safety.router.snapshot-interval=1h"})
class FailoverIT extends RealInfrastructureTest {

    private static final String ACCOUNT = "ACC-F1";
    private static final AtomicBoolean PRIMARY_DOWN = new AtomicBoolean();
    private static final PaperBroker PRIMARY = new PaperBroker("paper", PaperBroker.Settings.defaults(),
            Clock.systemUTC());
    private static final PaperBroker BACKUP = new PaperBroker("backup", PaperBroker.Settings.defaults(),
            Clock.systemUTC());

    /** The two brokers: the paper broker behind a switch that makes every call fail, and a backup. */
    @TestConfiguration
    static class TwoBrokers {
        @Bean
        Brokers brokers() {
            return new Brokers(Map.of("paper", new Switchable(PRIMARY), "backup", BACKUP), null);
        }
    }

    @Autowired
    private SchemaRegistry registry;

    @Autowired
    private PlatformProperties platform;

    @Autowired
    private RouterService service;

    @Test
    void failsOverAfterFiveFailuresAndBackOnlyWhenAnOperatorSaysSo() throws Exception {
        PRIMARY.onPrice("AAPL", new BigDecimal("100"));
        BACKUP.onPrice("AAPL", new BigDecimal("100"));
        try (TopicProbe probe = new TopicProbe(platform.kafka().bootstrapServers(), registry)) {
            probe.send(Topics.ORDER_INTENTS, ACCOUNT, intent("before"));
            assertThat(accepted(probe, "before").getBrokerId()).isEqualTo("paper");

            PRIMARY_DOWN.set(true);
            ControlRecord failover = probe.awaitCommitted(Topics.CONTROL, "broker/active", 1).get(0);
            assertThat(failover.getParams()).containsEntry("brokerId", "backup").containsEntry("from", "paper");
            assertThat(failover.getOrigin()).isEqualTo("AUTO:BROKER_FAILOVER");
            assertThat(probe.awaitCommitted(Topics.AUDIT, "broker/active", 1).get(0)).satisfies(audit -> {
                assertThat(audit.getAction()).isEqualTo("ACTIVE_BROKER_ACTIVATE");
                assertThat(audit.getActor()).isEqualTo("order-router AUTO:BROKER_FAILOVER");
                assertThat(audit.getRequestId()).isEqualTo(failover.getCommandId());
            });
            Alert alert = probe.awaitCommitted(Topics.ALERTS, "BROKER_FAILOVER", 1).get(0);
            assertThat(alert.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(alert.getMessage()).contains("failback is manual");
            List<BrokerStatus> backup = probe.awaitCommitted(Topics.BROKER_STATUS, "backup", 1,
                    BrokerStatus::getActive);
            assertThat(backup.get(0).getConnected()).isTrue();

            probe.send(Topics.ORDER_INTENTS, ACCOUNT, intent("during"));
            assertThat(accepted(probe, "during").getBrokerId()).isEqualTo("backup");

            PRIMARY_DOWN.set(false);
            probe.send(Topics.ORDER_INTENTS, ACCOUNT, intent("recovered"));
            assertThat(accepted(probe, "recovered").getBrokerId()).as("no automatic failback").isEqualTo("backup");

            probe.send(Topics.CONTROL, "broker/active", ControlRecord.newBuilder(failover).setEventId("failback")
                    .setCommandId("failback").setOrigin("MANUAL").setOperator("ops")
                    .setReason("primary recovered").setParams(Map.of("brokerId", "paper")).build());
            await(() -> service.controls().activeBroker().filter("paper"::equals).isPresent());
            probe.send(Topics.ORDER_INTENTS, ACCOUNT, intent("after"));
            assertThat(accepted(probe, "after").getBrokerId()).isEqualTo("paper");
        }
    }

    private static OrderEvent accepted(TopicProbe probe, String id) {
        return probe.awaitCommitted(Topics.ORDER_EVENTS, ACCOUNT, 1,
                e -> e.getIntentId().equals(id) && e.getType() == OrderEventType.ACCEPTED).get(0);
    }

    private static void await(java.util.concurrent.Callable<Boolean> condition) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(condition);
    }

    private static OrderIntent intent(String id) {
        return OrderIntent.newBuilder().setEventId("intent:" + id).setCausationId(null).setIntentId(id)
                .setSignalId("sig-" + id).setAccountId(ACCOUNT).setStrategyId("momentum").setSymbol("AAPL")
                .setSide(Side.BUY).setQuantity(Decimals.of(1)).setOrderType(OrderType.MARKET).setLimitPrice(null)
                .setTimeInForce(TimeInForce.DAY).setPurpose(IntentPurpose.ENTRY).setCreatedAt(Instant.now()).build();
    }

    /** A broker that fails every call with a connection error while {@link #PRIMARY_DOWN} is set. */
    private static final class Switchable extends DelegatingBroker {

        Switchable(PaperBroker broker) {
            super(broker);
        }

        @Override
        protected void beforeCall() throws BrokerException {
            if (PRIMARY_DOWN.get()) {
                throw new BrokerException("connection refused (test)", true, null);
            }
        }
    }
}
