package trading.safety.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml cannot run here, so this keeps it honest: every variable it sets on a service
 * is one that service's configuration really reads, and every service is built and scraped.
 */
class DockerComposeTest {

    private static final List<String> SERVICES = List.of("ops-console", "signal-ingest", "risk-stream",
            "order-router", "recon-stream");
    /** Read by the JVM itself, not by Spring configuration. */
    private static final Set<String> JVM_VARIABLES = Set.of("JAVA_TOOL_OPTIONS");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)[:}]");
    private static final Path ROOT = Paths.get("..");

    private static Map<String, Object> compose;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void readCompose() throws IOException {
        compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    }

    @Test
    void setsOnlyVariablesTheServiceReads() throws IOException {
        for (String service : SERVICES) {
            Set<String> read = variablesReadBy(service);
            Map<String, Object> environment = environmentOf(service);

            assertThat(environment).as(service + " environment").isNotEmpty();
            for (String variable : environment.keySet()) {
                assertThat(read).as(service + " reads " + variable).contains(variable);
            }
        }
    }

    @Test
    void pointsEveryServiceAtKafkaAndTheRegistryFromConfiguration() {
        for (String service : SERVICES) {
            assertThat(environmentOf(service)).as(service)
                    .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
                    .containsKey("SCHEMA_REGISTRY_URL");
        }
    }

    @Test
    void buildsEachServiceFromItsModuleAndRunsTheRestOfTheProductionShape() {
        Map<String, Object> services = section(compose, "services");
        assertThat(services).containsKeys("kafka", "schema-registry", "prometheus", "grafana");
        for (String service : SERVICES) {
            Map<String, Object> build = section(section(services, service), "build");
            assertThat(section(build, "args")).as(service).containsEntry("MODULE", service);
            assertThat(ROOT.resolve(service).resolve("pom.xml")).exists();
            assertThat(ROOT.resolve((String) build.get("dockerfile"))).exists();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void scrapesTheGuardedConsoleWithTheViewerToken() throws IOException {
        String prometheus = Files.readString(ROOT.resolve("ops/prometheus/prometheus.yml"));
        assertThat(prometheus).contains("credentials_file: /etc/prometheus/console-viewer-token");
        Map<String, Object> configs = section(compose, "configs");
        assertThat(section(configs, "console-viewer-token")).containsEntry("environment", "SAFETY_VIEWER_TOKEN");
        List<Map<String, Object>> mounted = (List<Map<String, Object>>) section(section(compose, "services"),
                "prometheus").get("configs");
        assertThat(mounted).anySatisfy(config -> assertThat(config)
                .containsEntry("source", "console-viewer-token")
                .containsEntry("target", "/etc/prometheus/console-viewer-token"));
    }

    @Test
    void scrapesEveryServiceOnThePortItListensOn() throws IOException {
        String prometheus = Files.readString(ROOT.resolve("ops/prometheus/prometheus.yml"));
        for (String service : SERVICES) {
            assertThat(prometheus).contains(service + ":" + environmentOf(service).get("SERVER_PORT"));
        }
        assertThat(ROOT.resolve("ops/prometheus/alerts.yml")).exists();
        assertThat(ROOT.resolve("ops/grafana/dashboards/trading-safety.json")).exists();
    }

    private static Set<String> variablesReadBy(String service) throws IOException {
        Set<String> read = new HashSet<>(JVM_VARIABLES);
        for (String resource : List.of(service + ".yml", "safety-common.yml")) {
            try (InputStream in = DockerComposeTest.class.getClassLoader().getResourceAsStream(resource)) {
                assertThat(in).as(resource + " on the classpath").isNotNull();
                Matcher m = PLACEHOLDER.matcher(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                while (m.find()) {
                    read.add(m.group(1));
                }
            }
        }
        return read;
    }

    private static Map<String, Object> environmentOf(String service) {
        return section(section(section(compose, "services"), service), "environment");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        assertThat(value).as(key).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
