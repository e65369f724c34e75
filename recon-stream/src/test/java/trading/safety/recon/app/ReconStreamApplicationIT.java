package trading.safety.recon.app;

import org.springframework.boot.test.context.SpringBootTest;
import trading.safety.service.ServiceSmokeTest;

@SpringBootTest(classes = ReconStreamApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.config.name=" + ReconStreamApplication.CONFIG_NAME)
class ReconStreamApplicationIT extends ServiceSmokeTest {
}
