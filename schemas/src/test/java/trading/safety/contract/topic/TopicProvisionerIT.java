package trading.safety.contract.topic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import trading.safety.v1.ControlRecord;

@EmbeddedKafka(count = 1, brokerProperties = {"auto.create.topics.enable=false"})
class TopicProvisionerIT {

    private Admin admin;
    private TopicProvisioner provisioner;

    @BeforeEach
    void connect(EmbeddedKafkaBroker broker) {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        provisioner = new TopicProvisioner(admin, (short) 1, 1, Duration.ofSeconds(20));
    }

    @AfterEach
    void close() {
        admin.close();
    }

    @Test
    void createsEveryCatalogTopicWithItsSettingsAndIsIdempotent() throws Exception {
        List<String> created = provisioner.provision(Topics.ALL);
        List<String> again = provisioner.provision(Topics.ALL);

        assertThat(created).containsExactlyInAnyOrderElementsOf(Topics.ALL.stream().map(Topic::name).toList());
        assertThat(again).isEmpty();
        var control = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                Topics.CONTROL.name()))).all().get().values().iterator().next();
        assertThat(control.get("cleanup.policy").value()).isEqualTo("compact");
        var fills = admin.describeConfigs(List.of(new ConfigResource(ConfigResource.Type.TOPIC,
                Topics.FILLS.name()))).all().get().values().iterator().next();
        assertThat(fills.get("retention.ms").value()).isEqualTo(Long.toString(Topics.FILLS.retention().toMillis()));
        assertThat(admin.describeTopics(List.of(Topics.SIGNALS.name())).allTopicNames().get()
                .get(Topics.SIGNALS.name()).partitions()).hasSize(Topics.KEYED_PARTITIONS);
    }

    @Test
    void refusesAnExistingTopicWithAnotherCleanupPolicyNamingTopicAndSetting() throws Exception {
        admin.createTopics(List.of(new NewTopic("mismatch.policy.v1", 1, (short) 1)
                .configs(Map.of("cleanup.policy", "delete")))).all().get();
        Topic<ControlRecord> wanted = new Topic<>("mismatch.policy.v1", "k", ControlRecord.class, 1,
                CleanupPolicy.COMPACT, null);

        assertThatThrownBy(() -> provisioner.provision(List.of(wanted)))
                .isInstanceOf(TopicMismatchException.class)
                .hasMessageContaining("mismatch.policy.v1")
                .hasMessageContaining("cleanup.policy=delete")
                .hasMessageContaining("cleanup.policy=compact");
    }

    @Test
    void refusesAnExistingTopicWithFewerPartitionsNamingTopicAndSetting() throws Exception {
        admin.createTopics(List.of(new NewTopic("mismatch.partitions.v1", 2, (short) 1))).all().get();
        Topic<ControlRecord> wanted = new Topic<>("mismatch.partitions.v1", "k", ControlRecord.class, 6,
                CleanupPolicy.DELETE, Duration.ofDays(1));

        assertThatThrownBy(() -> provisioner.provision(List.of(wanted)))
                .isInstanceOf(TopicMismatchException.class)
                .hasMessageContaining("mismatch.partitions.v1")
                .hasMessageContaining("2 partitions")
                .hasMessageContaining("at least 6");
    }

    @Test
    void acceptsAnExistingTopicWithMorePartitions() throws Exception {
        admin.createTopics(List.of(new NewTopic("wider.v1", 8, (short) 1))).all().get();
        Topic<ControlRecord> wanted = new Topic<>("wider.v1", "k", ControlRecord.class, 6,
                CleanupPolicy.DELETE, Duration.ofDays(1));

        assertThat(provisioner.provision(List.of(wanted))).isEmpty();
    }
}
