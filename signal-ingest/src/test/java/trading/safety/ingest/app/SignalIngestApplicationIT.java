package trading.safety.ingest.app;

import org.springframework.boot.test.context.SpringBootTest;
import trading.safety.service.ServiceSmokeTest;

@SpringBootTest(classes = SignalIngestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"spring.config.name=" + SignalIngestApplication.CONFIG_NAME,
            "safety.ingest.strategy-keys=momentum:ACC-1:key-0123456789abcdef"})
class SignalIngestApplicationIT extends ServiceSmokeTest {
}
