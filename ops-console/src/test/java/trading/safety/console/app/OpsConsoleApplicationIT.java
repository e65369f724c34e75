package trading.safety.console.app;

import org.springframework.boot.test.context.SpringBootTest;
import trading.safety.service.ServiceSmokeTest;

@SpringBootTest(classes = OpsConsoleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + OpsConsoleApplication.CONFIG_NAME,
            "safety.console.tokens.admin=admin-token-0123456789",
            "safety.console.tokens.operator=operator-token-0123456789",
            "safety.console.tokens.viewer=viewer-token-0123456789"})
class OpsConsoleApplicationIT extends ServiceSmokeTest {
}
