package trading.safety.ingest.api;

import org.springframework.http.HttpStatus;

/** Every error this API answers with; the name is the problem body's stable {@code code}. */
public enum ErrorCode {
    INVALID_REQUEST(HttpStatus.BAD_REQUEST, "The request body breaks one or more rules"),
    MALFORMED_BODY(HttpStatus.BAD_REQUEST, "The request body is not well-formed"),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED, "A valid bearer credential is required"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "The credential does not allow this"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type"),
    KAFKA_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not acknowledge the write in time; nothing was accepted");

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
