package trading.safety.router.app;

import org.springframework.boot.test.context.SpringBootTest;
import trading.safety.service.ServiceSmokeTest;

@SpringBootTest(classes = OrderRouterApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + OrderRouterApplication.CONFIG_NAME)
class OrderRouterApplicationIT extends ServiceSmokeTest {
}
