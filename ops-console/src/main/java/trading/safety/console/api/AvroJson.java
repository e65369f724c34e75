package trading.safety.console.api;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.specific.SpecificRecord;

/**
 * Contract records as JSON trees with the Avro records' own field names: decimals stay exact numbers, times
 * are ISO-8601 strings, dates ISO dates, enums their symbols.
 */
public final class AvroJson {

    private AvroJson() {
    }

    public static Map<String, Object> of(SpecificRecord record) {
        if (record == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (Schema.Field field : record.getSchema().getFields()) {
            out.put(field.name(), value(record.get(field.pos())));
        }
        return out;
    }

    public static List<Map<String, Object>> all(Collection<? extends SpecificRecord> records) {
        return records.stream().map(AvroJson::of).toList();
    }

    private static Object value(Object value) {
        if (value == null || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof BigDecimal || value instanceof String) {
            return value;
        }
        if (value instanceof Number) {
            return value;
        }
        if (value instanceof CharSequence || value instanceof Instant || value instanceof LocalDate
                || value instanceof Enum || value instanceof GenericEnumSymbol) {
            return value.toString();
        }
        if (value instanceof SpecificRecord) {
            return of((SpecificRecord) value);
        }
        if (value instanceof Map) {
            Map<String, Object> out = new TreeMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put(String.valueOf(k), value(v)));
            return out;
        }
        if (value instanceof Collection) {
            List<Object> out = new ArrayList<>();
            for (Object item : (Collection<?>) value) {
                out.add(value(item));
            }
            return out;
        }
        if (value instanceof ByteBuffer) {
            return ((ByteBuffer) value).remaining() + " bytes";
        }
        return value.toString();
    }
}
