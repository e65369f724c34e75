package trading.safety.contract.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Client for the Confluent Schema Registry REST API (served by Confluent, Apicurio's
 * {@code /apis/ccompat/v7}, Karapace and Redpanda). Ids and registrations are cached forever:
 * a schema id never changes meaning, and re-registering an identical schema returns the same id.
 */
public final class ConfluentRegistryClient implements SchemaRegistry {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

    /**
     * @param baseUrl the API root, for example {@code http://127.0.0.1:8085/apis/ccompat/v7}
     * @param requestTimeout bound on each call, connect included
     */
    public ConfluentRegistryClient(String baseUrl, Duration requestTimeout) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.requestTimeout = requestTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    public String baseUrl() {
        return baseUrl;
    }

    @Override
    public int register(String subject, Schema schema) {
        Map<Schema, Integer> known = idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>());
        Integer cached = known.get(schema);
        if (cached != null) {
            return cached;
        }
        ObjectNode body = JSON.createObjectNode().put("schema", schema.toString()).put("schemaType", "AVRO");
        HttpResponse<String> response = send(post("/subjects/" + encode(subject) + "/versions", body));
        if (response.statusCode() == 409) {
            throw new IncompatibleSchemaException(subject, compatibility(subject), List.of(errorMessage(response)));
        }
        int id = expectOk(response, "register schema under '" + subject + "'").path("id").asInt();
        known.put(schema, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        HttpResponse<String> response = send(get("/schemas/ids/" + id));
        if (response.statusCode() == 404) {
            throw new SchemaNotFoundException(id);
        }
        JsonNode node = expectOk(response, "fetch schema id " + id);
        Schema.Parser parser = new Schema.Parser();
        parseReferences(node.path("references"), parser, new HashSet<>());
        Schema schema = parse(parser, node.path("schema").asText(), "schema id " + id);
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    /** Parses referenced schemas depth-first so that named types are known before their users. */
    private void parseReferences(JsonNode references, Schema.Parser parser, Set<String> seen) {
        for (JsonNode reference : references) {
            String subject = reference.path("subject").asText();
            String version = reference.path("version").asText();
            if (!seen.add(subject + "/" + version)) {
                continue;
            }
            JsonNode referenced = expectOk(
                    send(get("/subjects/" + encode(subject) + "/versions/" + encode(version))),
                    "fetch referenced schema " + subject + " version " + version);
            parseReferences(referenced.path("references"), parser, seen);
            parse(parser, referenced.path("schema").asText(), "reference " + subject + " version " + version);
        }
    }

    @Override
    public void setCompatibility(String subject, Compatibility level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        HttpRequest request = request("/config/" + encode(subject))
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
        HttpResponse<String> response = send(request);
        if (response.statusCode() == 409) {
            // Services starting together set the same subject's level at once; Apicurio creates the rule for the
            // first and answers 409 to the others. Now that it exists, the same request updates it.
            response = send(request);
        }
        expectOk(response, "set compatibility of '" + subject + "'");
    }

    @Override
    public Compatibility compatibility(String subject) {
        HttpResponse<String> response = send(get("/config/" + encode(subject) + "?defaultToGlobal=true"));
        if (response.statusCode() == 404) {
            response = send(get("/config"));
        }
        JsonNode node = expectOk(response, "read compatibility of '" + subject + "'");
        String level = node.has("compatibilityLevel")
                ? node.path("compatibilityLevel").asText()
                : node.path("compatibility").asText();
        return Compatibility.valueOf(level);
    }

    @Override
    public CompatibilityResult checkCompatibility(String subject, Schema schema) {
        ObjectNode body = JSON.createObjectNode().put("schema", schema.toString()).put("schemaType", "AVRO");
        HttpResponse<String> response = send(
                post("/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true", body));
        if (response.statusCode() == 404) {
            return CompatibilityResult.ok();
        }
        JsonNode node = expectOk(response, "check compatibility of '" + subject + "'");
        List<String> messages = new ArrayList<>();
        node.path("messages").forEach(m -> messages.add(m.asText()));
        return new CompatibilityResult(node.path("is_compatible").asBoolean(false), messages);
    }

    @Override
    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        expectOk(send(get("/subjects")), "list subjects").forEach(s -> subjects.add(s.asText()));
        return subjects;
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(requestTimeout)
                .header("Accept", CONTENT_TYPE + ", application/json")
                .header("Content-Type", CONTENT_TYPE);
    }

    private HttpRequest get(String path) {
        return request(path).GET().build();
    }

    private HttpRequest post(String path, JsonNode body) {
        return request(path).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry at " + baseUrl + " is unreachable: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("interrupted while calling the schema registry", e);
        }
    }

    private static JsonNode expectOk(HttpResponse<String> response, String action) {
        if (response.statusCode() / 100 != 2) {
            throw new SchemaRegistryException("schema registry refused to " + action + ": HTTP "
                    + response.statusCode() + " " + errorMessage(response), response.statusCode());
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryException("schema registry answered " + action + " with malformed JSON", e);
        }
    }

    private static String errorMessage(HttpResponse<String> response) {
        try {
            JsonNode node = JSON.readTree(response.body());
            return node.path("message").asText(response.body());
        } catch (IOException e) {
            return response.body();
        }
    }

    private static Schema parse(Schema.Parser parser, String text, String what) {
        try {
            return parser.parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException("schema registry returned an unparseable " + what + ": "
                    + e.getMessage(), e);
        }
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
