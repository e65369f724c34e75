package trading.safety.router.broker.alpaca;

import static trading.safety.router.broker.JsonFields.array;
import static trading.safety.router.broker.JsonFields.decimal;
import static trading.safety.router.broker.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import trading.safety.router.broker.AccountCursors;
import trading.safety.router.broker.BrokerAccount;
import trading.safety.router.broker.BrokerAdapter;
import trading.safety.router.broker.BrokerException;
import trading.safety.router.broker.BrokerOrder;
import trading.safety.router.broker.BrokerWords;
import trading.safety.router.broker.Execution;
import trading.safety.router.broker.ExecutionPage;
import trading.safety.router.broker.JsonHttp;
import trading.safety.router.broker.OrderAccounts;
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.broker.SubmitResult;
import trading.safety.v1.Side;

/**
 * Alpaca's Trading API (v2). Alpaca keys are per account, so each of our accounts maps to its own key pair;
 * client order ids are unique per account. Orders: {@code POST /v2/orders}, {@code GET
 * /v2/orders:by_client_order_id}, {@code GET /v2/orders?status=open}, {@code DELETE /v2/orders/{id}}; fills:
 * {@code GET /v2/account/activities/FILL} in ascending order with a page token (the cursor keeps one token
 * per account); {@code GET /v2/account} and {@code /v2/positions} for snapshots. Commission-free: fee zero.
 */
public final class AlpacaAdapter implements BrokerAdapter {

    /** One account's API key pair. */
    public record Credentials(String keyId, String secretKey) {
        @Override
        public String toString() {
            return "Credentials[keyId=" + keyId + ", secretKey=***]";
        }
    }

    /** Order states of this broker beyond the ones brokers share. */
    private static final Map<String, BrokerOrder.Status> OWN_STATES = Map.of(
            "done_for_day", BrokerOrder.Status.CANCELLED,
            "replaced", BrokerOrder.Status.CANCELLED,
            "suspended", BrokerOrder.Status.REJECTED);

    private final String id;
    private final URI base;
    private final Map<String, Credentials> accounts;
    private final JsonHttp http;
    private final OrderAccounts accountOfOrder;
    private final Map<String, String> clientIdOfOrder = new ConcurrentHashMap<>();

