package trading.safety.router.paper;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.router.broker.BrokerException;

/**
 * The paper broker as its own process, so its state outlives a router that is killed: the engine behind a
 * small JSON API on 127.0.0.1 ({@link PaperHttpAdapter} is its client).
 *
 * <p>Besides the trading API, an operator's surface for rehearsing runbooks against it: a manual trade at the
 * broker that our ledger does not know of, and faults (the next orders rejected, the next orders or calls
 * failing with a server error, the broker unreachable) until they are used up or healed. Faults never apply
 * to {@code /faults} itself.
 *
 * <pre>
 * POST   /orders                    OrderRequest       -> SubmitResult
 * GET    /orders[?status=open]                         -> [BrokerOrder]
 * GET    /orders/by-client-id/{id}                     -> BrokerOrder | 404
 * DELETE /orders/{brokerOrderId}                       -> BrokerOrder | 404
 * GET    /executions?after={cursor}&amp;max={n}            -> {executions, nextCursor}
 * GET    /accounts, /accounts/{id}                     -> [id], BrokerAccount
 * POST   /prices                    {symbol, price}    -> 204
 * GET    /stats                                        -> {orders, duplicateSubmissions}
 * GET    /health                                       -> 200
 *
 * POST   /accounts/{id}/positions   {symbol, quantity, price} -> BrokerAccount: a manual trade (quantity signed,
 *                                                        negative sells), cash moves by quantity x price
 * POST   /faults                    {rejectOrders, failOrders, failCalls, unreachable} -> the faults now:
 *          rejectOrders: the next n submissions are rejected (recorded as rejected orders)
 *          failOrders:   the next n submissions answer 500 and reach no book
 *          failCalls:    the next n calls of any kind answer 503
 *          unreachable:  true: every call's connection is closed without an answer until healed
 *        a field left out keeps its current value
 * GET    /faults                                       -> the faults now
 * DELETE /faults                                       -> every fault healed; the faults now
 * </pre>
 *
 * Run: {@code java -cp <order-router classpath> trading.safety.router.paper.PaperBrokerServer --port=8090
 * --accounts=ACC-1,ACC-2 [--latency-ms=0 --reject-ratio=0 --partial-fill-ratio=0 --seed=42
 * --state-file=path]}, where a state file keeps its books across restarts; it prints
 * {@code paper broker listening on 127.0.0.1:<port>} when ready.
 */
