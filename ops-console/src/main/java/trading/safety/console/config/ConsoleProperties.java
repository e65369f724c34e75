package trading.safety.console.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The console's settings. There is no built-in default secret: each role's bearer token must be
 * configured (SAFETY_ADMIN_TOKEN, SAFETY_OPERATOR_TOKEN, SAFETY_VIEWER_TOKEN) or the console
 * refuses to start.
 */
@Validated
@ConfigurationProperties("safety.console")
public record ConsoleProperties(@NotNull @Valid Tokens tokens) {

    /** Bearer tokens per role, at least 16 characters each. */
    public record Tokens(
            @NotNull @Size(min = 16, message = "must be configured, at least 16 characters") String admin,
            @NotNull @Size(min = 16, message = "must be configured, at least 16 characters") String operator,
            @NotNull @Size(min = 16, message = "must be configured, at least 16 characters") String viewer) {

        @Override
        public String toString() {
            return "Tokens[redacted]";
        }
    }
}
