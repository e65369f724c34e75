package trading.safety.console.api;

import java.util.Map;

/** A request refused with one of the API's error codes and, where known, the fields at fault. */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final Map<String, String> fieldErrors;

    public ApiException(ErrorCode code, String detail) {
        this(code, detail, Map.of());
    }

    public ApiException(ErrorCode code, String detail, Map<String, String> fieldErrors) {
        super(detail);
        this.code = code;
        this.fieldErrors = Map.copyOf(fieldErrors);
    }

    /** A 400 naming one field. */
    public static ApiException invalid(String field, String message) {
        return new ApiException(ErrorCode.INVALID_REQUEST, field + ": " + message, Map.of(field, message));
    }

    public ErrorCode code() {
        return code;
    }

    public Map<String, String> fieldErrors() {
        return fieldErrors;
    }
}
