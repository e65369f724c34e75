package trading.safety.contract.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.specific.SpecificData;
import org.junit.jupiter.api.Test;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.embedded.TestRegistry;
import trading.safety.v1.TradeSignal;

/** The client against a real, independent implementation of the Confluent API (Apicurio Registry). */
class ConfluentRegistryClientIT {

    private final ConfluentRegistryClient client =
            new ConfluentRegistryClient(TestRegistry.confluentApiUrl(), Duration.ofSeconds(10));

    @Test
    void registersEveryValueSchemaOfTheCatalogAndReadsItBackById() {
        for (Topic<?> topic : Topics.ALL) {
            Schema schema = SpecificData.getForClass(topic.valueType()).getSchema(topic.valueType());
            client.setCompatibility(topic.valueSubject(), Compatibility.BACKWARD);

            int id = client.register(topic.valueSubject(), schema);

            ConfluentRegistryClient fresh = new ConfluentRegistryClient(client.baseUrl(), Duration.ofSeconds(10));
            assertThat(fresh.schemaById(id)).as(topic.name()).isEqualTo(schema);
            assertThat(fresh.register(topic.valueSubject(), schema)).as("idempotent").isEqualTo(id);
            assertThat(fresh.compatibility(topic.valueSubject())).isEqualTo(Compatibility.BACKWARD);
        }
        assertThat(client.subjects()).containsAll(Topics.ALL.stream().map(Topic::valueSubject).toList());
    }

    @Test
    void servicesSettingTheSameSubjectsLevelAtOnceAllSucceed() throws Exception {
        int writers = 8;
        for (int round = 0; round < 5; round++) {
            String subject = "together-" + UUID.randomUUID() + "-value";
            CyclicBarrier start = new CyclicBarrier(writers);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> calls = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    ConfluentRegistryClient service = new ConfluentRegistryClient(client.baseUrl(), Duration.ofSeconds(10));
                    calls.add(pool.submit(() -> {
                        start.await();
                        service.setCompatibility(subject, Compatibility.BACKWARD);
                        return null;
                    }));
                }
                for (Future<?> call : calls) {
                    call.get(30, TimeUnit.SECONDS); // throws if any writer was refused
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(client.compatibility(subject)).isEqualTo(Compatibility.BACKWARD);
        }
    }

    @Test
    void refusesAnIncompatibleChangeWithAMessageNamingTheSubject() {
        String subject = "compat-" + UUID.randomUUID() + "-value";
        client.setCompatibility(subject, Compatibility.BACKWARD);
        client.register(subject, TradeSignal.getClassSchema());
        Schema breaking = SchemaBuilder.record("TradeSignal").namespace("trading.safety.v1").fields()
                .requiredString("signalId")
                .requiredString("newRequiredFieldWithoutDefault")
                .endRecord();

        CompatibilityResult check = client.checkCompatibility(subject, breaking);
        assertThat(check.compatible()).isFalse();

        assertThatThrownBy(() -> client.register(subject, breaking))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining(subject)
                .hasMessageContaining("BACKWARD");
    }

    @Test
    void acceptsACompatibleEvolution() {
        String subject = "evolve-" + UUID.randomUUID() + "-value";
        client.setCompatibility(subject, Compatibility.BACKWARD);
        Schema v1 = SchemaBuilder.record("Thing").namespace("x").fields().requiredString("a").endRecord();
        Schema v2 = SchemaBuilder.record("Thing").namespace("x").fields().requiredString("a")
                .name("b").type().stringType().stringDefault("").endRecord();

        int id1 = client.register(subject, v1);
        assertThat(client.checkCompatibility(subject, v2).compatible()).isTrue();
        int id2 = client.register(subject, v2);

        assertThat(id2).isNotEqualTo(id1);
    }

    @Test
    void resolvesReferencesWhenFetchingById() throws Exception {
        String suffix = UUID.randomUUID().toString();
        String enumSubject = "ref-enum-" + suffix;
        String enumSchema = "{\"type\":\"enum\",\"name\":\"Colour" + suffix.replace("-", "")
                + "\",\"namespace\":\"ref\",\"symbols\":[\"RED\",\"BLUE\"]}";
        String enumName = "ref.Colour" + suffix.replace("-", "");
        post("/subjects/" + enumSubject + "/versions", "{\"schema\":" + quote(enumSchema) + "}");
        String recordSchema = "{\"type\":\"record\",\"name\":\"Paint\",\"namespace\":\"ref\",\"fields\":"
                + "[{\"name\":\"colour\",\"type\":\"" + enumName + "\"}]}";
        String body = "{\"schema\":" + quote(recordSchema) + ",\"references\":[{\"name\":\"" + enumName
                + "\",\"subject\":\"" + enumSubject + "\",\"version\":1}]}";
        String answer = post("/subjects/ref-record-" + suffix + "/versions", body);
        int id = Integer.parseInt(answer.replaceAll("\\D", ""));

        Schema resolved = client.schemaById(id);

        assertThat(resolved.getField("colour").schema().getEnumSymbols()).containsExactly("RED", "BLUE");
    }

    @Test
    void reportsAnUnknownIdAsNotFound() {
        assertThatThrownBy(() -> client.schemaById(987_654))
                .isInstanceOf(SchemaNotFoundException.class)
                .hasMessageContaining("987654");
    }

    @Test
    void reportsAnUnreachableRegistryAsTransientNotAsNotFound() {
        var down = new ConfluentRegistryClient("http://127.0.0.1:" + TestRegistry.freePort() + "/apis/ccompat/v7",
                Duration.ofSeconds(2));

        assertThatThrownBy(() -> down.schemaById(1))
                .isExactlyInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("unreachable")
                .satisfies(e -> assertThat(((SchemaRegistryException) e).httpStatus()).isZero());
    }

    private String post(String path, String body) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(client.baseUrl() + path))
                        .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
