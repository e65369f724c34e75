package trading.safety.router.broker.tradier;

import static trading.safety.router.broker.JsonFields.number;
import static trading.safety.router.broker.JsonFields.numberOrZero;
import static trading.safety.router.broker.JsonFields.optionalText;
import static trading.safety.router.broker.JsonFields.text;
import static trading.safety.router.broker.JsonFields.wrappedList;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import trading.safety.router.broker.AccountCursors;
import trading.safety.router.broker.BrokerAccount;
import trading.safety.router.broker.BrokerAdapter;
import trading.safety.router.broker.BrokerException;
import trading.safety.router.broker.BrokerOrder;
import trading.safety.router.broker.BrokerWords;
import trading.safety.router.broker.Execution;
import trading.safety.router.broker.ExecutionPage;
import trading.safety.router.broker.JsonHttp;
import trading.safety.router.broker.OAuthToken;
import trading.safety.router.broker.OrderAccounts;
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.broker.SubmitResult;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

/**
 * Tradier's brokerage API (v1) with an OAuth bearer token. Orders: {@code POST /v1/accounts/{account}/orders}
 * (form-encoded, the intent id as {@code tag}), {@code GET /v1/accounts/{account}/orders?includeTags=true},
 * {@code GET} and {@code DELETE /v1/accounts/{account}/orders/{id}}; snapshots from {@code balances},
 * {@code positions} and {@code /v1/markets/quotes}; token renewal at {@code POST /v1/oauth/refreshtoken}.
 *
 * <p>Tradier has no execution feed by order, so executions are read from the orders themselves: each poll
 * compares an order's executed quantity and average fill price with what was already published, and publishes
 * the difference as one execution (quantity and the exact price of that part). The cursor keeps, per account,
 * the lowest order id not yet finished and published ({@code watermark}) and what was published of the orders
 * above it; finished orders below the watermark are skipped. Tradier does not refuse a repeated tag, so the
 * protection against a second order for an intent is the router's rule of asking before resubmitting.
 */
public final class TradierAdapter implements BrokerAdapter {

