package trading.safety.router.broker.tradier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import trading.safety.router.broker.BrokerAccount;
import trading.safety.router.broker.BrokerException;
import trading.safety.router.broker.BrokerOrder;
import trading.safety.router.broker.Execution;
import trading.safety.router.broker.ExecutionPage;
import trading.safety.router.broker.HttpStub;
import trading.safety.router.broker.HttpStub.Answer;
import trading.safety.router.broker.OAuthToken;
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.broker.SubmitResult;
import trading.safety.service.testing.SettableClock;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

class TradierAdapterTest {

    private static final Instant START = Instant.parse("2026-11-02T14:30:00Z");
    private static final String ORDERS = "/v1/accounts/VA-1/orders?includeTags=true";

    private final HttpStub stub = stub();
    private final SettableClock clock = new SettableClock(START);
    private final OAuthToken token = new OAuthToken("tradier", new OAuthToken.Grant("access-0", "refresh-0",
            START.plus(Duration.ofHours(24))), TradierAdapter.refresher("tradier", stub.base(), "client-1", "shh",
                    Duration.ofMillis(500), clock), Duration.ofHours(1), Duration.ofMinutes(1), null, clock);
    private final TradierAdapter tradier = new TradierAdapter("tradier", stub.base(), List.of("VA-1"), token,
            Duration.ofMillis(500));

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void submitsAFormWithTheIntentIdAsTagAndTheBearerToken() throws Exception {
        stub.on("POST", "/v1/accounts/VA-1/orders", Answer.json(200,
                "{\"order\":{\"id\":257459,\"status\":\"ok\",\"partner_id\":\"3a8bbee1\"}}"));

        SubmitResult result = tradier.submit(limitOrder("intent-1", TimeInForce.DAY));

        assertThat(result.outcome()).isEqualTo(SubmitResult.Outcome.ACCEPTED);
        assertThat(result.order().brokerOrderId()).isEqualTo("257459");
        HttpStub.Received sent = stub.received().get(0);
        assertThat(sent.header("Authorization")).isEqualTo("Bearer access-0");
        assertThat(sent.header("Content-Type")).isEqualTo("application/x-www-form-urlencoded");
        assertThat(sent.body()).isEqualTo("class=equity&symbol=AAPL&side=buy&quantity=10&type=limit&duration=day"
                + "&price=187.5&tag=intent-1");
    }

    @Test
    void tradiersErrorsAreARejectionWithItsMessages() throws Exception {
        stub.on("POST", "/v1/accounts/VA-1/orders", Answer.json(400,
                "{\"errors\":{\"error\":[\"Backoffice rejected override of the order.\",\"InitialMargin\"]}}"));

        SubmitResult result = tradier.submit(limitOrder("intent-1", TimeInForce.DAY));

        assertThat(result.outcome()).isEqualTo(SubmitResult.Outcome.REJECTED);
        assertThat(result.reason()).contains("400", "Backoffice rejected override of the order.; InitialMargin");
    }

    @Test
    void whatTradierCannotCarryIsRejectedWithoutACall() throws Exception {
        assertThat(tradier.submit(limitOrder("intent-1", TimeInForce.IOC)).reason()).contains("IOC");
        assertThat(tradier.submit(limitOrder("intent_1", TimeInForce.DAY)).reason()).contains("tag");
        assertThat(stub.received()).isEmpty();
    }

    @Test
    void serverErrorsRateLimitsExpiredTokensTimeoutsAndMalformedBodiesAreFailures() {
        String orders = "/v1/accounts/VA-1/orders";
        stub.on("POST", orders, Answer.json(502, "<html>bad gateway</html>"));
        assertThatThrownBy(() -> tradier.submit(limitOrder("intent-1", TimeInForce.DAY)))
                .isInstanceOf(BrokerException.class).hasMessageContaining("502");

        stub.on("POST", orders, Answer.json(429, "Quota Violation"));
        assertThatThrownBy(() -> tradier.submit(limitOrder("intent-1", TimeInForce.DAY)))
                .isInstanceOf(BrokerException.class).hasMessageContaining("429");

        stub.on("POST", orders, Answer.json(401, "Invalid Access Token"));
        assertThatThrownBy(() -> tradier.submit(limitOrder("intent-1", TimeInForce.DAY)))
                .isInstanceOf(BrokerException.class).hasMessageContaining("401");

        stub.on("POST", orders, new Answer(200, "{\"order\":{\"id\":1}}", Duration.ofSeconds(2)));
        assertThatThrownBy(() -> tradier.submit(limitOrder("intent-1", TimeInForce.DAY)))
                .isInstanceOf(BrokerException.class)
                .satisfies(e -> assertThat(((BrokerException) e).connectivity()).isFalse());

        stub.on("POST", orders, Answer.json(200, "{\"order\":"));
        assertThatThrownBy(() -> tradier.submit(limitOrder("intent-1", TimeInForce.DAY)))
                .isInstanceOf(BrokerException.class).hasMessageContaining("not JSON");

        stub.on("POST", orders, Answer.json(200, "{\"order\":{\"status\":\"ok\"}}"));
        assertThatThrownBy(() -> tradier.submit(limitOrder("intent-1", TimeInForce.DAY)))
                .isInstanceOf(BrokerException.class).hasMessageContaining("cannot be read");

        stub.on("GET", "/v1/accounts/VA-1/orders?includeTags=true", Answer.json(200, "{\"orders\":[1,2]}"));
        assertThatThrownBy(() -> tradier.openOrders()).isInstanceOf(BrokerException.class)
                .hasMessageContaining("cannot be read");
    }

