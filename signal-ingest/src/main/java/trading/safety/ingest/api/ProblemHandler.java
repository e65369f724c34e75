package trading.safety.ingest.api;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import trading.safety.ingest.domain.FieldError;

/** Turns every refusal into an RFC 7807 problem body with a stable code and, where known, every bad field. */
@RestControllerAdvice
public class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> refused(ApiException e) {
        return problem(e.code(), e.getMessage(), e.errors());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        // The cause goes to the log, never to the caller.
        log.error("unexpected error while handling a request", e);
        ProblemDetail body = ProblemDetail.forStatus(500);
        body.setTitle("Internal error");
        body.setDetail("The request could not be handled; nothing was accepted");
        return ResponseEntity.status(500).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(body);
    }

    static ResponseEntity<ProblemDetail> problem(ErrorCode code, String detail, List<FieldError> errors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(code.status(), detail);
        body.setType(URI.create("urn:trading-safety:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        body.setTitle(code.title());
        body.setProperty("code", code.name());
        if (!errors.isEmpty()) {
            body.setProperty("errors", errors.stream()
                    .map(e -> Map.of("field", e.field(), "message", e.message()))
                    .toList());
        }
        ResponseEntity.BodyBuilder response = ResponseEntity.status(code.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (code == ErrorCode.UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (code == ErrorCode.KAFKA_UNAVAILABLE) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(body);
    }
}
