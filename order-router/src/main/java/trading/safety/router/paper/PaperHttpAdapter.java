package trading.safety.router.paper;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
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
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.broker.SubmitResult;

/** The client of a paper broker running as its own process ({@link PaperBrokerServer}). */
public final class PaperHttpAdapter implements BrokerAdapter {

    private final String id;
    private final URI base;
    private final Duration timeout;
    private final HttpClient client;

    public PaperHttpAdapter(String id, URI base, Duration timeout) {
        this.id = id;
        this.base = base;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public SubmitResult submit(OrderRequest request) throws BrokerException {
        return read(call("POST", "/orders", PaperWire.request(request).toString()), PaperWire::result);
    }

    @Override
    public Optional<BrokerOrder> findByClientOrderId(String clientOrderId) throws BrokerException {
        HttpResponse<byte[]> response = call("GET", "/orders/by-client-id/" + encode(clientOrderId), null, 404);
        return response.statusCode() == 404 ? Optional.empty() : Optional.of(read(response, PaperWire::order));
    }

    @Override
    public List<BrokerOrder> openOrders() throws BrokerException {
        return read(call("GET", "/orders?status=open", null), PaperWire::orders);
    }

    @Override
    public BrokerOrder cancel(String brokerOrderId) throws BrokerException {
        return read(call("DELETE", "/orders/" + encode(brokerOrderId), null), PaperWire::order);
    }

    @Override
    public ExecutionPage executionsAfter(String cursor, int max) throws BrokerException {
        return read(call("GET", "/executions?max=" + max + (cursor == null ? "" : "&after=" + encode(cursor)), null),
                PaperWire::page);
    }

    @Override
    public List<String> accounts() throws BrokerException {
        return read(call("GET", "/accounts", null), PaperWire::strings);
    }

    @Override
    public BrokerAccount account(String accountId) throws BrokerException {
        return read(call("GET", "/accounts/" + encode(accountId), null), PaperWire::account);
    }

    private interface Reader<T> {
        T read(JsonNode node) throws IOException;
    }

    private <T> T read(HttpResponse<byte[]> response, Reader<T> reader) throws BrokerException {
        try {
            return reader.read(PaperWire.JSON.readTree(response.body()));
        } catch (IOException | RuntimeException e) {
            throw new BrokerException(id + " answered a body that cannot be read: " + e.getMessage(), false, e);
        }
    }

    private HttpResponse<byte[]> call(String method, String path, String body, int... accepted)
            throws BrokerException {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout)
                .header("Accept", "application/json");
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<byte[]> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new BrokerException(id + " unreachable: " + e.getMessage(), true, e);
        } catch (IOException e) {
            throw new BrokerException(id + " call " + method + " " + path + " failed: " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException(id + " call interrupted", false, e);
        }
        int status = response.statusCode();
        for (int ok : accepted) {
            if (status == ok) {
                return response;
            }
        }
        if (status / 100 != 2) {
            throw new BrokerException(id + " answered " + status + " to " + method + " " + path + ": "
                    + new String(response.body(), StandardCharsets.UTF_8), false, null);
        }
        return response;
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
