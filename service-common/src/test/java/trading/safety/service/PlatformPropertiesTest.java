package trading.safety.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class PlatformPropertiesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class,
                    PlatformAutoConfiguration.class))
            .withUserConfiguration(NoTopics.class)
            .withPropertyValues(
                    "safety.service-name=test-service",
                    "safety.kafka.bootstrap-servers=127.0.0.1:9092",
                    "safety.kafka.replication-factor=1",
                    "safety.kafka.min-insync-replicas=1",
                    "safety.kafka.admin-timeout=5s",
                    "safety.registry.url=http://127.0.0.1:8085/apis/ccompat/v7",
                    "safety.registry.request-timeout=5s",
                    "safety.registry.compatibility=BACKWARD");

    @Test
    void refusesToStartNamingEveryInvalidFieldNotOnlyTheFirst() {
        runner.withPropertyValues(
                        "safety.kafka.bootstrap-servers=not a host list",
                        "safety.kafka.replication-factor=0",
                        "safety.registry.url=ftp://registry")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    assertThat(failure).hasRootCauseInstanceOf(
                            org.springframework.boot.context.properties.bind.validation.BindValidationException.class);
                    String message = rootMessage(failure);
                    assertThat(message)
                            .contains("safety.kafka.bootstrapServers")
                            .contains("safety.kafka.replicationFactor")
                            .contains("safety.registry.url");
                });
    }

    @Test
    void refusesToStartWhenASettingIsMissing() {
        runner.withPropertyValues("safety.registry.compatibility=")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(rootMessage(context.getStartupFailure())).contains("safety.registry.compatibility");
                });
    }

    private static String rootMessage(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }

    @Configuration
    static class NoTopics {
        @Bean
        ServiceTopics serviceTopics() {
            return ServiceTopics.of();
        }
    }
}
