package trading.safety.console.api;

import org.springframework.http.HttpStatus;

/** Every error the console's API answers with; the name is the problem body's stable {@code code}. */
public enum ErrorCode {
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "The request breaks one or more rules"),
    MALFORMED_BODY(HttpStatus.BAD_REQUEST, "The request body is not well-formed"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "A valid bearer token is required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "The token's role does not allow this"),
    CROSS_ORIGIN(HttpStatus.FORBIDDEN, "Cross-origin requests are not allowed"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "No such resource"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "The resource does not support this method"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "The API cannot answer in the media type asked for"),
    CONFLICT(HttpStatus.CONFLICT, "The request conflicts with the current state"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type"),
    TOO_MUCH_DATA(HttpStatus.UNPROCESSABLE_CONTENT, "The range holds more records than one request may read"),
    BUSY(HttpStatus.TOO_MANY_REQUESTS, "Another request of this kind is running"),
    INTERNAL(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    KAFKA_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE,
            "Kafka did not acknowledge the write in time; nothing was confirmed");

    private final HttpStatus status;
    private final String title;

    ErrorCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
