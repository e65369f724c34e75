package trading.safety.router.paper;

import static trading.safety.router.broker.JsonFields.array;
import static trading.safety.router.broker.JsonFields.decimal;
import static trading.safety.router.broker.JsonFields.optionalText;
import static trading.safety.router.broker.JsonFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import trading.safety.router.broker.BrokerAccount;
import trading.safety.router.broker.BrokerOrder;
import trading.safety.router.broker.Execution;
import trading.safety.router.broker.ExecutionPage;
import trading.safety.router.broker.JsonHttp;
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.broker.SubmitResult;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

/**
 * The paper broker's HTTP protocol: its values as JSON, both ways. Decimals travel as strings so nothing is
 * rounded on the wire; times as ISO-8601 instants. Reading fails with {@link IOException} (missing field,
 * wrong type) so a client can tell a malformed answer from a broker's refusal.
 */
final class PaperWire {

    static final ObjectMapper JSON = JsonHttp.JSON;

    private PaperWire() {
    }

    static ObjectNode request(OrderRequest r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("clientOrderId", r.clientOrderId());
        n.put("accountId", r.accountId());
        n.put("symbol", r.symbol());
        n.put("side", r.side().name());
        n.put("quantity", r.quantity().toPlainString());
        n.put("orderType", r.orderType().name());
        n.put("limitPrice", r.limitPrice() == null ? null : r.limitPrice().toPlainString());
        n.put("timeInForce", r.timeInForce().name());
        n.put("reduceOnly", r.reduceOnly());
        return n;
    }

    static OrderRequest request(JsonNode n) throws IOException {
        try {
            String limit = optionalText(n, "limitPrice");
            return new OrderRequest(text(n, "clientOrderId"), text(n, "accountId"), text(n, "symbol"),
                    Side.valueOf(text(n, "side")), decimal(n, "quantity"), OrderType.valueOf(text(n, "orderType")),
                    limit == null ? null : new BigDecimal(limit), TimeInForce.valueOf(text(n, "timeInForce")),
                    n.path("reduceOnly").asBoolean(false));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static ObjectNode order(BrokerOrder o) {
        ObjectNode n = JSON.createObjectNode();
        n.put("clientOrderId", o.clientOrderId());
        n.put("brokerOrderId", o.brokerOrderId());
        n.put("accountId", o.accountId());
        n.put("symbol", o.symbol());
        n.put("side", o.side().name());
        n.put("quantity", o.quantity().toPlainString());
        n.put("filledQuantity", o.filledQuantity().toPlainString());
        n.put("status", o.status().name());
        n.put("reason", o.reason());
        return n;
    }

    static BrokerOrder order(JsonNode n) throws IOException {
        try {
            return new BrokerOrder(text(n, "clientOrderId"), text(n, "brokerOrderId"), text(n, "accountId"),
                    text(n, "symbol"), Side.valueOf(text(n, "side")), decimal(n, "quantity"),
                    decimal(n, "filledQuantity"), BrokerOrder.Status.valueOf(text(n, "status")),
                    optionalText(n, "reason"));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static ObjectNode result(SubmitResult r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("outcome", r.outcome().name());
        n.set("order", r.order() == null ? null : order(r.order()));
        n.put("reason", r.reason());
        return n;
    }

    static SubmitResult result(JsonNode n) throws IOException {
        try {
            BrokerOrder order = n.hasNonNull("order") ? order(n.get("order")) : null;
            return new SubmitResult(SubmitResult.Outcome.valueOf(text(n, "outcome")), order, optionalText(n, "reason"));
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static ArrayNode orders(List<BrokerOrder> orders) {
        ArrayNode a = JSON.createArrayNode();
        orders.forEach(o -> a.add(order(o)));
        return a;
    }

    static List<BrokerOrder> orders(JsonNode a) throws IOException {
        List<BrokerOrder> orders = new ArrayList<>();
        for (JsonNode n : array(a)) {
            orders.add(order(n));
        }
        return orders;
    }

    static ObjectNode page(ExecutionPage p) {
        ObjectNode n = JSON.createObjectNode();
        ArrayNode a = n.putArray("executions");
        for (Execution e : p.executions()) {
            ObjectNode x = a.addObject();
            x.put("executionId", e.executionId());
            x.put("clientOrderId", e.clientOrderId());
            x.put("brokerOrderId", e.brokerOrderId());
            x.put("accountId", e.accountId());
            x.put("symbol", e.symbol());
            x.put("side", e.side().name());
            x.put("quantity", e.quantity().toPlainString());
            x.put("price", e.price().toPlainString());
            x.put("fee", e.fee().toPlainString());
            x.put("leavesQuantity", e.leavesQuantity().toPlainString());
            x.put("at", e.at().toString());
        }
        n.put("nextCursor", p.nextCursor());
        return n;
    }

    static ExecutionPage page(JsonNode n) throws IOException {
        try {
            List<Execution> executions = new ArrayList<>();
            for (JsonNode x : array(n.get("executions"))) {
                executions.add(new Execution(text(x, "executionId"), text(x, "clientOrderId"),
                        text(x, "brokerOrderId"), text(x, "accountId"), text(x, "symbol"),
                        Side.valueOf(text(x, "side")), decimal(x, "quantity"), decimal(x, "price"),
                        decimal(x, "fee"), decimal(x, "leavesQuantity"), Instant.parse(text(x, "at"))));
            }
            return new ExecutionPage(executions, text(n, "nextCursor"));
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    static ObjectNode account(BrokerAccount a) {
        ObjectNode n = JSON.createObjectNode();
        n.put("accountId", a.accountId());
        n.put("cash", a.cash().toPlainString());
        n.put("equity", a.equity().toPlainString());
        n.put("openOrders", a.openOrders());
        ArrayNode positions = n.putArray("positions");
        for (BrokerAccount.Holding h : a.positions()) {
            ObjectNode p = positions.addObject();
            p.put("symbol", h.symbol());
            p.put("quantity", h.quantity().toPlainString());
            p.put("averagePrice", h.averagePrice().toPlainString());
            p.put("marketValue", h.marketValue().toPlainString());
        }
        return n;
    }

    static BrokerAccount account(JsonNode n) throws IOException {
        List<BrokerAccount.Holding> holdings = new ArrayList<>();
        for (JsonNode p : array(n.get("positions"))) {
            holdings.add(new BrokerAccount.Holding(text(p, "symbol"), decimal(p, "quantity"),
                    decimal(p, "averagePrice"), decimal(p, "marketValue")));
        }
        if (!n.path("openOrders").isInt()) {
            throw new IOException("openOrders must be an integer");
        }
        return new BrokerAccount(text(n, "accountId"), decimal(n, "cash"), decimal(n, "equity"), holdings,
                n.get("openOrders").asInt());
    }

    static ArrayNode strings(List<String> values) {
        ArrayNode a = JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    static List<String> strings(JsonNode a) throws IOException {
        List<String> values = new ArrayList<>();
        for (JsonNode n : array(a)) {
            if (!n.isTextual()) {
                throw new IOException("expected text, got " + n.getNodeType());
            }
            values.add(n.asText());
        }
        return values;
    }
}
