package trading.safety.service;

import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import trading.safety.contract.registry.ConfluentRegistryClient;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.SchemaProvisioner;
import trading.safety.contract.topic.TopicProvisioner;

/**
 * Wires what every service shares: the clock (measurements and timestamps outside decisions), the registry
 * client and startup provisioning of its topics.
 */
@AutoConfiguration
@EnableConfigurationProperties(PlatformProperties.class)
public class PlatformAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(PlatformAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @ConditionalOnMissingBean
    SchemaRegistry schemaRegistry(PlatformProperties properties) {
        return new ConfluentRegistryClient(properties.registry().url(), properties.registry().requestTimeout());
    }

    /** Provisions topics, then schemas; a mismatch fails startup with every problem named. */
    @Bean
    ProvisionedContract provisionedContract(PlatformProperties properties, ServiceTopics serviceTopics,
            SchemaRegistry registry) {
        PlatformProperties.Kafka kafka = properties.kafka();
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                AdminClientConfig.CLIENT_ID_CONFIG, properties.serviceName() + "-provisioner",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) kafka.adminTimeout().toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) kafka.adminTimeout().toMillis()))) {
            var created = new TopicProvisioner(admin, (short) kafka.replicationFactor(), kafka.minInsyncReplicas(),
                    kafka.adminTimeout()).provision(serviceTopics.topics());
            var schemaIds = new SchemaProvisioner(registry, properties.registry().compatibility())
                    .provision(serviceTopics.topics());
            log.info("{}: {} topics in place ({} created), {} value schemas registered", properties.serviceName(),
                    serviceTopics.topics().size(), created.size(), schemaIds.size());
            return new ProvisionedContract(created, schemaIds);
        }
    }
}
