package trading.safety.router.paper;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import trading.safety.router.broker.BrokerAccount;
import trading.safety.router.broker.BrokerAdapter;
import trading.safety.router.broker.BrokerException;
import trading.safety.router.broker.BrokerOrder;
import trading.safety.router.broker.ExecutionPage;
import trading.safety.router.broker.JsonHttp;
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.broker.SubmitResult;

/** The client of a paper broker running as its own process ({@link PaperBrokerServer}). */
public final class PaperHttpAdapter implements BrokerAdapter {

    private final String id;
    private final URI base;
    private final JsonHttp http;

    public PaperHttpAdapter(String id, URI base, Duration timeout) {
        this.id = id;
        this.base = base;
        this.http = new JsonHttp(id, timeout);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public SubmitResult submit(OrderRequest request) throws BrokerException {
        return http.read(call("POST", "/orders", PaperWire.request(request).toString()), PaperWire::result);
    }

    @Override
    public Optional<BrokerOrder> findByClientOrderId(String clientOrderId) throws BrokerException {
        HttpResponse<byte[]> response = call("GET", "/orders/by-client-id/" + JsonHttp.encode(clientOrderId), null, 404);
        return response.statusCode() == 404 ? Optional.empty() : Optional.of(http.read(response, PaperWire::order));
    }

    @Override
    public List<BrokerOrder> openOrders() throws BrokerException {
        return http.read(call("GET", "/orders?status=open", null), PaperWire::orders);
    }

    @Override
    public BrokerOrder cancel(String brokerOrderId) throws BrokerException {
        return http.read(call("DELETE", "/orders/" + JsonHttp.encode(brokerOrderId), null), PaperWire::order);
    }

    @Override
    public ExecutionPage executionsAfter(String cursor, int max) throws BrokerException {
        return http.read(call("GET", "/executions?max=" + max + (cursor == null ? "" : "&after=" + JsonHttp.encode(cursor)),
                null), PaperWire::page);
    }

    @Override
    public List<String> accounts() throws BrokerException {
        return http.read(call("GET", "/accounts", null), PaperWire::strings);
    }

    @Override
    public BrokerAccount account(String accountId) throws BrokerException {
        return http.read(call("GET", "/accounts/" + JsonHttp.encode(accountId), null), PaperWire::account);
    }

    private HttpResponse<byte[]> call(String method, String path, String body, int... accepted)
            throws BrokerException {
        HttpRequest.Builder request = http.request(base.resolve(path));
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return http.send(request.build(), accepted);
    }
}
