package trading.safety.console.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import trading.safety.contract.topic.Topics;
import trading.safety.console.config.ConsoleProperties;
import trading.safety.service.ServiceTopics;

/** ops-console: The operators' console: controls, audit and the views over every topic. */
@SpringBootApplication(scanBasePackages = "trading.safety.console")
@EnableConfigurationProperties(ConsoleProperties.class)
public class OpsConsoleApplication {

    /** The configuration file name ({@code ops-console.yml}), distinct per service so all can share one JVM. */
    public static final String CONFIG_NAME = "ops-console";

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as the local stack and {@link #main} start it. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(OpsConsoleApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    @Bean
    ServiceTopics serviceTopics() {
        return new ServiceTopics(Topics.ALL);
    }
}
