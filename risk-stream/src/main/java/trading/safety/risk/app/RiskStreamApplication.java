package trading.safety.risk.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.config.RiskProperties;
import trading.safety.service.ServiceTopics;

/** risk-stream: Turns each signal into one recorded decision and approved ones into order intents. */
@SpringBootApplication(scanBasePackages = "trading.safety.risk")
@EnableConfigurationProperties(RiskProperties.class)
public class RiskStreamApplication {

    /** The configuration file name ({@code risk-stream.yml}), distinct per service so all can share one JVM. */
    public static final String CONFIG_NAME = "risk-stream";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as the local stack and {@link #main} start it. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(RiskStreamApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    ServiceTopics serviceTopics() {
        return ServiceTopics.of(Topics.SIGNALS, Topics.FILLS, Topics.BROKER_SNAPSHOTS, Topics.MARKET_DATA, Topics.RECON_RESULTS, Topics.CONTROL, Topics.SIGNAL_DECISIONS, Topics.ORDER_INTENTS, Topics.RISK_STATE, Topics.SYMBOL_QUALITY, Topics.ALERTS, Topics.AUDIT, Topics.DLQ);
    }
}
