package trading.safety.service;

import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import trading.safety.embedded.TestRegistry;

/**
 * Base of every service test that runs on real infrastructure: an in-process KRaft broker per test
 * context (set up for exactly-once on one node) and the shared Apicurio Registry, wired into the
 * service's {@code safety.*} settings.
 */
@EmbeddedKafka(count = 1, bootstrapServersProperty = "safety.kafka.bootstrap-servers", brokerProperties = {
        "offsets.topic.replication.factor=1", "transaction.state.log.replication.factor=1",
        "transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0", "auto.create.topics.enable=false"})
public abstract class RealInfrastructureTest {

    @DynamicPropertySource
    static void registry(DynamicPropertyRegistry properties) {
        properties.add("safety.registry.url", TestRegistry::confluentApiUrl);
    }
}