    public AlpacaAdapter(String id, URI base, Map<String, Credentials> accounts, Duration timeout) {
        this.id = id;
        this.base = base;
        this.accounts = new TreeMap<>(accounts);
        this.http = new JsonHttp(id, timeout);
        this.accountOfOrder = new OrderAccounts(id);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public SubmitResult submit(OrderRequest r) throws BrokerException {
        ObjectNode body = JsonHttp.JSON.createObjectNode();
        body.put("symbol", r.symbol());
        body.put("qty", r.quantity().toPlainString());
        body.put("side", r.side().name().toLowerCase(Locale.ROOT));
        body.put("type", r.orderType().name().toLowerCase(Locale.ROOT));
        body.put("time_in_force", r.timeInForce().name().toLowerCase(Locale.ROOT));
        if (r.limitPrice() != null) {
            body.put("limit_price", r.limitPrice().toPlainString());
        }
        body.put("client_order_id", r.clientOrderId());
        HttpResponse<byte[]> response = http.send(request(r.accountId(), "/v2/orders")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(), 403, 422);
        if (response.statusCode() == 200 || response.statusCode() == 201) {
            return SubmitResult.accepted(http.read(response, n -> order(r.accountId(), n)));
        }
        String message = http.read(response, n -> n.path("message").asText(JsonHttp.text(response)));
        if (message.toLowerCase(Locale.ROOT).contains("client_order_id must be unique")) {
            Optional<BrokerOrder> existing = find(r.accountId(), r.clientOrderId());
            if (existing.isPresent()) {
                return SubmitResult.duplicate(existing.get());
            }
        }
        return SubmitResult.rejected(null, id + " " + response.statusCode() + ": " + message);
    }

    @Override
    public Optional<BrokerOrder> findByClientOrderId(String clientOrderId) throws BrokerException {
        for (String account : accounts.keySet()) {
            Optional<BrokerOrder> order = find(account, clientOrderId);
            if (order.isPresent()) {
                return order;
            }
        }
        return Optional.empty();
    }

    private Optional<BrokerOrder> find(String account, String clientOrderId) throws BrokerException {
        HttpResponse<byte[]> response = http.send(request(account, "/v2/orders:by_client_order_id?client_order_id="
                + JsonHttp.encode(clientOrderId)).GET().build(), 404);
        return response.statusCode() == 404 ? Optional.empty()
                : Optional.of(http.read(response, n -> order(account, n)));
    }

    @Override
    public List<BrokerOrder> openOrders() throws BrokerException {
        List<BrokerOrder> open = new ArrayList<>();
        for (String account : accounts.keySet()) {
            open.addAll(http.read(http.send(request(account, "/v2/orders?status=open&limit=500").GET().build()),
                    n -> orders(account, n)));
        }
        return open;
    }

    @Override
    public BrokerOrder cancel(String brokerOrderId) throws BrokerException {
        String account = accountOfOrder.of(brokerOrderId);
        // 204: cancel requested; 422: no longer cancelable (filled meanwhile). Either way, read it back.
        http.send(request(account, "/v2/orders/" + JsonHttp.encode(brokerOrderId)).DELETE().build(), 422);
        return http.read(http.send(request(account, "/v2/orders/" + JsonHttp.encode(brokerOrderId)).GET().build()),
                n -> order(account, n));
    }

    @Override
    public ExecutionPage executionsAfter(String cursor, int max) throws BrokerException {
        Map<String, String> tokens = AccountCursors.parse(id, cursor);
        List<Execution> executions = new ArrayList<>();
        for (String account : accounts.keySet()) {
            String token = tokens.get(account);
            String path = "/v2/account/activities/FILL?direction=asc&page_size=" + Math.min(Math.max(max, 1), 100)
                    + (token == null ? "" : "&page_token=" + JsonHttp.encode(token));
            JsonNode page = http.read(http.send(request(account, path).GET().build()), n -> n);
            if (!page.isArray()) {
                throw new BrokerException(id + " answered activities that are not a list", false, null);
            }
            for (JsonNode activity : page) {
                Execution execution = execution(account, activity);
                executions.add(execution);
                tokens.put(account, execution.executionId());
            }
        }
        return new ExecutionPage(executions, AccountCursors.format(tokens));
    }

    @Override
    public List<String> accounts() {
        return List.copyOf(accounts.keySet());
    }

    @Override
    public BrokerAccount account(String accountId) throws BrokerException {
        JsonNode account = http.read(http.send(request(accountId, "/v2/account").GET().build()), n -> n);
        List<BrokerAccount.Holding> holdings = http.read(http.send(request(accountId, "/v2/positions").GET().build()),
                n -> {
                    List<BrokerAccount.Holding> list = new ArrayList<>();
                    for (JsonNode p : array(n)) {
                        BigDecimal qty = decimal(p, "qty");
                        if ("short".equals(p.path("side").asText()) && qty.signum() > 0) {
                            qty = qty.negate();
                        }
                        list.add(new BrokerAccount.Holding(text(p, "symbol"), qty, decimal(p, "avg_entry_price"),
                                decimal(p, "market_value")));
                    }
                    return list;
                });
        int open = http.read(http.send(request(accountId, "/v2/orders?status=open&limit=500").GET().build()),
                n -> array(n).size());
        return http.interpret(account, n -> new BrokerAccount(accountId, decimal(n, "cash"),
                decimal(n, "equity"), holdings, open));
    }

    private HttpRequest.Builder request(String accountId, String path) throws BrokerException {
        Credentials credentials = accounts.get(accountId);
        if (credentials == null) {
            throw new BrokerException(id + " has no API key for account " + accountId, false, null);
        }
        return http.request(base.resolve(path)).header("APCA-API-KEY-ID", credentials.keyId())
                .header("APCA-API-SECRET-KEY", credentials.secretKey());
    }

    private BrokerOrder order(String account, JsonNode n) throws IOException {
        String brokerOrderId = text(n, "id");
        String clientOrderId = text(n, "client_order_id");
        accountOfOrder.remember(brokerOrderId, account);
        clientIdOfOrder.put(brokerOrderId, clientOrderId);
        return new BrokerOrder(clientOrderId, brokerOrderId, account, text(n, "symbol"),
                BrokerWords.side(text(n, "side")),
                decimal(n, "qty"), n.hasNonNull("filled_qty") ? decimal(n, "filled_qty") : BigDecimal.ZERO,
                status(text(n, "status")), null);
    }

    private List<BrokerOrder> orders(String account, JsonNode n) throws IOException {
        List<BrokerOrder> orders = new ArrayList<>();
        for (JsonNode o : array(n)) {
            orders.add(order(account, o));
        }
        return orders;
    }

    private Execution execution(String account, JsonNode a) throws BrokerException {
        String orderId = http.interpret(a, n -> text(n, "order_id"));
        String clientOrderId = clientIdOfOrder.get(orderId);
        if (clientOrderId == null) {
            // Fill activities name Alpaca's order id only; the client order id (our intent id) is on the order.
            clientOrderId = http.read(http.send(request(account, "/v2/orders/" + JsonHttp.encode(orderId)).GET()
                    .build()), n -> order(account, n)).clientOrderId();
        }
        String intentId = clientOrderId;
        return http.interpret(a, n -> new Execution(text(n, "id"), intentId, orderId, account, text(n, "symbol"),
                BrokerWords.side(text(n, "side")), decimal(n, "qty"), decimal(n, "price"), BigDecimal.ZERO,
                decimal(n, "leaves_qty"), Instant.parse(text(n, "transaction_time"))));
    }

    static BrokerOrder.Status status(String word) {
        return BrokerWords.status(word, OWN_STATES);
    }
}
