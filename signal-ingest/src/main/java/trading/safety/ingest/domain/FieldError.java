package trading.safety.ingest.domain;

/** One problem with one field of a request body; {@code field} is a JSON path such as {@code [3].high}. */
public record FieldError(String field, String message) {
}
