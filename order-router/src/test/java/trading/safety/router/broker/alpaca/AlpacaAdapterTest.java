package trading.safety.router.broker.alpaca;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import trading.safety.router.broker.BrokerAccount;
import trading.safety.router.broker.BrokerException;
import trading.safety.router.broker.BrokerOrder;
import trading.safety.router.broker.ExecutionPage;
import trading.safety.router.broker.HttpStub;
import trading.safety.router.broker.HttpStub.Answer;
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.broker.SubmitResult;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

class AlpacaAdapterTest {

    private static final String ORDER = """
            {"id":"ord-1","client_order_id":"intent-1","symbol":"AAPL","qty":"10","filled_qty":"0","side":"buy",
             "type":"limit","time_in_force":"day","limit_price":"187.5","status":"accepted"}""";

    private final HttpStub stub = stub();
    private final AlpacaAdapter alpaca = new AlpacaAdapter("alpaca", stub.base(),
            Map.of("ACC-1", new AlpacaAdapter.Credentials("key-1", "secret-1")), Duration.ofMillis(500));

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void submitsWithTheIntentIdAsClientOrderIdAndTheAccountsKeys() throws Exception {
        stub.on("POST", "/v2/orders", Answer.json(200, ORDER));

        SubmitResult result = alpaca.submit(limitOrder());

        assertThat(result.outcome()).isEqualTo(SubmitResult.Outcome.ACCEPTED);
        assertThat(result.order().brokerOrderId()).isEqualTo("ord-1");
        HttpStub.Received sent = stub.received().get(0);
        assertThat(sent.header("APCA-API-KEY-ID")).isEqualTo("key-1");
        assertThat(sent.header("APCA-API-SECRET-KEY")).isEqualTo("secret-1");
        assertThat(sent.body()).contains("\"client_order_id\":\"intent-1\"", "\"qty\":\"10\"", "\"side\":\"buy\"",
                "\"type\":\"limit\"", "\"time_in_force\":\"day\"", "\"limit_price\":\"187.5\"");
    }

    @Test
    void aReusedClientOrderIdIsADuplicateWithTheOrderAlpacaHolds() throws Exception {
        stub.on("POST", "/v2/orders", Answer.json(422, "{\"code\":40010001,\"message\":\"client_order_id must be unique\"}"))
                .on("GET", "/v2/orders:by_client_order_id?client_order_id=intent-1", Answer.json(200, ORDER));

        SubmitResult result = alpaca.submit(limitOrder());

        assertThat(result.outcome()).isEqualTo(SubmitResult.Outcome.DUPLICATE);
        assertThat(result.order().clientOrderId()).isEqualTo("intent-1");
    }

    @Test
    void aRefusalIsARejectionWithAlpacasMessage() throws Exception {
        stub.on("POST", "/v2/orders", Answer.json(403, "{\"code\":40310000,\"message\":\"insufficient buying power\"}"));

        SubmitResult result = alpaca.submit(limitOrder());

        assertThat(result.outcome()).isEqualTo(SubmitResult.Outcome.REJECTED);
        assertThat(result.reason()).contains("403").contains("insufficient buying power");
    }

    @Test
    void serverErrorsRateLimitsTimeoutsAndMalformedBodiesAreFailures() {
        stub.on("POST", "/v2/orders", Answer.json(500, "{\"message\":\"internal\"}"));
        assertThatThrownBy(() -> alpaca.submit(limitOrder())).isInstanceOf(BrokerException.class).hasMessageContaining("500");

        stub.on("POST", "/v2/orders", Answer.json(429, "{\"message\":\"rate limit exceeded\"}"));
        assertThatThrownBy(() -> alpaca.submit(limitOrder())).isInstanceOf(BrokerException.class).hasMessageContaining("429");

        stub.on("POST", "/v2/orders", new Answer(200, ORDER, Duration.ofSeconds(2)));
        assertThatThrownBy(() -> alpaca.submit(limitOrder())).isInstanceOf(BrokerException.class)
                .satisfies(e -> assertThat(((BrokerException) e).connectivity()).isFalse());

        stub.on("POST", "/v2/orders", Answer.json(200, "{\"id\": 42"));
        assertThatThrownBy(() -> alpaca.submit(limitOrder())).isInstanceOf(BrokerException.class).hasMessageContaining("not JSON");

        stub.on("POST", "/v2/orders", Answer.json(200, "{\"id\":\"ord-1\"}"));
        assertThatThrownBy(() -> alpaca.submit(limitOrder())).isInstanceOf(BrokerException.class).hasMessageContaining("cannot be read");
    }

