package trading.safety.console.api;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;

/**
 * A command's JSON object body, read strictly (duplicate keys and trailing tokens refused, decimals exact),
 * with accessors that name the field at fault in every refusal. The size cap is enforced before this reads.
 */
public final class JsonBody {

    /** The longest reason an operator may give. */
    public static final int MAX_REASON = 500;

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final JsonNode root;

    private JsonBody(JsonNode root) {
        this.root = root;
    }

    /** The request's body; a command must send a JSON object. */
    public static JsonBody of(HttpServletRequest request) {
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "the body could not be read");
        }
        if (bytes.length == 0) {
            throw ApiException.invalid("reason", "is required: send a JSON object with a reason");
        }
        String contentType = request.getContentType();
        try {
            if (contentType == null || !MediaType.APPLICATION_JSON.isCompatibleWith(MediaType.parseMediaType(contentType))) {
                throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json");
            }
        } catch (InvalidMediaTypeException e) {
            throw new ApiException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "send Content-Type: application/json");
        }
        JsonNode root;
        try {
            root = JSON.readTree(bytes);
        } catch (JacksonException e) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "the body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "the body could not be read");
        }
        if (root == null || !root.isObject()) {
            throw new ApiException(ErrorCode.MALFORMED_BODY, "the body must be a JSON object");
        }
        return new JsonBody(root);
    }

    /** Refuses every field not in {@code known}, naming each. */
    public JsonBody only(Set<String> known) {
        Map<String, String> unknown = new LinkedHashMap<>();
        Iterator<String> names = root.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                unknown.put(name, "is not a field of this request");
            }
        }
        if (!unknown.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "unknown fields: " + String.join(", ", unknown.keySet()),
                    unknown);
        }
        return this;
    }

    /** The operator's reason: required, not blank, at most {@value #MAX_REASON} characters. */
    public String reason() {
        String reason = text("reason");
        if (reason == null || reason.isBlank()) {
            throw ApiException.invalid("reason", "is required and must not be blank");
        }
        if (reason.length() > MAX_REASON) {
            throw ApiException.invalid("reason", "must be at most " + MAX_REASON + " characters");
        }
        return reason.strip();
    }

    /** A string field, or null when absent or null. */
    public String text(String field) {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw ApiException.invalid(field, "must be a string");
        }
        return node.asText();
    }

    /** A required field naming a constant of {@code type} (case-insensitive); {@code UNKNOWN} is never accepted. */
    public <E extends Enum<E>> E choice(String field, Class<E> type, Set<E> allowed) {
        String text = text(field);
        if (text == null) {
            throw ApiException.invalid(field, "is required, one of " + allowed);
        }
        for (E value : allowed) {
            if (value.name().equals(text.toUpperCase(Locale.ROOT))) {
                return value;
            }
        }
        throw ApiException.invalid(field, "'" + text + "' is not one of " + allowed);
    }

    /** Every field but {@code reason}, as text (numbers in their exact written form). */
    public Map<String, String> valuesExcept(String excluded) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> bad = new LinkedHashMap<>();
        root.fields().forEachRemaining(e -> {
            if (e.getKey().equals(excluded)) {
                return;
            }
            JsonNode value = e.getValue();
            if (value.isNumber()) {
                values.put(e.getKey(), value.decimalValue().toPlainString());
            } else if (value.isTextual()) {
                values.put(e.getKey(), value.asText().trim());
            } else {
                bad.put(e.getKey(), "must be a number");
            }
        });
        if (!bad.isEmpty()) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "fields with wrong types: " + String.join(", ", bad.keySet()),
                    bad);
        }
        return values;
    }
}
