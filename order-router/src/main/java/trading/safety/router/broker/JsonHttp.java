package trading.safety.router.broker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * JSON over HTTP for broker adapters, with the failures sorted the way the router needs them: unreachable
 * (connection refused, connect timeout: {@link BrokerException#connectivity()}), no usable answer (timeout,
 * 5xx, 429, an unexpected status, a body that cannot be read), or an answer (any status the caller accepts,
 * for it to interpret, e.g. a 4xx rejection).
 */
public final class JsonHttp {

    public static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    /** Reads a value from a JSON answer; throws IOException when the answer does not have the expected shape. */
    public interface Reader<T> {
        T read(JsonNode node) throws IOException;
    }

    private final String brokerId;
    private final Duration timeout;
    private final HttpClient client;

    public JsonHttp(String brokerId, Duration timeout) {
        this.brokerId = brokerId;
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** A request builder with the call timeout and the JSON accept header set. */
    public HttpRequest.Builder request(java.net.URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json");
    }

    /** Sends; any 2xx status or one of {@code accepted} is an answer, anything else a {@link BrokerException}. */
    public HttpResponse<byte[]> send(HttpRequest request, int... accepted) throws BrokerException {
        HttpResponse<byte[]> response;
        String call = request.method() + " " + request.uri().getPath();
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new BrokerException(brokerId + " unreachable: " + e.getMessage(), true, e);
        } catch (IOException e) {
            throw new BrokerException(brokerId + " call " + call + " failed: " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerException(brokerId + " call interrupted", false, e);
        }
        int status = response.statusCode();
        for (int ok : accepted) {
            if (status == ok) {
                return response;
            }
        }
        if (status / 100 != 2) {
            throw new BrokerException(brokerId + " answered " + status + " to " + call + ": " + text(response), false,
                    null);
        }
        return response;
    }

    public <T> T read(HttpResponse<byte[]> response, Reader<T> reader) throws BrokerException {
        JsonNode node;
        try {
            node = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new BrokerException(brokerId + " answered a body that is not JSON: " + e.getMessage(), false, e);
        }
        if (node == null) {
            throw new BrokerException(brokerId + " answered an empty body", false, null);
        }
        return interpret(node, reader);
    }

    /** Reads a value from an answer already parsed; a wrong shape is a {@link BrokerException}. */
    public <T> T interpret(JsonNode node, Reader<T> reader) throws BrokerException {
        try {
            return reader.read(node);
        } catch (IOException | RuntimeException e) {
            throw new BrokerException(brokerId + " answered a body that cannot be read: " + e.getMessage(), false, e);
        }
    }

    /** Encodes a path segment or query value. */
    public static String encode(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    public static String text(HttpResponse<byte[]> response) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        return body.length() > 500 ? body.substring(0, 500) + "..." : body;
    }
}
