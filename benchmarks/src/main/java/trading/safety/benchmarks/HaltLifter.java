package trading.safety.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The operator's runbook step after an outage: once the failed part is back, lift the automatic account halts
 * the outage caused (recon-stream halts an account on three execution failures in a row, which a broker or
 * Kafka outage produces), through the console with the operator's token, with a reason. Without it every
 * account stays halted after the first outage and the later runs of a fault kind route nothing.
 */
final class HaltLifter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String consoleUrl;
    private long lastTry;
    private int lifted;

    HaltLifter(String consoleUrl) {
        this.consoleUrl = consoleUrl;
    }

    /** At most every two seconds: lifts every active automatic account halt; the console may be down. */
    void liftNow() {
        long now = System.currentTimeMillis();
        if (now - lastTry < 2_000) {
            return;
        }
        lastTry = now;
        try {
            HttpResponse<String> state = http.send(HttpRequest.newBuilder(URI.create(consoleUrl + "/api/v1/kill-switch"))
                    .timeout(Duration.ofSeconds(5)).header("Authorization", "Bearer " + PipelineStack.VIEWER_TOKEN)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (state.statusCode() != 200) {
                return;
            }
            for (JsonNode halt : JSON.readTree(state.body()).path("accounts")) {
                String key = halt.path("key").asText();
                if (!halt.path("origin").asText().startsWith("AUTO:") || !key.startsWith("kill-switch/account/")) {
                    continue;
                }
                String account = key.substring("kill-switch/account/".length());
                HttpResponse<String> lift = http.send(HttpRequest.newBuilder(URI.create(consoleUrl + "/api/v1/accounts/"
                        + account + "/kill-switch")).timeout(Duration.ofSeconds(5))
                        .header("Authorization", "Bearer " + PipelineStack.OPERATOR_TOKEN)
                        .header("Content-Type", "application/json")
                        .method("DELETE", HttpRequest.BodyPublishers.ofString(
                                "{\"reason\":\"fault run: the failed part is back, outage halt lifted\"}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (lift.statusCode() == 200) {
                    lifted++;
                }
            }
        } catch (java.io.IOException e) {
            // the console or Kafka is still coming back: the next call tries again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Halts lifted so far, and starts counting again. */
    int takeLifted() {
        int count = lifted;
        lifted = 0;
        return count;
    }
}
