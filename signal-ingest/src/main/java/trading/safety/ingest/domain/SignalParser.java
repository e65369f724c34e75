package trading.safety.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.SignalSource;
import trading.safety.v1.TimeInForce;
import trading.safety.v1.TradeSignal;

/**
 * Turns a strategy's JSON body into a {@link TradeSignal}, or reports every rule it breaks. The
 * strategy and account come from the caller's key; a body may repeat them but never name others.
 * Pure: time is passed in.
 */
public final class SignalParser {

    static final Pattern SIGNAL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");
    static final Pattern SYMBOL = Pattern.compile("[A-Z][A-Z0-9./-]{0,19}");
    private static final Set<String> FIELDS = Set.of("signalId", "accountId", "strategyId", "symbol", "side",
            "quantity", "orderType", "limitPrice", "timeInForce", "referencePrice", "createdAt", "tags");
    private static final Set<Side> SIDES = EnumSet.of(Side.BUY, Side.SELL);
    private static final Set<OrderType> ORDER_TYPES = EnumSet.of(OrderType.MARKET, OrderType.LIMIT);
    private static final Set<TimeInForce> TIMES_IN_FORCE = EnumSet.of(TimeInForce.DAY, TimeInForce.GTC,
            TimeInForce.IOC);
    private static final int MAX_TAGS = 32;
    private static final int MAX_TAG_LENGTH = 128;

    /** The rules' numbers, from configuration. */
    public record Limits(Duration maxAge, Duration maxClockSkew, int quantityDecimals, int priceDecimals) {
    }

    /** Who is sending, as established by the strategy key. */
    public record Caller(String strategyId, String accountId) {
    }

    private final Limits limits;

    public SignalParser(Limits limits) {
        this.limits = limits;
    }

    /**
     * @throws ForbiddenIdentityException when the body names another strategy or account
     * @throws InvalidRequestException with every broken rule
     */
    public TradeSignal parse(JsonNode body, Caller caller, Instant now, String eventId) {
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException(List.of(new FieldError("", "body must be a JSON object")));
        }
        requireSameIdentity(body, "strategyId", caller.strategyId());
        requireSameIdentity(body, "accountId", caller.accountId());
        JsonFields fields = new JsonFields(body, "", FIELDS, new ArrayList<>());
        String signalId = fields.text("signalId", true, SIGNAL_ID, "1 to 128 letters, digits, '.', '_', ':' or '-'");
        String symbol = fields.text("symbol", true, SYMBOL, "an upper-case symbol such as AAPL or BRK.B");
        Side side = fields.enumValue("side", Side.class, SIDES);
        BigDecimal quantity = fields.decimal("quantity", true, limits.quantityDecimals(), true);
        OrderType orderType = fields.enumValue("orderType", OrderType.class, ORDER_TYPES);
        BigDecimal limitPrice = limitPrice(fields, orderType);
        TimeInForce timeInForce = fields.enumValue("timeInForce", TimeInForce.class, TIMES_IN_FORCE);
        BigDecimal referencePrice = fields.decimal("referencePrice", true, limits.priceDecimals(), true);
        Instant createdAt = createdAt(fields, now);
        Map<String, String> tags = fields.stringMap("tags", MAX_TAGS, MAX_TAG_LENGTH);
        if (!fields.errors().isEmpty()) {
            throw new InvalidRequestException(fields.errors());
        }
        return TradeSignal.newBuilder()
                .setEventId(eventId)
                .setCausationId(null)
                .setSignalId(signalId)
                .setAccountId(caller.accountId())
                .setStrategyId(caller.strategyId())
                .setSymbol(symbol)
                .setSide(side)
                .setQuantity(quantity)
                .setOrderType(orderType)
                .setLimitPrice(limitPrice)
                .setTimeInForce(timeInForce)
                .setReferencePrice(referencePrice)
                .setCreatedAt(createdAt)
                .setSource(SignalSource.REST)
                .setTags(tags)
                .build();
    }

    private static void requireSameIdentity(JsonNode body, String field, String expected) {
        JsonNode node = body.get(field);
        if (node != null && !node.isNull() && !(node.isTextual() && node.textValue().equals(expected))) {
            throw new ForbiddenIdentityException(field);
        }
    }

    private BigDecimal limitPrice(JsonFields fields, OrderType orderType) {
        if (orderType == OrderType.MARKET) {
            if (fields.isPresent("limitPrice")) {
                fields.reject("limitPrice", "must be absent for MARKET orders");
            }
            return null;
        }
        return fields.decimal("limitPrice", orderType == OrderType.LIMIT, limits.priceDecimals(), true);
    }

    private Instant createdAt(JsonFields fields, Instant now) {
        Instant createdAt = fields.instant("createdAt");
        if (createdAt == null) {
            return null;
        }
        if (createdAt.isAfter(now.plus(limits.maxClockSkew()))) {
            fields.reject("createdAt", "must not be more than " + limits.maxClockSkew().toSeconds()
                    + " s in the future");
        } else if (createdAt.isBefore(now.minus(limits.maxAge()))) {
            fields.reject("createdAt", "must not be older than " + limits.maxAge().toSeconds() + " s");
        }
        return createdAt;
    }

}