public final class PaperBrokerServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PaperBrokerServer.class);

    static {
        // The JDK server writes a response's headers and body separately; without TCP_NODELAY every answer
        // waits for the client's delayed acknowledgement (about 40 ms on Linux).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final PaperBroker broker;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicInteger failOrders = new AtomicInteger();
    private final AtomicInteger failCalls = new AtomicInteger();
    private volatile boolean unreachable;

    public PaperBrokerServer(PaperBroker broker, int port) throws IOException {
        this.broker = broker;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
        this.executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "paper-broker-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public PaperBroker broker() {
        return broker;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            try {
                if (path.equals("/faults")) {
                    faults(exchange, method);
                    return;
                }
                if (unreachable) {
                    return; // closed without an answer: the caller sees a dropped connection
                }
                if (decrement(failCalls)) {
                    error(exchange, 503, "injected fault: service unavailable");
                    return;
                }
                if (method.equals("POST") && path.equals("/orders") && decrement(failOrders)) {
                    error(exchange, 500, "injected fault: order submission failed");
                } else if (method.equals("POST") && path.equals("/orders")) {
                    reply(exchange, 200, PaperWire.result(broker.submit(PaperWire.request(body(exchange)))));
                } else if (method.equals("GET") && path.equals("/orders")) {
                    reply(exchange, 200, PaperWire.orders("open".equals(query.get("status")) ? broker.openOrders()
                            : broker.allOrders()));
                } else if (method.equals("GET") && path.startsWith("/orders/by-client-id/")) {
                    var order = broker.findByClientOrderId(tail(path, "/orders/by-client-id/"));
                    if (order.isPresent()) {
                        reply(exchange, 200, PaperWire.order(order.get()));
                    } else {
                        error(exchange, 404, "no order with that client order id");
                    }
                } else if (method.equals("DELETE") && path.startsWith("/orders/")) {
                    reply(exchange, 200, PaperWire.order(broker.cancel(tail(path, "/orders/"))));
                } else if (method.equals("GET") && path.equals("/executions")) {
                    int max = Integer.parseInt(query.getOrDefault("max", "1000"));
                    reply(exchange, 200, PaperWire.page(broker.executionsAfter(query.get("after"), max)));
                } else if (method.equals("GET") && path.equals("/accounts")) {
                    reply(exchange, 200, PaperWire.strings(broker.accounts()));
                } else if (method.equals("POST") && path.startsWith("/accounts/") && path.endsWith("/positions")) {
                    String account = URLDecoder.decode(path.substring("/accounts/".length(),
                            path.length() - "/positions".length()), StandardCharsets.UTF_8);
                    JsonNode trade = body(exchange);
                    broker.adjustPosition(account, required(trade, "symbol"), new BigDecimal(required(trade,
                            "quantity")), new BigDecimal(required(trade, "price")));
                    log.warn("manual trade at paper broker {}: {} {} at {} in account {}", broker.id(),
                            trade.path("quantity").asText(), trade.path("symbol").asText(),
                            trade.path("price").asText(), account);
                    reply(exchange, 200, PaperWire.account(broker.account(account)));
                } else if (method.equals("GET") && path.startsWith("/accounts/")) {
                    reply(exchange, 200, PaperWire.account(broker.account(tail(path, "/accounts/"))));
                } else if (method.equals("POST") && path.equals("/prices")) {
                    JsonNode price = body(exchange);
                    broker.onPrice(price.path("symbol").asText(), new BigDecimal(price.path("price").asText()));
                    exchange.sendResponseHeaders(204, -1);
                } else if (method.equals("GET") && path.equals("/stats")) {
                    reply(exchange, 200, PaperWire.JSON.createObjectNode()
                            .put("orders", broker.allOrders().size())
                            .put("duplicateSubmissions", broker.duplicateSubmissions()));
                } else if (method.equals("GET") && path.equals("/health")) {
                    reply(exchange, 200, PaperWire.JSON.createObjectNode().put("status", "UP"));
                } else {
                    error(exchange, 404, "no such resource: " + method + " " + path);
                }
            } catch (BrokerException e) {
                error(exchange, 404, e.getMessage());
            } catch (IOException | IllegalArgumentException e) {
                error(exchange, 400, e.getMessage());
            } catch (RuntimeException e) {
                log.error("paper broker failed on {} {}", method, path, e);
                error(exchange, 500, "internal error");
            }
        }
    }

    private void faults(HttpExchange exchange, String method) throws IOException {
        if (method.equals("POST")) {
            JsonNode faults = body(exchange);
            if (faults.has("rejectOrders")) {
                broker.rejectNext(count(faults, "rejectOrders"));
            }
            if (faults.has("failOrders")) {
                failOrders.set(count(faults, "failOrders"));
            }
            if (faults.has("failCalls")) {
                failCalls.set(count(faults, "failCalls"));
            }
            if (faults.has("unreachable")) {
                if (!faults.get("unreachable").isBoolean()) {
                    throw new IllegalArgumentException("unreachable must be true or false");
                }
                unreachable = faults.get("unreachable").asBoolean();
            }
        } else if (method.equals("DELETE")) {
            broker.rejectNext(0);
            failOrders.set(0);
            failCalls.set(0);
            unreachable = false;
        } else if (!method.equals("GET")) {
            error(exchange, 405, "faults are read (GET), set (POST) or healed (DELETE)");
            return;
        }
        log.warn("paper broker {} faults now: {} rejections, {} order failures, {} call failures, unreachable {}",
                broker.id(), broker.injectedRejections(), failOrders.get(), failCalls.get(), unreachable);
        reply(exchange, 200, PaperWire.JSON.createObjectNode().put("rejectOrders", broker.injectedRejections())
                .put("failOrders", failOrders.get()).put("failCalls", failCalls.get())
                .put("unreachable", unreachable));
    }

    private static int count(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 0) {
            throw new IllegalArgumentException(field + " must be a whole number, 0 or more");
        }
        return value.asInt();
    }

    private static String required(JsonNode body, String field) {
        String value = body.path(field).asText("");
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value;
    }

    /** Uses up one of a fault's remaining occurrences; false when none remain. */
    private static boolean decrement(AtomicInteger remaining) {
        return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    private static JsonNode body(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            JsonNode node = PaperWire.JSON.readTree(in);
            if (node == null || !node.isObject()) {
                throw new IOException("the body must be a JSON object");
            }
            return node;
        }
    }

    private static String tail(String path, String prefix) {
        return URLDecoder.decode(path.substring(prefix.length()), StandardCharsets.UTF_8);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = PaperWire.JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        reply(exchange, status, PaperWire.JSON.createObjectNode().put("error", message));
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("arguments are --name=value, got " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        PaperBroker.Settings defaults = PaperBroker.Settings.defaults();
        PaperBroker broker = new PaperBroker(options.getOrDefault("id", "paper"), new PaperBroker.Settings(
                Duration.ofMillis(Long.parseLong(options.getOrDefault("latency-ms", "0"))),
                Double.parseDouble(options.getOrDefault("reject-ratio", "0")),
                Double.parseDouble(options.getOrDefault("partial-fill-ratio", "0")),
                defaults.feePerShare(), defaults.startingCash(),
                Long.parseLong(options.getOrDefault("seed", Long.toString(defaults.seed())))), Clock.systemUTC());
        for (String account : List.of(options.getOrDefault("accounts", "").split(","))) {
            if (!account.isBlank()) {
                broker.openAccount(account.trim());
            }
        }
        String stateFile = options.getOrDefault("state-file", "");
        PaperBookKeeper books = stateFile.isBlank() ? null
                : PaperBookKeeper.start(broker, Path.of(stateFile), Duration.ofSeconds(1));
        PaperBrokerServer server = new PaperBrokerServer(broker, Integer.parseInt(options.getOrDefault("port", "0")));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            if (books != null) {
                books.close();
            }
        }));
        System.out.println("paper broker listening on 127.0.0.1:" + server.port());
        System.out.flush();
    }
}
