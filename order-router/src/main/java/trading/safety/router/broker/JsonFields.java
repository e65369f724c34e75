package trading.safety.router.broker;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;

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
}
