package trading.safety.console.api;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import java.util.Set;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import trading.safety.console.auth.Allowed;
import trading.safety.console.auth.Role;
import trading.safety.console.replay.AuditReplay;
import trading.safety.console.replay.InvalidReplayRangeException;
import trading.safety.console.replay.ReplayBusyException;
import trading.safety.console.replay.ReplayReport;
import trading.safety.console.replay.ReplayTooLargeException;

/**
 * Audit replay: re-runs risk-stream's decisions over the recorded inputs and reports every one that differs
 * from what was recorded. It changes nothing, but it is costly, so it needs the OPERATOR role, and one runs
 * at a time.
 */
@RestController
@RequestMapping("/api/v1")
public class ReplayController {

    private final AuditReplay replay;

    public ReplayController(AuditReplay replay) {
        this.replay = replay;
    }

    @PostMapping("/replay")
    @Allowed(Role.OPERATOR)
    public ReplayReport replay(HttpServletRequest request) {
        JsonBody body = JsonBody.of(request).only(Set.of("from", "to"));
        Instant from = instant(body, "from");
        Instant to = instant(body, "to");
        try {
            return replay.replay(from, to);
        } catch (InvalidReplayRangeException e) {
            throw ApiException.invalid("from", e.getMessage());
        } catch (ReplayTooLargeException e) {
            throw new ApiException(ErrorCode.TOO_MUCH_DATA, e.getMessage());
        } catch (ReplayBusyException e) {
            throw new ApiException(ErrorCode.BUSY, e.getMessage());
        }
    }

    private static Instant instant(JsonBody body, String field) {
        String text = body.text(field);
        if (text == null) {
            throw ApiException.invalid(field, "is required, an ISO-8601 instant such as 2026-11-22T14:00:00Z");
        }
        return ViewController.instant(field, text);
    }
}
