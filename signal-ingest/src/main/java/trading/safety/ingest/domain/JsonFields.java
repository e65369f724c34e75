package trading.safety.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import trading.safety.contract.serde.Decimals;

/**
 * Reads the fields of one JSON object, collecting every problem instead of stopping at the first.
 * Each reader returns {@code null} when the field is missing or bad, after recording why; the caller
 * builds its record only when {@link #errors()} stays empty.
 */
final class JsonFields {

    /** Integer digits a contract decimal can carry (precision 28 minus scale 8). */
    private static final int MAX_INTEGER_DIGITS = Decimals.PRECISION - Decimals.SCALE;

    private static final Pattern EPOCH_MILLIS = Pattern.compile("\\d{1,15}");

    private final JsonNode object;
    private final String path;
    private final List<FieldError> errors;

    JsonFields(JsonNode object, String path, Set<String> allowed, List<FieldError> errors) {
        this.object = object;
        this.path = path;
        this.errors = errors;
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                errors.add(new FieldError(field(name), "unknown field"));
            }
        }
    }

    List<FieldError> errors() {
        return errors;
    }

    JsonNode node(String name) {
        return object.get(name);
    }

    boolean isPresent(String name) {
        JsonNode node = object.get(name);
        return node != null && !node.isNull();
    }

    void reject(String name, String message) {
        errors.add(new FieldError(field(name), message));
    }

    String text(String name, boolean required, Pattern format, String formatDescription) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                reject(name, "is required");
            }
            return null;
        }
        if (!node.isTextual()) {
            reject(name, "must be a string");
            return null;
        }
        if (!format.matcher(node.textValue()).matches()) {
            reject(name, "must be " + formatDescription);
            return null;
        }
        return node.textValue();
    }

    <E extends Enum<E>> E enumValue(String name, Class<E> type, Set<E> accepted) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            reject(name, "is required");
            return null;
        }
        for (E candidate : accepted) {
            if (node.isTextual() && candidate.name().equals(node.textValue())) {
                return candidate;
            }
        }
        reject(name, "must be one of " + accepted);
        return null;
    }

    /**
     * A decimal given as a JSON number or a numeric string, with at most {@code decimals} places.
     *
     * @param positive whether it must be greater than zero (else zero or more)
     */
    BigDecimal decimal(String name, boolean required, int decimals, boolean positive) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                reject(name, "is required");
            }
            return null;
        }
        BigDecimal value;
        if ((node.isDouble() || node.isFloat()) && !Double.isFinite(node.doubleValue())) {
            reject(name, "must be a finite decimal number");
            return null;
        } else if (node.isNumber()) {
            value = node.decimalValue();
        } else if (node.isTextual()) {
            try {
                value = new BigDecimal(node.textValue().trim());
            } catch (NumberFormatException e) {
                reject(name, "must be a decimal number");
                return null;
            }
        } else {
            reject(name, "must be a decimal number");
            return null;
        }
        if (positive ? value.signum() <= 0 : value.signum() < 0) {
            reject(name, positive ? "must be greater than 0" : "must be 0 or more");
            return null;
        }
        if (Math.max(value.stripTrailingZeros().scale(), 0) > decimals) {
            reject(name, "must have at most " + decimals + " decimal places");
            return null;
        }
        if (value.precision() - value.scale() > MAX_INTEGER_DIGITS) {
            reject(name, "must be less than 10^" + MAX_INTEGER_DIGITS);
            return null;
        }
        return Decimals.of(value);
    }

    /** An instant given as an ISO-8601 string with offset, or as epoch milliseconds. */
    Instant instant(String name) {
        JsonNode node = object.get(name);
        if (node == null || node.isNull()) {
            reject(name, "is required");
            return null;
        }
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            return Instant.ofEpochMilli(node.longValue());
        }
        if (node.isTextual() && EPOCH_MILLIS.matcher(node.textValue()).matches()) {
            return Instant.ofEpochMilli(Long.parseLong(node.textValue()));
        }
        if (node.isTextual()) {
            try {
                return OffsetDateTime.parse(node.textValue()).toInstant();
            } catch (DateTimeParseException e) {
                // reported below
            }
        }
        reject(name, "must be an ISO-8601 timestamp with offset (2026-03-02T14:30:00Z) or epoch milliseconds");
        return null;
    }

    /** A flat object of string values, with bounded size. */
    Map<String, String> stringMap(String name, int maxEntries, int maxLength) {
        JsonNode node = object.get(name);
        Map<String, String> values = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return values;
        }
        if (!node.isObject()) {
            reject(name, "must be an object of strings");
            return values;
        }
        if (node.size() > maxEntries) {
            reject(name, "must have at most " + maxEntries + " entries");
            return values;
        }
        List<String> bad = new ArrayList<>();
        node.fields().forEachRemaining(e -> {
            if (!e.getValue().isTextual() || e.getKey().length() > maxLength
                    || e.getValue().textValue().length() > maxLength
                    || !isPlainText(e.getKey()) || !isPlainText(e.getValue().textValue())) {
                bad.add(e.getKey());
            } else {
                values.put(e.getKey(), e.getValue().textValue());
            }
        });
        for (String key : bad) {
            errors.add(new FieldError(field(name) + "." + key, "must be a string of at most " + maxLength
                    + " characters, without control characters or unpaired surrogates"));
        }
        return values;
    }

    /**
     * No control characters and no unpaired surrogates: Avro writes strings as UTF-8, where an unpaired
     * surrogate would silently become '?', changing the data.
     */
    static boolean isPlainText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private String field(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
