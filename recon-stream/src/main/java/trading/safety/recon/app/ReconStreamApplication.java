package trading.safety.recon.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import trading.safety.contract.topic.Topics;
import trading.safety.recon.config.ReconProperties;
import trading.safety.service.ServiceTopics;

/** recon-stream: Keeps our books from fills and stops trading when they disagree with the broker's. */
@SpringBootApplication
@EnableConfigurationProperties(ReconProperties.class)
public class ReconStreamApplication {

    /** The configuration file name ({@code recon-stream.yml}), distinct per service so all can share one JVM. */
    public static final String CONFIG_NAME = "recon-stream";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as the local stack and {@link #main} start it. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(ReconStreamApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    ServiceTopics serviceTopics() {
        return ServiceTopics.of(Topics.FILLS, Topics.BROKER_SNAPSHOTS, Topics.ORDER_EVENTS, Topics.SIGNALS, Topics.SIGNAL_DECISIONS, Topics.ORDER_INTENTS, Topics.CONTROL, Topics.RECON_RESULTS, Topics.STRATEGY_HEALTH, Topics.ALERTS, Topics.AUDIT, Topics.DLQ);
    }
}
