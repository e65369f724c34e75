package trading.safety.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topic;

/**
 * What every service must do once started on a real broker and a real registry: report UP,
 * expose Prometheus metrics, and have provisioned its topics and value schemas as the catalog
 * says. Each service's test extends this with its {@code @SpringBootTest}.
 */
public abstract class ServiceSmokeTest extends RealInfrastructureTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Autowired
    private ServiceTopics serviceTopics;

    @Autowired
    private PlatformProperties platform;

    @Autowired
    private SchemaRegistry registry;

    @Test
    void reportsHealthUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void exposesPrometheusMetricsTaggedWithTheServiceName() throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/actuator/prometheus")).GET();
        metricsAuthorization().ifPresent(value -> request.header("Authorization", value));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes")
                .contains("service=\"" + platform.serviceName() + "\"");
    }

    @Test
    void provisionsEveryTopicItUsesWithTheCatalogSettings() throws Exception {
        List<String> names = serviceTopics.topics().stream().map(Topic::name).toList();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                platform.kafka().bootstrapServers()))) {
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames().get();
            var configs = admin.describeConfigs(names.stream()
                    .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get();

            for (Topic<?> topic : serviceTopics.topics()) {
                assertThat(described.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
                assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, topic.name()))
                        .get(TopicConfig.CLEANUP_POLICY_CONFIG).value())
                        .as(topic.name()).isEqualTo(topic.cleanupPolicy().configValue());
            }
        }
    }

    @Test
    void registersTheValueSchemaOfEveryTopicItUses() {
        Set<String> subjects = Set.copyOf(registry.subjects());

        assertThat(subjects).containsAll(serviceTopics.topics().stream()
                .map(Topic::valueSubject).collect(Collectors.toSet()));
    }

    /** The Authorization header a scrape of this service's metrics needs, if it guards them. */
    protected java.util.Optional<String> metricsAuthorization() {
        return java.util.Optional.empty();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
