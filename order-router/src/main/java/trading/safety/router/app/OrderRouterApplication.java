package trading.safety.router.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import trading.safety.contract.topic.Topics;
import trading.safety.service.ServiceTopics;

/** order-router: Sends approved intents to the active broker and reports what happened. */
@SpringBootApplication
public class OrderRouterApplication {

    /** The configuration file name ({@code order-router.yml}), distinct per service so all can share one JVM. */
    public static final String CONFIG_NAME = "order-router";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as the local stack and {@link #main} start it. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(OrderRouterApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    ServiceTopics serviceTopics() {
        return ServiceTopics.of(Topics.ORDER_INTENTS, Topics.CONTROL, Topics.MARKET_DATA, Topics.ORDER_EVENTS, Topics.FILLS, Topics.BROKER_SNAPSHOTS, Topics.BROKER_STATUS, Topics.ALERTS, Topics.DLQ);
    }
}