    @Test
    void findsAnOrderByItsTagInAListOfOneOrOfNone() throws Exception {
        stub.on("GET", "/v1/accounts/VA-1/orders?includeTags=true", Answer.json(200, "{\"orders\":{\"order\":"
                + order(257459, "intent-1", "open", "0", null) + "}}"));

        assertThat(tradier.findByClientOrderId("intent-1")).get().satisfies(o -> {
            assertThat(o.brokerOrderId()).isEqualTo("257459");
            assertThat(o.status()).isEqualTo(BrokerOrder.Status.NEW);
        });
        assertThat(tradier.findByClientOrderId("intent-2")).isEmpty();

        stub.on("GET", "/v1/accounts/VA-1/orders?includeTags=true", Answer.json(200, "{\"orders\":\"null\"}"));
        assertThat(tradier.findByClientOrderId("intent-1")).isEmpty();
        assertThat(tradier.openOrders()).isEmpty();
    }

    @Test
    void cancelsAnOpenOrderAndReadsItBack() throws Exception {
        stub.on("GET", ORDERS, Answer.json(200, "{\"orders\":{\"order\":["
                        + order(7, "intent-1", "open", "0", null) + "," + order(8, "intent-2", "filled", "10", "187")
                        + "]}}"))
                .on("DELETE", "/v1/accounts/VA-1/orders/7", Answer.json(200, "{\"order\":{\"id\":7,\"status\":\"ok\"}}"))
                .on("GET", "/v1/accounts/VA-1/orders/7?includeTags=true", Answer.json(200, "{\"order\":"
                        + order(7, "intent-1", "canceled", "0", null) + "}"));

        List<BrokerOrder> open = tradier.openOrders();
        BrokerOrder after = tradier.cancel(open.get(0).brokerOrderId());

        assertThat(open).extracting(BrokerOrder::clientOrderId).containsExactly("intent-1");
        assertThat(after.status()).isEqualTo(BrokerOrder.Status.CANCELLED);
    }

    @Test
    void publishesEachNewlyExecutedPartOnceAtItsOwnPrice() throws Exception {
        stub.on("GET", ORDERS, Answer.json(200, "{\"orders\":{\"order\":["
                + order(100, "intent-1", "partially_filled", "4", "10") + ","
                + order(101, "intent-2", "filled", "10", "20") + ","
                + order(102, null, "filled", "10", "30") + "]}}"));
        ExecutionPage first = tradier.executionsAfter(null, 1_000);

        stub.on("GET", ORDERS, Answer.json(200, "{\"orders\":{\"order\":["
                + order(100, "intent-1", "filled", "10", "10.6") + ","
                + order(101, "intent-2", "filled", "10", "20") + ","
                + order(102, null, "filled", "10", "30") + "]}}"));
        ExecutionPage second = tradier.executionsAfter(first.nextCursor(), 1_000);
        ExecutionPage third = tradier.executionsAfter(second.nextCursor(), 1_000);

        assertThat(first.executions()).extracting(Execution::clientOrderId).containsExactly("intent-1", "intent-2");
        assertThat(first.executions().get(0)).satisfies(e -> {
            assertThat(e.quantity()).isEqualByComparingTo("4");
            assertThat(e.price()).isEqualByComparingTo("10");
            assertThat(e.leavesQuantity()).isEqualByComparingTo("6");
        });
        assertThat(second.executions()).singleElement().satisfies(e -> {
            assertThat(e.clientOrderId()).isEqualTo("intent-1");
            assertThat(e.quantity()).isEqualByComparingTo("6");
            assertThat(e.price()).isEqualByComparingTo("11"); // (10 x 10.6 - 4 x 10) / 6
            assertThat(e.leavesQuantity()).isZero();
            assertThat(e.executionId()).isNotEqualTo(first.executions().get(0).executionId());
        });
        assertThat(third.executions()).isEmpty();
        assertThat(first.nextCursor()).isEqualTo("VA-1=100%7C100%3A4%3A40%2C101%2C102");
        assertThat(second.nextCursor()).isEqualTo("VA-1=103%7C"); // everything below 103 is finished and published
    }

