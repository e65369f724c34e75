package trading.safety.ingest.domain;

import java.util.List;

/** A request body broke one or more rules; carries every problem found, not only the first. */
public class InvalidRequestException extends RuntimeException {

    private final List<FieldError> errors;

    public InvalidRequestException(List<FieldError> errors) {
        super(errors.size() + (errors.size() == 1 ? " invalid field: " : " invalid fields: ") + errors.stream()
                .map(e -> (e.field().isEmpty() ? "body" : e.field()) + " " + e.message())
                .collect(java.util.stream.Collectors.joining("; ")));
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
