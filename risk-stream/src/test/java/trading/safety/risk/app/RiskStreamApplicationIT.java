package trading.safety.risk.app;

import org.springframework.boot.test.context.SpringBootTest;
import trading.safety.service.ServiceSmokeTest;

@SpringBootTest(classes = RiskStreamApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + RiskStreamApplication.CONFIG_NAME)
class RiskStreamApplicationIT extends ServiceSmokeTest {
}