    @Test
    void anUnreadableCursorIsAFailureNotACrash() {
        assertThatThrownBy(() -> tradier.executionsAfter("VA-1=not-a-cursor", 1_000))
                .isInstanceOf(BrokerException.class).hasMessageContaining("cursor for VA-1");
    }

    @Test
    void snapshotsBalancesAndPositionsMarkedAtTheLastQuote() throws Exception {
        stub.on("GET", "/v1/accounts/VA-1/balances", Answer.json(200,
                        "{\"balances\":{\"total_cash\":1000.5,\"total_equity\":5000.25,\"account_number\":\"VA-1\"}}"))
                .on("GET", "/v1/accounts/VA-1/positions", Answer.json(200, "{\"positions\":{\"position\":"
                        + "{\"cost_basis\":1500.0,\"date_acquired\":\"2026-11-01T14:41:56.000Z\",\"id\":1,"
                        + "\"quantity\":10.0,\"symbol\":\"AAPL\"}}}"))
                .on("GET", "/v1/markets/quotes?symbols=AAPL", Answer.json(200,
                        "{\"quotes\":{\"quote\":{\"symbol\":\"AAPL\",\"last\":160.5}}}"))
                .on("GET", ORDERS, Answer.json(200, "{\"orders\":{\"order\":"
                        + order(9, "intent-9", "open", "0", null) + "}}"));

        BrokerAccount account = tradier.account("VA-1");

        assertThat(account.cash()).isEqualByComparingTo("1000.5");
        assertThat(account.equity()).isEqualByComparingTo("5000.25");
        assertThat(account.openOrders()).isEqualTo(1);
        assertThat(account.positions()).singleElement().satisfies(h -> {
            assertThat(h.quantity()).isEqualByComparingTo("10");
            assertThat(h.averagePrice()).isEqualByComparingTo("150");
            assertThat(h.marketValue()).isEqualByComparingTo("1605");
        });
    }

    @Test
    void renewsTheTokenAtTheTokenEndpointAndUsesTheNewOne() throws Exception {
        stub.on("POST", "/v1/oauth/refreshtoken", Answer.json(200, "{\"access_token\":\"access-1\","
                        + "\"expires_in\":86399,\"issued_at\":\"2026-11-03T13:30:00.000Z\",\"refresh_token\":\"refresh-1\","
                        + "\"scope\":\"read,write,trade\",\"status\":\"approved\"}"))
                .on("GET", "/v1/accounts/VA-1/orders?includeTags=true", Answer.json(200, "{\"orders\":\"null\"}"));

        assertThat(tradier.refreshToken()).isFalse();
        clock.advance(Duration.ofHours(23));
        assertThat(tradier.refreshToken()).isTrue();
        tradier.openOrders();

        HttpStub.Received renewal = stub.received().get(0);
        assertThat(renewal.header("Authorization")).isEqualTo("Basic Y2xpZW50LTE6c2ho"); // client-1:shh
        assertThat(renewal.body()).isEqualTo("grant_type=refresh_token&refresh_token=refresh-0");
        assertThat(tradier.tokenExpiresAt()).contains(clock.instant().plusSeconds(86_399));
        assertThat(stub.received().get(1).header("Authorization")).isEqualTo("Bearer access-1");
    }

    @Test
    void aRefusedRenewalIsAFailureAndTheOldTokenStays() {
        stub.on("POST", "/v1/oauth/refreshtoken", Answer.json(401, "{\"error\":\"invalid_grant\"}"));
        clock.advance(Duration.ofHours(23));

        assertThatThrownBy(tradier::refreshToken).isInstanceOf(BrokerException.class).hasMessageContaining("401");
        assertThat(token.accessToken()).isEqualTo("access-0");
        assertThat(tradier.tokenExpiresAt()).contains(START.plus(Duration.ofHours(24)));
    }

    private static String order(long id, String tag, String status, String executed, String averagePrice) {
        return "{\"id\":" + id + ",\"type\":\"market\",\"symbol\":\"AAPL\",\"side\":\"buy\",\"quantity\":10.0,"
                + "\"status\":\"" + status + "\",\"duration\":\"day\",\"exec_quantity\":" + executed
                + (averagePrice == null ? "" : ",\"avg_fill_price\":" + averagePrice)
                + ",\"remaining_quantity\":" + new BigDecimal("10").subtract(new BigDecimal(executed))
                + ",\"create_date\":\"2026-11-02T14:30:00.000Z\",\"transaction_date\":\"2026-11-02T14:30:01.000Z\","
                + "\"class\":\"equity\"" + (tag == null ? "" : ",\"tag\":\"" + tag + "\"") + "}";
    }

    private static OrderRequest limitOrder(String intentId, TimeInForce tif) {
        return new OrderRequest(intentId, "VA-1", "AAPL", Side.BUY, BigDecimal.TEN, OrderType.LIMIT,
                new BigDecimal("187.5"), tif, false);
    }

    private static HttpStub stub() {
        try {
            return new HttpStub();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
