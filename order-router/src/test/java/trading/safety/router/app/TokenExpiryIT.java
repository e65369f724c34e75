package trading.safety.router.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topics;
import trading.safety.router.broker.BrokerException;
import trading.safety.router.broker.OAuthToken;
import trading.safety.router.paper.PaperBroker;
import trading.safety.service.PlatformProperties;
import trading.safety.service.RealInfrastructureTest;
import trading.safety.service.testing.TopicProbe;
import trading.safety.v1.Alert;
import trading.safety.v1.BrokerStatus;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.OrderType;
import trading.safety.v1.Severity;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

/**
 * A broker's OAuth token on the real broker: a WARNING when it expires within 48 hours and nobody renews it,
 * a paused broker and a CRITICAL alert once it expired (entries refused, exits still sent), and renewal with the
 * refresh token resuming the broker and clearing the alerts.
 */
@SpringBootTest(classes = {OrderRouterApplication.class, TokenExpiryIT.TokenBroker.class},
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {"spring.config.name=" + OrderRouterApplication.CONFIG_NAME,
            "spring.main.allow-bean-definition-overriding=true", "safety.router.snapshot-interval=1h"})
class TokenExpiryIT extends RealInfrastructureTest {

    private static final String ACCOUNT = "ACC-T1";
    private static final PaperBroker PAPER = new PaperBroker("paper", PaperBroker.Settings.defaults(),
            Clock.systemUTC());
    private static final AtomicReference<OAuthToken> TOKEN = new AtomicReference<>();
    private static final AtomicBoolean ENDPOINT_UP = new AtomicBoolean();

    /** The paper broker behind an OAuth token the test replaces. */
    @TestConfiguration
    static class TokenBroker {
        @Bean
        Brokers brokers() {
            TOKEN.set(token(new OAuthToken.Grant("access-0", null, inHours(30))));
            return new Brokers(Map.of("paper", new DelegatingBroker(PAPER) {
                @Override
                public Optional<Instant> tokenExpiresAt() {
                    return Optional.of(TOKEN.get().expiresAt());
                }

                @Override
                public boolean tokenRenewsItself() {
                    return TOKEN.get().renewsItself();
                }

                @Override
                public boolean refreshToken() throws BrokerException {
                    return TOKEN.get().refreshIfDue();
                }
            }), null);
        }
    }

    @Autowired
    private SchemaRegistry registry;

    @Autowired
    private PlatformProperties platform;

    @Autowired
    private MeterRegistry meters;

