package trading.safety.router.paper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import trading.safety.router.broker.BrokerException;
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.broker.SubmitResult;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

/** The paper broker process's operator surface: manual trades and injected faults, seen by the router's client. */
class PaperBrokerServerTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final PaperBroker broker = new PaperBroker("paper", PaperBroker.Settings.defaults(), Clock.systemUTC());
    private final PaperBrokerServer server = start();
    private final PaperHttpAdapter client = new PaperHttpAdapter("paper",
            URI.create("http://127.0.0.1:" + server.port() + "/"), Duration.ofSeconds(2));

    private PaperBrokerServer start() {
        broker.openAccount("ACC-1");
        broker.onPrice("AAPL", new BigDecimal("100"));
        try {
            return new PaperBrokerServer(broker, 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aManualTradeChangesThePositionAndCashTheRouterReads() throws Exception {
        HttpResponse<String> answer = call("POST", "/accounts/ACC-1/positions",
                "{\"symbol\":\"MSFT\",\"quantity\":\"10\",\"price\":\"50\"}");

        assertThat(answer.statusCode()).isEqualTo(200);
        var account = client.account("ACC-1");
        assertThat(account.positions()).singleElement().satisfies(h -> {
            assertThat(h.symbol()).isEqualTo("MSFT");
            assertThat(h.quantity()).isEqualByComparingTo("10");
        });
        assertThat(account.cash()).isEqualByComparingTo("99500");
        assertThat(call("POST", "/accounts/ACC-1/positions", "{\"symbol\":\"MSFT\",\"price\":\"50\"}").statusCode())
                .isEqualTo(400);
    }

    @Test
    void rejectsTheNextOrdersAsAskedThenAcceptsAgain() throws Exception {
        JsonNode faults = json(call("POST", "/faults", "{\"rejectOrders\":2}"));
        assertThat(faults.path("rejectOrders").asInt()).isEqualTo(2);

        assertThat(client.submit(order("o-1")).outcome()).isEqualTo(SubmitResult.Outcome.REJECTED);
        assertThat(client.submit(order("o-2")).reason()).contains("injected fault");
        assertThat(client.submit(order("o-3")).outcome()).isEqualTo(SubmitResult.Outcome.ACCEPTED);
        assertThat(client.findByClientOrderId("o-1")).get().extracting(o -> o.status().name()).isEqualTo("REJECTED");
    }

    @Test
    void failsTheNextSubmissionsWithoutBookingThemWhileOtherCallsAnswer() throws Exception {
        call("POST", "/faults", "{\"failOrders\":1}");

        assertThatThrownBy(() -> client.submit(order("o-1"))).isInstanceOf(BrokerException.class)
                .hasMessageContaining("500");
        assertThat(client.findByClientOrderId("o-1")).isEmpty();
        assertThat(client.accounts()).containsExactly("ACC-1");
        assertThat(client.submit(order("o-1")).outcome()).isEqualTo(SubmitResult.Outcome.ACCEPTED);
    }

    @Test
    void failsTheNextCallsOfAnyKind() throws Exception {
        call("POST", "/faults", "{\"failCalls\":2}");

        assertThatThrownBy(client::accounts).isInstanceOf(BrokerException.class).hasMessageContaining("503");
        assertThatThrownBy(() -> client.executionsAfter(null, 10)).isInstanceOf(BrokerException.class);
        assertThat(client.accounts()).containsExactly("ACC-1");
    }

    @Test
    void anUnreachableBrokerAnswersNothingUntilHealed() throws Exception {
        call("POST", "/faults", "{\"unreachable\":true,\"failCalls\":3}");

        assertThatThrownBy(client::accounts).isInstanceOf(BrokerException.class);
        assertThat(json(call("GET", "/faults", null)).path("unreachable").asBoolean()).isTrue();

        JsonNode healed = json(call("DELETE", "/faults", null));
        assertThat(healed.path("unreachable").asBoolean()).isFalse();
        assertThat(healed.path("failCalls").asInt()).isZero();
        assertThat(client.accounts()).containsExactly("ACC-1");
        assertThat(call("POST", "/faults", "{\"failCalls\":-1}").statusCode()).isEqualTo(400);
    }

    private static OrderRequest order(String id) {
        return new OrderRequest(id, "ACC-1", "AAPL", Side.BUY, BigDecimal.ONE, OrderType.MARKET, null,
                TimeInForce.DAY, false);
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> answer) throws Exception {
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        return PaperWire.JSON.readTree(answer.body());
    }
}
