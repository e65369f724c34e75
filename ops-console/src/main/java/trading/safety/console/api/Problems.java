package trading.safety.console.api;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** RFC 7807 problem bodies: a stable code, a title, a detail and every bad field; never a stack trace. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail body(ErrorCode code, String detail, Map<String, String> fieldErrors) {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(code.status(), detail);
        body.setType(URI.create("urn:trading-safety:problem:" + code.name().toLowerCase(Locale.ROOT).replace('_', '-')));
        body.setTitle(code.title());
        body.setProperty("code", code.name());
        if (!fieldErrors.isEmpty()) {
            body.setProperty("errors", new TreeMap<>(fieldErrors).entrySet().stream()
                    .map(e -> Map.of("field", e.getKey(), "message", e.getValue())).toList());
        }
        return body;
    }

    public static ResponseEntity<ProblemDetail> response(ErrorCode code, String detail, Map<String, String> fieldErrors) {
        ResponseEntity.BodyBuilder response = ResponseEntity.status(code.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        if (code == ErrorCode.UNAUTHENTICATED) {
            response.header(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        }
        if (code == ErrorCode.KAFKA_UNAVAILABLE || code == ErrorCode.BUSY) {
            response.header(HttpHeaders.RETRY_AFTER, "1");
        }
        return response.body(body(code, detail, fieldErrors));
    }
}