    /** Tradier allows letters, digits and hyphens in tags: what our intent ids are made of. */
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9-]{1,255}");

    /** Order states of this broker beyond the ones brokers share. */
    private static final Map<String, BrokerOrder.Status> OWN_STATES = Map.of("error", BrokerOrder.Status.REJECTED);

    private final String id;
    private final URI base;
    private final List<String> accounts;
    private final OAuthToken token;
    private final JsonHttp http;
    private final OrderAccounts accountOfOrder;

    public TradierAdapter(String id, URI base, List<String> accounts, OAuthToken token, Duration timeout) {
        this.id = id;
        this.base = base;
        this.accounts = List.copyOf(accounts);
        this.token = token;
        this.http = new JsonHttp(id, timeout);
        this.accountOfOrder = new OrderAccounts(id);
    }

    /**
     * The token endpoint: a refresh token for a new access token, the application's client id and secret in
     * basic authentication.
     */
    public static OAuthToken.Refresher refresher(String brokerId, URI base, String clientId, String clientSecret,
            Duration timeout, Clock clock) {
        JsonHttp http = new JsonHttp(brokerId, timeout);
        String basic = Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                .getBytes(StandardCharsets.UTF_8));
        return refreshToken -> {
            HttpRequest request = http.request(base.resolve("/v1/oauth/refreshtoken"))
                    .header("Authorization", "Basic " + basic)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token="
                            + JsonHttp.encode(refreshToken), StandardCharsets.UTF_8)).build();
            Instant asked = clock.instant();
            return http.read(http.send(request), n -> new OAuthToken.Grant(text(n, "access_token"),
                    optionalText(n, "refresh_token"), asked.plusSeconds(number(n, "expires_in").longValueExact())));
        };
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Optional<Instant> tokenExpiresAt() {
        return Optional.of(token.expiresAt());
    }

    @Override
    public boolean tokenRenewsItself() {
        return token.renewsItself();
    }

    @Override
    public boolean refreshToken() throws BrokerException {
        return token.refreshIfDue();
    }

    @Override
    public SubmitResult submit(OrderRequest r) throws BrokerException {
        String duration = duration(r.timeInForce());
        if (duration == null) {
            return SubmitResult.rejected(null, id + " offers no time in force " + r.timeInForce());
        }
        if (!TAG.matcher(r.clientOrderId()).matches()) {
            return SubmitResult.rejected(null, id + " cannot carry client order id " + r.clientOrderId()
                    + " as a tag (letters, digits and hyphens only)");
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("class", "equity");
        form.put("symbol", r.symbol());
        form.put("side", r.side() == Side.BUY ? "buy" : "sell");
        form.put("quantity", r.quantity().toPlainString());
        form.put("type", r.orderType() == OrderType.LIMIT ? "limit" : "market");
        form.put("duration", duration);
        if (r.orderType() == OrderType.LIMIT) {
            form.put("price", r.limitPrice().toPlainString());
        }
        form.put("tag", r.clientOrderId());
        HttpResponse<byte[]> response = http.send(request(r.accountId(), "/orders")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(form), StandardCharsets.UTF_8)).build(), 400);
        JsonNode answer = http.read(response, n -> n);
        List<String> errors = http.interpret(answer, TradierAdapter::errors);
        if (response.statusCode() == 400 || !errors.isEmpty()) {
            return SubmitResult.rejected(null, id + " " + response.statusCode() + ": "
                    + (errors.isEmpty() ? JsonHttp.text(response) : String.join("; ", errors)));
        }
        String orderId = http.interpret(answer, n -> orderId(n.get("order")));
        accountOfOrder.remember(orderId, r.accountId());
        return SubmitResult.accepted(new BrokerOrder(r.clientOrderId(), orderId, r.accountId(), r.symbol(), r.side(),
                r.quantity(), BigDecimal.ZERO, BrokerOrder.Status.NEW, null));
    }

    @Override
    public Optional<BrokerOrder> findByClientOrderId(String clientOrderId) throws BrokerException {
        for (String account : accounts) {
            for (JsonNode o : orders(account)) {
                if (clientOrderId.equals(o.path("tag").asText(null))) {
                    return Optional.of(http.interpret(o, n -> order(account, n)));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public List<BrokerOrder> openOrders() throws BrokerException {
        List<BrokerOrder> open = new ArrayList<>();
        for (String account : accounts) {
            for (JsonNode o : orders(account)) {
                BrokerOrder order = http.interpret(o, n -> order(account, n));
                if (order.open()) {
                    open.add(order);
                }
            }
        }
        return open;
    }

    @Override
    public BrokerOrder cancel(String brokerOrderId) throws BrokerException {
        String account = accountOfOrder.of(brokerOrderId);
        String path = "/orders/" + JsonHttp.encode(brokerOrderId);
        // 400: no longer cancelable (filled meanwhile). Either way, read it back.
        http.send(request(account, path).DELETE().build(), 400);
        return http.read(http.send(request(account, path + "?includeTags=true").GET().build()),
                n -> order(account, n.get("order")));
    }

    @Override
    public ExecutionPage executionsAfter(String cursor, int max) throws BrokerException {
        Map<String, String> positions = AccountCursors.parse(id, cursor);
        List<Execution> executions = new ArrayList<>();
        for (String account : accounts) {
            Progress progress;
            try {
                progress = Progress.parse(positions.get(account));
            } catch (RuntimeException e) {
                throw new BrokerException(id + " execution cursor for " + account + " cannot be read: "
                        + positions.get(account), false, e);
            }
            List<JsonNode> orders = orders(account);
            orders.sort((a, b) -> Long.compare(a.path("id").asLong(), b.path("id").asLong()));
            for (JsonNode o : orders) {
                http.interpret(o, n -> {
                    progress.publish(account, n, executions);
                    return null;
                });
            }
            positions.put(account, progress.advance(orders).format());
        }
        return new ExecutionPage(executions, AccountCursors.format(positions));
    }

    @Override
    public List<String> accounts() {
        return accounts;
    }

    @Override
    public BrokerAccount account(String accountId) throws BrokerException {
        JsonNode balances = http.read(http.send(request(accountId, "/balances").GET().build()), n -> n);
        List<JsonNode> positions = http.read(http.send(request(accountId, "/positions").GET().build()),
                n -> wrappedList(n, "positions", "position"));
        Map<String, BigDecimal> last = positions.isEmpty() ? Map.of() : quotes(positions);
        List<BrokerAccount.Holding> holdings = new ArrayList<>();
        for (JsonNode p : positions) {
            holdings.add(http.interpret(p, n -> {
                String symbol = text(n, "symbol");
                BigDecimal quantity = number(n, "quantity");
                BigDecimal mark = last.get(symbol);
                if (mark == null) {
                    throw new IOException("no quote for " + symbol);
                }
                return new BrokerAccount.Holding(symbol, quantity, number(n, "cost_basis").divide(quantity, 8,
                        RoundingMode.HALF_EVEN).abs(), mark.multiply(quantity));
            }));
        }
        int open = 0;
        for (JsonNode o : orders(accountId)) {
            if (http.interpret(o, n -> status(text(n, "status"))).open()) {
                open++;
            }
        }
        int openOrders = open;
        return http.interpret(balances.get("balances"), n -> new BrokerAccount(accountId, number(n, "total_cash"),
                number(n, "total_equity"), holdings, openOrders));
    }

    private Map<String, BigDecimal> quotes(List<JsonNode> positions) throws BrokerException {
        StringJoiner symbols = new StringJoiner(",");
        for (JsonNode p : positions) {
            symbols.add(p.path("symbol").asText());
        }
        HttpRequest request = authorized(base.resolve("/v1/markets/quotes?symbols=" + JsonHttp.encode(symbols
                .toString()))).GET().build();
        return http.read(http.send(request), n -> {
            Map<String, BigDecimal> last = new TreeMap<>();
            for (JsonNode q : wrappedList(n, "quotes", "quote")) {
                last.put(text(q, "symbol"), number(q, "last"));
            }
            return last;
        });
    }

    private List<JsonNode> orders(String account) throws BrokerException {
        return http.read(http.send(request(account, "/orders?includeTags=true").GET().build()),
                n -> wrappedList(n, "orders", "order"));
    }

    private HttpRequest.Builder request(String accountId, String path) throws BrokerException {
        if (!accounts.contains(accountId)) {
            throw new BrokerException(id + " holds no account " + accountId, false, null);
        }
        return authorized(base.resolve("/v1/accounts/" + JsonHttp.encode(accountId) + path));
    }

    private HttpRequest.Builder authorized(URI uri) {
        return http.request(uri).header("Authorization", "Bearer " + token.accessToken());
    }

    private BrokerOrder order(String account, JsonNode n) throws IOException {
        String orderId = orderId(n);
        accountOfOrder.remember(orderId, account);
        return new BrokerOrder(optionalText(n, "tag"), orderId, account, text(n, "symbol"),
                BrokerWords.side(text(n, "side")),
                number(n, "quantity"), numberOrZero(n, "exec_quantity"), status(text(n, "status")),
                optionalText(n, "reason_description"));
    }

    private static String orderId(JsonNode n) throws IOException {
        JsonNode v = n == null ? null : n.get("id");
        if (v == null || !v.canConvertToLong()) {
            throw new IOException("field id must be an order number");
        }
        return Long.toString(v.asLong());
    }

    private static List<String> errors(JsonNode n) throws IOException {
        List<String> errors = new ArrayList<>();
        for (JsonNode e : wrappedListOrEmpty(n)) {
            errors.add(e.asText());
        }
        return errors;
    }

    private static List<JsonNode> wrappedListOrEmpty(JsonNode n) throws IOException {
        return n.has("errors") ? wrappedList(n, "errors", "error") : List.of();
    }

    static BrokerOrder.Status status(String word) {
        return BrokerWords.status(word, OWN_STATES);
    }

    private static String duration(TimeInForce tif) {
        switch (tif) {
            case DAY:
                return "day";
            case GTC:
                return "gtc";
            default:
                return null;
        }
    }

    private static String form(Map<String, String> fields) {
        StringJoiner form = new StringJoiner("&");
        fields.forEach((k, v) -> form.add(JsonHttp.encode(k) + "=" + JsonHttp.encode(v)));
        return form.toString();
    }

    /**
     * One account's published executions: orders below {@code watermark} are finished and fully published;
     * above it, each order's published quantity and notional ({@code id:qty:notional}), or {@code id} alone
     * once it is finished and fully published.
     */
    private static final class Progress {

        private long watermark;
        /** What was published of an order: its executed quantity and that quantity's notional. */
        private record Published(BigDecimal quantity, BigDecimal notional) {
            static final Published NOTHING = new Published(BigDecimal.ZERO, BigDecimal.ZERO);
        }

        private final Map<Long, Published> partial = new TreeMap<>();
        private final Set<Long> done = new TreeSet<>();

        static Progress parse(String text) {
            Progress p = new Progress();
            if (text == null || text.isEmpty()) {
                return p;
            }
            String[] parts = text.split("\\|", -1);
            p.watermark = Long.parseLong(parts[0]);
            if (parts.length > 1 && !parts[1].isEmpty()) {
                for (String entry : parts[1].split(",")) {
                    String[] f = entry.split(":");
                    if (f.length == 1) {
                        p.done.add(Long.parseLong(f[0]));
                    } else {
                        p.partial.put(Long.parseLong(f[0]), new Published(new BigDecimal(f[1]),
                                new BigDecimal(f[2])));
                    }
                }
            }
            return p;
        }

        /** Adds the part of this order executed since the last publication, if any. */
        void publish(String account, JsonNode n, List<Execution> out) throws IOException {
            long orderId = Long.parseLong(orderId(n));
            if (orderId < watermark || done.contains(orderId)) {
                return;
            }
            BigDecimal executed = numberOrZero(n, "exec_quantity");
            Published before = partial.getOrDefault(orderId, Published.NOTHING);
            boolean finished = !status(text(n, "status")).open();
            if (executed.compareTo(before.quantity()) > 0) {
                String tag = optionalText(n, "tag");
                BigDecimal notional = number(n, "avg_fill_price").multiply(executed);
                BigDecimal quantity = executed.subtract(before.quantity());
                BigDecimal price = notional.subtract(before.notional()).divide(quantity, 8, RoundingMode.HALF_EVEN);
                if (tag != null) { // orders placed by hand at Tradier are not ours to publish
                    BigDecimal leaves = n.hasNonNull("remaining_quantity") ? number(n, "remaining_quantity")
                            : number(n, "quantity").subtract(executed);
                    out.add(new Execution("tradier-" + orderId + "-" + executed.stripTrailingZeros().toPlainString(),
                            tag, Long.toString(orderId), account, text(n, "symbol"),
                            BrokerWords.side(text(n, "side")), quantity, price, BigDecimal.ZERO, leaves,
                            Instant.parse(text(n, "transaction_date"))));
                }
                before = new Published(executed, notional);
            }
            if (finished) {
                partial.remove(orderId);
                done.add(orderId);
            } else if (before.quantity().signum() > 0) {
                partial.put(orderId, before);
            }
        }

        /**
         * Moves the watermark past the finished orders at the bottom of today's list, and forgets what lies
         * below it or is no longer listed.
         */
        Progress advance(List<JsonNode> ordersById) {
            Set<Long> listed = new TreeSet<>();
            long next = watermark;
            boolean open = false;
            for (JsonNode o : ordersById) {
                long orderId = o.path("id").asLong();
                listed.add(orderId);
                if (orderId >= next && !open) {
                    if (done.contains(orderId)) {
                        next = orderId + 1;
                    } else {
                        next = orderId;
                        open = true;
                    }
                }
            }
            watermark = next;
            done.removeIf(orderId -> orderId < watermark || !listed.contains(orderId));
            partial.keySet().removeIf(orderId -> orderId < watermark || !listed.contains(orderId));
            return this;
        }

        String format() {
            StringJoiner entries = new StringJoiner(",");
            Set<Long> all = new TreeSet<>(done);
            all.addAll(partial.keySet());
            for (long orderId : all) {
                Published p = partial.get(orderId);
                entries.add(p == null ? Long.toString(orderId) : orderId + ":" + p.quantity().stripTrailingZeros()
                        .toPlainString() + ":" + p.notional().stripTrailingZeros().toPlainString());
            }
            return watermark + "|" + entries;
        }
    }
}