    @Test
    void anUnreachableBrokerIsAConnectivityFailure() {
        stub.close();

        assertThatThrownBy(() -> alpaca.submit(limitOrder())).isInstanceOf(BrokerException.class)
                .satisfies(e -> assertThat(((BrokerException) e).connectivity()).isTrue());
    }

    @Test
    void findsAnOrderByClientOrderIdOrNothingOn404() throws Exception {
        stub.on("GET", "/v2/orders:by_client_order_id?client_order_id=intent-1", Answer.json(200, ORDER));

        assertThat(alpaca.findByClientOrderId("intent-1")).get().extracting(BrokerOrder::status)
                .isEqualTo(BrokerOrder.Status.NEW);
        assertThat(alpaca.findByClientOrderId("intent-2")).isEmpty();
    }

    @Test
    void readsFillActivitiesInOrderAndResumesAfterTheLastOne() throws Exception {
        stub.on("GET", "/v2/account/activities/FILL?direction=asc&page_size=100", Answer.json(200, """
                [{"id":"20260302153406977::a","activity_type":"FILL","transaction_time":"2026-03-02T15:34:06.977Z",
                  "type":"partial_fill","price":"187.4","qty":"4","side":"buy","symbol":"AAPL","leaves_qty":"6",
                  "order_id":"ord-1","cum_qty":"4"}]"""))
                .on("GET", "/v2/orders/ord-1", Answer.json(200, ORDER))
                .on("GET", "/v2/account/activities/FILL?direction=asc&page_size=100&page_token=20260302153406977%3A%3Aa",
                        Answer.json(200, "[]"));

        ExecutionPage first = alpaca.executionsAfter(null, 1_000);
        ExecutionPage next = alpaca.executionsAfter(first.nextCursor(), 1_000);

        assertThat(first.executions()).singleElement().satisfies(e -> {
            assertThat(e.clientOrderId()).isEqualTo("intent-1");
            assertThat(e.quantity()).isEqualByComparingTo("4");
            assertThat(e.leavesQuantity()).isEqualByComparingTo("6");
            assertThat(e.fee()).isZero();
        });
        assertThat(next.executions()).isEmpty();
        assertThat(next.nextCursor()).isEqualTo(first.nextCursor());
    }

    @Test
    void anUnreadableCursorIsAFailureNotACrash() {
        assertThatThrownBy(() -> alpaca.executionsAfter("no-pairs-here", 100)).isInstanceOf(BrokerException.class)
                .hasMessageContaining("cursor cannot be read");
    }

    @Test
    void snapshotsAnAccountWithShortPositionsNegative() throws Exception {
        stub.on("GET", "/v2/account", Answer.json(200, "{\"cash\":\"1000.5\",\"equity\":\"2500\"}"))
                .on("GET", "/v2/positions", Answer.json(200, """
                        [{"symbol":"AAPL","qty":"10","side":"long","avg_entry_price":"150","market_value":"1600"},
                         {"symbol":"TSLA","qty":"2","side":"short","avg_entry_price":"200","market_value":"-100"}]"""))
                .on("GET", "/v2/orders?status=open&limit=500", Answer.json(200, "[" + ORDER + "]"));

        BrokerAccount account = alpaca.account("ACC-1");

        assertThat(account.cash()).isEqualByComparingTo("1000.5");
        assertThat(account.openOrders()).isEqualTo(1);
        assertThat(account.positions()).extracting(BrokerAccount.Holding::quantity)
                .containsExactly(new BigDecimal("10"), new BigDecimal("-2"));
    }

    private static OrderRequest limitOrder() {
        return new OrderRequest("intent-1", "ACC-1", "AAPL", Side.BUY, BigDecimal.TEN, OrderType.LIMIT,
                new BigDecimal("187.5"), TimeInForce.DAY, false);
    }

    private static HttpStub stub() {
        try {
            return new HttpStub();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
