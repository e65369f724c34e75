package trading.safety.console.app;

import java.util.Optional;
import org.springframework.boot.test.context.SpringBootTest;
import trading.safety.service.ServiceSmokeTest;

@SpringBootTest(classes = OpsConsoleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + OpsConsoleApplication.CONFIG_NAME,
            "safety.console.tokens.admin=admin-token-0123456789",
            "safety.console.tokens.operator=operator-token-0123456789",
            "safety.console.tokens.viewer=viewer-token-0123456789"})
class OpsConsoleApplicationIT extends ServiceSmokeTest {

    /** The console's metrics, like all but its health, need a token (any role). */
    @Override
    protected Optional<String> metricsAuthorization() {
        return Optional.of("Bearer viewer-token-0123456789");
    }
}
