package trading.safety.ingest.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import trading.safety.contract.topic.Topics;
import trading.safety.ingest.config.IngestProperties;
import trading.safety.service.ServiceTopics;

/** signal-ingest: Validated strategy signals and market bars enter the system here. */
@SpringBootApplication(scanBasePackages = "trading.safety.ingest")
@EnableConfigurationProperties(IngestProperties.class)
public class SignalIngestApplication {

    /** The configuration file name ({@code signal-ingest.yml}), distinct per service so all can share one JVM. */
    public static final String CONFIG_NAME = "signal-ingest";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as the local stack and {@link #main} start it. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(SignalIngestApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    ServiceTopics serviceTopics() {
        return ServiceTopics.of(Topics.SIGNALS, Topics.MARKET_DATA, Topics.ALERTS, Topics.DLQ);
    }
}
