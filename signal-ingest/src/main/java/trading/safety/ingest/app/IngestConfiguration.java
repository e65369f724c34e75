package trading.safety.ingest.app;

import java.util.ArrayList;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.ingest.auth.Authenticator;
import trading.safety.ingest.config.IngestProperties;
import trading.safety.ingest.domain.BarParser;
import trading.safety.ingest.domain.SignalParser;
import trading.safety.ingest.kafka.KafkaPublisher;
import trading.safety.service.PlatformProperties;
import trading.safety.service.ProvisionedContract;

/** Builds the front door's parts from configuration. */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    @Bean
    Authenticator authenticator(IngestProperties properties) {
        List<String> operators = new ArrayList<>();
        operators.add(properties.operatorToken());
        operators.add(properties.adminToken());
        return new Authenticator(properties.keys(), operators);
    }

    @Bean
    SignalParser signalParser(IngestProperties properties) {
        return new SignalParser(new SignalParser.Limits(properties.maxSignalAge(), properties.maxClockSkew(),
                properties.quantityDecimals(), properties.priceDecimals()));
    }

    @Bean
    BarParser barParser(IngestProperties properties) {
        return new BarParser(properties.priceDecimals(), properties.maxBarsPerRequest(), properties.maxClockSkew());
    }

    /** Depends on the provisioned contract: nothing is written before topics and schemas are in place. */
    @Bean(destroyMethod = "close")
    KafkaPublisher kafkaPublisher(PlatformProperties platform, SchemaRegistry registry, IngestProperties properties,
            ProvisionedContract contract) {
        return new KafkaPublisher(platform.kafka().bootstrapServers(), platform.serviceName(), registry,
                properties.kafkaTimeout());
    }
}
