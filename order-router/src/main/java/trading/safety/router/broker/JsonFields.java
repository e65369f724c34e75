package trading.safety.router.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** Strict reads of broker JSON: a missing field or a wrong type is an {@link IOException} naming the field. */
public final class JsonFields {

    private JsonFields() {
    }

    public static String text(JsonNode n, String field) throws IOException {
        JsonNode v = n == null ? null : n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IOException("field " + field + " must be text");
        }
        return v.asText();
    }

    public static String optionalText(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IOException("field " + field + " must be text or null");
        }
        return v.asText();
    }

    /** A decimal sent as a string, as brokers do to keep it exact. */
    public static BigDecimal decimal(JsonNode n, String field) throws IOException {
        try {
            return new BigDecimal(text(n, field));
        } catch (NumberFormatException e) {
            throw new IOException("field " + field + " must be a decimal string", e);
        }
    }

    public static JsonNode array(JsonNode n) throws IOException {
        if (n == null || !n.isArray()) {
            throw new IOException("expected a list");
        }
        return n;
    }

    /** A number sent as a JSON number or as a decimal string; exact either way when the mapper reads BigDecimals. */
    public static BigDecimal number(JsonNode n, String field) throws IOException {
        JsonNode v = n == null ? null : n.get(field);
        if (v != null && v.isNumber()) {
            return v.decimalValue();
        }
        if (v != null && v.isTextual()) {
            return decimal(n, field);
        }
        throw new IOException("field " + field + " must be a number");
    }

    /** {@link #number}, or zero when the field is missing or null. */
    public static BigDecimal numberOrZero(JsonNode n, String field) throws IOException {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? BigDecimal.ZERO : number(n, field);
    }

    /**
     * The elements of a wrapped list such as {@code {"orders": {"order": [...]}}}, as APIs that turn XML into JSON
     * send them: a single element comes as an object instead of a one-element list, and an empty list as
     * {@code "null"} or null.
     */
    public static List<JsonNode> wrappedList(JsonNode n, String outer, String inner) throws IOException {
        JsonNode wrapper = n == null ? null : n.get(outer);
        if (wrapper == null) {
            throw new IOException("field " + outer + " is missing");
        }
        List<JsonNode> elements = new ArrayList<>();
        if (wrapper.isNull() || (wrapper.isTextual() && "null".equals(wrapper.asText()))) {
            return elements;
        }
        if (!wrapper.isObject()) {
            throw new IOException("field " + outer + " must be an object");
        }
        JsonNode items = wrapper.get(inner);
        if (items == null || items.isNull()) {
            return elements;
        }
        if (items.isArray()) {
            items.forEach(elements::add);
        } else if (items.isObject()) {
            elements.add(items);
        } else {
            throw new IOException("field " + outer + "." + inner + " must be an object or a list");
        }
        return elements;
    }
}
