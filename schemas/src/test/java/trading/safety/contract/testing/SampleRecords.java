package trading.safety.contract.testing;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import trading.safety.contract.serde.Decimals;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;
import trading.safety.v1.SignalSource;
import trading.safety.v1.TimeInForce;
import trading.safety.v1.TradeSignal;

/** Test data: a fully populated instance of any contract record, and readable builders for common ones. */
public final class SampleRecords {

    public static final Instant T0 = Instant.parse("2026-03-02T14:30:00Z");

    private SampleRecords() {
    }

    /** A valid signal; override fields through the returned builder. */
    public static TradeSignal.Builder signal() {
        return TradeSignal.newBuilder()
                .setEventId("evt-sig-1")
                .setCausationId(null)
                .setSignalId("sig-1")
                .setAccountId("ACC-1")
                .setStrategyId("momentum")
                .setSymbol("AAPL")
                .setSide(Side.BUY)
                .setQuantity(Decimals.of("10"))
                .setOrderType(OrderType.LIMIT)
                .setLimitPrice(Decimals.of("187.25"))
                .setTimeInForce(TimeInForce.DAY)
                .setReferencePrice(Decimals.of("187.20"))
                .setCreatedAt(T0)
                .setSource(SignalSource.REST)
                .setTags(Map.of("model", "v3"));
    }

    /**
     * An instance of {@code type} with every field set, optional ones included, so a round trip
     * exercises the whole schema.
     */
    public static <T extends SpecificRecord> T filled(Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        @SuppressWarnings("unchecked")
        T record = (T) fill(model, model.getSchema(type), "x");
        return record;
    }

    private static Object fill(SpecificData model, Schema schema, String name) {
        LogicalType logical = schema.getLogicalType();
        if (logical instanceof LogicalTypes.Decimal) {
            return Decimals.of(new BigDecimal("1234.5678").add(BigDecimal.valueOf(name.length())));
        }
        if (logical instanceof LogicalTypes.TimestampMillis) {
            return T0.plusSeconds(name.length());
        }
        if (logical instanceof LogicalTypes.Date) {
            return LocalDate.of(2026, 3, 2).plusDays(name.length());
        }
        return switch (schema.getType()) {
            case RECORD -> {
                SpecificRecord record = (SpecificRecord) model.newRecord(null, schema);
                for (Schema.Field field : schema.getFields()) {
                    record.put(field.pos(), fill(model, field.schema(), field.name()));
                }
                yield record;
            }
            case UNION -> fill(model, schema.getTypes().stream()
                    .filter(s -> s.getType() != Schema.Type.NULL).findFirst().orElseThrow(), name);
            case ENUM -> model.createEnum(schema.getEnumSymbols().get(0), schema);
            case ARRAY -> List.of(fill(model, schema.getElementType(), name));
            case MAP -> Map.of("k-" + name, fill(model, schema.getValueType(), name));
            case STRING -> "s-" + name;
            case BYTES -> ByteBuffer.wrap(("b-" + name).getBytes());
            case BOOLEAN -> true;
            case INT -> 7;
            case LONG -> 42L;
            default -> throw new IllegalArgumentException("no sample for " + schema);
        };
    }
}