    @Test
    void warnsPausesOnExpiryAndResumesWhenRenewed() throws Exception {
        PAPER.onPrice("AAPL", new BigDecimal("100"));
        try (TopicProbe probe = new TopicProbe(platform.kafka().bootstrapServers(), registry)) {
            Instant firstExpiry = TOKEN.get().expiresAt();
            Alert warning = probe.awaitCommitted(Topics.ALERTS, "BROKER_TOKEN_EXPIRING", 1).get(0);
            assertThat(warning.getSeverity()).isEqualTo(Severity.WARNING);
            assertThat(warning.getSubject()).isEqualTo("paper");
            assertThat(warning.getMessage()).contains(firstExpiry.toString(), "48 h");
            assertThat(probe.awaitCommitted(Topics.BROKER_STATUS, "paper", 1,
                    s -> firstExpiry.equals(s.getTokenExpiresAt())).get(0).getPaused()).isFalse();
            assertThat(meters.get("oauth.token.expires.at").tag("broker", "paper").gauge().value())
                    .isEqualTo(firstExpiry.getEpochSecond());
            probe.send(Topics.ORDER_INTENTS, ACCOUNT, intent("entry-1", Side.BUY, IntentPurpose.ENTRY));
            assertThat(event(probe, "entry-1").getType()).isEqualTo(OrderEventType.ACCEPTED);

            // Expired, and its refresh token cannot be used yet (the token endpoint is down).
            TOKEN.set(token(new OAuthToken.Grant("access-1", "refresh-1", inHours(0).minusSeconds(1))));
            Instant expired = TOKEN.get().expiresAt();
            BrokerStatus paused = probe.awaitCommitted(Topics.BROKER_STATUS, "paper", 1,
                    BrokerStatus::getPaused).get(0);
            assertThat(paused.getTokenExpiresAt()).isEqualTo(expired);
            Alert critical = probe.awaitCommitted(Topics.ALERTS, "BROKER_TOKEN_EXPIRED", 1).get(0);
            assertThat(critical.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(critical.getMessage()).contains("paused");
            assertThat(probe.awaitCommitted(Topics.ALERTS, "BROKER_TOKEN_EXPIRING", 1, Alert::getResolved).get(0)
                    .getAlertId()).isEqualTo(warning.getAlertId());

            probe.send(Topics.ORDER_INTENTS, ACCOUNT, intent("entry-2", Side.BUY, IntentPurpose.ENTRY));
            probe.send(Topics.ORDER_INTENTS, ACCOUNT, intent("exit-1", Side.SELL, IntentPurpose.EXIT));
            OrderEvent refused = event(probe, "entry-2");
            assertThat(refused.getType()).isEqualTo(OrderEventType.REJECTED);
            assertThat(refused.getReason()).startsWith("[BROKER_UNAVAILABLE]").contains("token expired");
            assertThat(event(probe, "exit-1").getType()).isEqualTo(OrderEventType.ACCEPTED);

            // The token endpoint answers again: the router renews the token and the broker resumes.
            ENDPOINT_UP.set(true);
            BrokerStatus resumed = probe.awaitCommitted(Topics.BROKER_STATUS, "paper", 1,
                    s -> s.getTokenExpiresAt() != null && s.getTokenExpiresAt().isAfter(inHours(71))).get(0);
            assertThat(resumed.getPaused()).isFalse();
            assertThat(TOKEN.get().accessToken()).isEqualTo("access-2");
            assertThat(probe.awaitCommitted(Topics.ALERTS, "BROKER_TOKEN_EXPIRED", 1, Alert::getResolved).get(0)
                    .getAlertId()).isEqualTo(critical.getAlertId());
            await().atMost(Duration.ofSeconds(10)).until(() -> meters.get("oauth.token.expires.at")
                    .tag("broker", "paper").gauge().value() == resumed.getTokenExpiresAt().getEpochSecond());
            probe.send(Topics.ORDER_INTENTS, ACCOUNT, intent("entry-3", Side.BUY, IntentPurpose.ENTRY));
            assertThat(event(probe, "entry-3").getType()).isEqualTo(OrderEventType.ACCEPTED);
        }
    }

    /** A token whose renewal works only while {@link #ENDPOINT_UP} is set, and is retried every 100 ms. */
    private static OAuthToken token(OAuthToken.Grant grant) {
        return new OAuthToken("paper", grant, refreshToken -> {
            if (!ENDPOINT_UP.get()) {
                throw new BrokerException("token endpoint unreachable (test)", true, null);
            }
            return new OAuthToken.Grant("access-2", "refresh-2", inHours(72));
        }, Duration.ofHours(1), Duration.ofMillis(100), null, Clock.systemUTC());
    }

    private static Instant inHours(int hours) {
        return Instant.now().plus(Duration.ofHours(hours)).truncatedTo(ChronoUnit.MILLIS);
    }

    private static OrderEvent event(TopicProbe probe, String intentId) {
        return probe.awaitCommitted(Topics.ORDER_EVENTS, ACCOUNT, 1, e -> e.getIntentId().equals(intentId)
                && e.getType() != OrderEventType.FILLED).get(0);
    }

    private static OrderIntent intent(String id, Side side, IntentPurpose purpose) {
        return OrderIntent.newBuilder().setEventId("intent:" + id).setCausationId(null).setIntentId(id)
                .setSignalId("sig-" + id).setAccountId(ACCOUNT).setStrategyId("momentum").setSymbol("AAPL")
                .setSide(side).setQuantity(Decimals.of(1)).setOrderType(OrderType.MARKET).setLimitPrice(null)
                .setTimeInForce(TimeInForce.DAY).setPurpose(purpose).setCreatedAt(Instant.now()).build();
    }
}
