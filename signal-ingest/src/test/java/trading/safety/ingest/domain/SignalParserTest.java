package trading.safety.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import trading.safety.v1.OrderType;
import trading.safety.v1.SignalSource;
import trading.safety.v1.TradeSignal;

class SignalParserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-03-02T14:30:00Z");
    private static final SignalParser.Caller CALLER = new SignalParser.Caller("momentum", "ACC-1");

    private final SignalParser parser = new SignalParser(
            new SignalParser.Limits(Duration.ofSeconds(60), Duration.ofSeconds(5), 4, 4));

    static ObjectNode validBody() {
        ObjectNode body = JSON.createObjectNode();
        body.put("signalId", "sig-1");
        body.put("symbol", "AAPL");
        body.put("side", "BUY");
        body.put("quantity", 10);
        body.put("orderType", "LIMIT");
        body.put("limitPrice", new BigDecimal("187.25"));
        body.put("timeInForce", "DAY");
        body.put("referencePrice", "187.20");
        body.put("createdAt", "2026-03-02T14:29:58Z");
        body.putObject("tags").put("model", "v3");
        return body;
    }

    @Test
    void buildsTheSignalWithIdentityFromTheKey() {
        TradeSignal signal = parser.parse(validBody(), CALLER, NOW, "evt-1");

        assertThat(signal.getAccountId()).isEqualTo("ACC-1");
        assertThat(signal.getStrategyId()).isEqualTo("momentum");
        assertThat(signal.getQuantity()).isEqualByComparingTo("10");
        assertThat(signal.getQuantity().scale()).isEqualTo(8);
        assertThat(signal.getLimitPrice()).isEqualByComparingTo("187.25");
        assertThat(signal.getSource()).isEqualTo(SignalSource.REST);
        assertThat(signal.getCreatedAt()).isEqualTo(Instant.parse("2026-03-02T14:29:58Z"));
        assertThat(signal.getTags()).containsEntry("model", "v3");
        assertThat(signal.getEventId()).isEqualTo("evt-1");
    }

    @Test
    void acceptsBodiesThatRepeatTheirOwnIdentityAndEpochMillis() {
        ObjectNode body = validBody().put("accountId", "ACC-1").put("strategyId", "momentum")
                .put("createdAt", NOW.toEpochMilli());

        assertThat(parser.parse(body, CALLER, NOW, "e").getCreatedAt()).isEqualTo(NOW);
    }

    @Test
    void refusesABodyNamingAnotherAccountOrStrategy() {
        assertThatThrownBy(() -> parser.parse(validBody().put("accountId", "ACC-2"), CALLER, NOW, "e"))
                .isInstanceOf(ForbiddenIdentityException.class).hasMessageContaining("accountId");
        assertThatThrownBy(() -> parser.parse(validBody().put("strategyId", "other"), CALLER, NOW, "e"))
                .isInstanceOf(ForbiddenIdentityException.class).hasMessageContaining("strategyId");
    }

    @Test
    void requiresEveryRequiredField() {
        for (String field : List.of("signalId", "symbol", "side", "quantity", "orderType", "timeInForce",
                "referencePrice", "createdAt")) {
            assertRejected(b -> b.remove(field), field, "is required");
        }
    }

    @Test
    void requiresAPositiveQuantityWithinTheConfiguredDecimals() {
        assertRejected(b -> b.put("quantity", 0), "quantity", "greater than 0");
        assertRejected(b -> b.put("quantity", -5), "quantity", "greater than 0");
        assertRejected(b -> b.put("quantity", "1.00001"), "quantity", "at most 4 decimal places");
        assertRejected(b -> b.put("quantity", "1e30"), "quantity", "less than 10^20");
        assertRejected(b -> b.put("quantity", true), "quantity", "decimal number");
        assertRejected(b -> b.put("quantity", "ten"), "quantity", "decimal number");
        assertThat(parser.parse(validBody().put("quantity", "1.50000"), CALLER, NOW, "e").getQuantity())
                .isEqualByComparingTo("1.5");
    }

    @Test
    void requiresAPositiveLimitPriceForLimitOrders() {
        assertRejected(b -> b.remove("limitPrice"), "limitPrice", "is required");
        assertRejected(b -> b.put("limitPrice", 0), "limitPrice", "greater than 0");
    }

    @Test
    void refusesALimitPriceOnMarketOrders() {
        assertRejected(b -> b.put("orderType", "MARKET"), "limitPrice", "absent for MARKET");
        TradeSignal market = parser.parse(validBody().put("orderType", "MARKET").putNull("limitPrice"), CALLER, NOW,
                "e");
        assertThat(market.getOrderType()).isEqualTo(OrderType.MARKET);
        assertThat(market.getLimitPrice()).isNull();
    }

    @Test
    void requiresAnUpperCaseSymbol() {
        assertRejected(b -> b.put("symbol", "aapl"), "symbol", "upper-case symbol");
        assertRejected(b -> b.put("symbol", "A APL"), "symbol", "upper-case symbol");
        assertRejected(b -> b.put("symbol", "TOOLONGSYMBOLNAMEXXXX"), "symbol", "upper-case symbol");
        assertThat(parser.parse(validBody().put("symbol", "BRK.B"), CALLER, NOW, "e").getSymbol()).isEqualTo("BRK.B");
    }

    @Test
    void requiresKnownEnumValues() {
        assertRejected(b -> b.put("side", "HOLD"), "side", "one of [BUY, SELL]");
        assertRejected(b -> b.put("side", "buy"), "side", "one of");
        assertRejected(b -> b.put("orderType", "STOP"), "orderType", "one of [MARKET, LIMIT]");
        assertRejected(b -> b.put("timeInForce", "FOK"), "timeInForce", "one of [DAY, GTC, IOC]");
        assertRejected(b -> b.put("side", "UNKNOWN"), "side", "one of");
    }

    @Test
    void requiresAPositiveReferencePrice() {
        assertRejected(b -> b.put("referencePrice", -1), "referencePrice", "greater than 0");
    }

    @Test
    void refusesSignalsFromTheFutureOrTooOld() {
        assertRejected(b -> b.put("createdAt", "2026-03-02T14:30:06Z"), "createdAt", "5 s in the future");
        assertRejected(b -> b.put("createdAt", "2026-03-02T14:28:59Z"), "createdAt", "older than 60 s");
        assertRejected(b -> b.put("createdAt", "yesterday"), "createdAt", "ISO-8601");
        assertThat(parser.parse(validBody().put("createdAt", "2026-03-02T14:30:05Z"), CALLER, NOW, "e")).isNotNull();
    }

    @Test
    void refusesUnknownFieldsIncludingServerSetOnes() {
        assertRejected(b -> b.put("stopPrice", 1), "stopPrice", "unknown field");
        assertRejected(b -> b.put("source", "KAFKA"), "source", "unknown field");
    }

    @Test
    void refusesMalformedTags() {
        assertRejected(b -> b.put("tags", "x"), "tags", "object of strings");
        assertRejected(b -> b.putObject("tags").put("n", 1), "tags.n", "string");
        assertRejected(b -> b.putObject("tags").put("bell", "\u0007"), "tags.bell", "control characters");
        assertRejected(b -> b.putObject("tags").put("half", "\ud800x"), "tags.half", "unpaired surrogates");
    }

    @Test
    void reportsEveryBrokenRuleAtOnce() {
        ObjectNode body = validBody().put("quantity", 0).put("symbol", "x").put("side", "HOLD").put("extra", 1);
        body.remove("createdAt");

        assertThatThrownBy(() -> parser.parse(body, CALLER, NOW, "e"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("quantity", "symbol", "side", "extra", "createdAt"));
    }

    @Test
    void refusesANonObjectBody() {
        assertThatThrownBy(() -> parser.parse(JSON.createArrayNode(), CALLER, NOW, "e"))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("JSON object");
    }

    private void assertRejected(Consumer<ObjectNode> mutation, String field, String message) {
        ObjectNode body = validBody();
        mutation.accept(body);
        assertThatThrownBy(() -> parser.parse(body, CALLER, NOW, "e"))
                .as("%s should be refused", field)
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .anySatisfy(error -> {
                            assertThat(error.field()).isEqualTo(field);
                            assertThat(error.message()).contains(message);
                        }));
    }
}
