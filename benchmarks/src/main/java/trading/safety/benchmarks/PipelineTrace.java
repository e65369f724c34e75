package trading.safety.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.SignalDecision;

/**
 * Follows each signal through the whole pipeline, read_committed from the topics' ends when it starts (what
 * a consumer downstream, such as the router, can see): when this process read the signal's decision and its
 * order intent (this process's wall clock, epoch ms, the same clock {@link PipelineLoad} notes each 202 with),
 * and the time the router put on the intent's broker-accepted order event (its broker call's answer). It also
 * notes every order event the router wrote refusing an intent because of the kill switch, and samples the
 * consumer lag the ops console reports.
 */
final class PipelineTrace implements AutoCloseable {

    /** The router's refusals for the kill switch carry this reason prefix (order-router's RoutingGate). */
    static final String KILL_SWITCH_REFUSAL = "[KILL_SWITCH]";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String bootstrap;
    private final SchemaRegistry registry;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;
    private final Map<String, Long> decidedAt = new ConcurrentHashMap<>();
    private final Map<String, Boolean> approved = new ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.atomic.AtomicLong> rejections = new ConcurrentHashMap<>();
    private final Map<String, Long> intentReadAt = new ConcurrentHashMap<>();
    private final Map<String, String> signalOfIntent = new ConcurrentHashMap<>();
    private final Map<String, Long> brokerAcceptedAt = new ConcurrentHashMap<>();
    private final Queue<Long> killSwitchRefusals = new ConcurrentLinkedQueue<>();

    PipelineTrace(String bootstrap, SchemaRegistry registry) {
        this.bootstrap = bootstrap;
        this.registry = registry;
        this.thread = new Thread(this::follow, "pipeline-trace");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    private void follow() {
        var decisions = Topics.SIGNAL_DECISIONS.valueSerde(registry).deserializer();
        var intents = Topics.ORDER_INTENTS.valueSerde(registry).deserializer();
        var events = Topics.ORDER_EVENTS.valueSerde(registry).deserializer();
        try (KafkaConsumer<String, byte[]> consumer = PipelineWatch.tail(bootstrap, List.of(
                Topics.SIGNAL_DECISIONS.name(), Topics.ORDER_INTENTS.name(), Topics.ORDER_EVENTS.name()))) {
            while (running.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.currentTimeMillis();
                    String topic = record.topic();
                    if (topic.equals(Topics.SIGNAL_DECISIONS.name())) {
                        SignalDecision decision = decisions.deserialize(topic, record.value());
                        decidedAt.putIfAbsent(decision.getSignalId(), now);
                        approved.put(decision.getSignalId(), decision.getOutcome() == DecisionOutcome.APPROVED);
                        if (decision.getOutcome() != DecisionOutcome.APPROVED) {
                            rejections.computeIfAbsent(decision.getPrimaryReason().name(),
                                    r -> new java.util.concurrent.atomic.AtomicLong()).incrementAndGet();
                        }
                    } else if (topic.equals(Topics.ORDER_INTENTS.name())) {
                        OrderIntent intent = intents.deserialize(topic, record.value());
                        if (intent.getSignalId() != null) {
                            intentReadAt.putIfAbsent(intent.getSignalId(), now);
                            signalOfIntent.put(intent.getIntentId(), intent.getSignalId());
                        }
                    } else {
                        OrderEvent event = events.deserialize(topic, record.value());
                        if (event.getType() == OrderEventType.ACCEPTED) {
                            brokerAcceptedAt.putIfAbsent(event.getIntentId(), event.getAt().toEpochMilli());
                        } else if (event.getType() == OrderEventType.REJECTED && event.getReason() != null
                                && event.getReason().startsWith(KILL_SWITCH_REFUSAL)) {
                            killSwitchRefusals.add(event.getAt().toEpochMilli());
                        }
                    }
                }
            }
        }
    }

    /** When this process read the decision of a signal, or null. */
    Long decidedAt(String signalId) {
        return decidedAt.get(signalId);
    }

    boolean approved(String signalId) {
        return approved.getOrDefault(signalId, false);
    }

    /** Decisions read that did not approve their signal, by primary reason. */
    Map<String, Long> rejections() {
        Map<String, Long> byReason = new TreeMap<>();
        rejections.forEach((reason, count) -> byReason.put(reason, count.get()));
        return byReason;
    }

    /**
     * Waits (at most {@code timeout}) until every signal accepted so far whose id starts with {@code prefix}
     * was decided: the pipeline has no backlog of them left. Whether it got there.
     */
    boolean awaitDecided(Map<String, Long> accepted, String prefix, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (accepted.keySet().stream().anyMatch(id -> id.startsWith(prefix) && !decidedAt.containsKey(id))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(500);
        }
        return true;
    }

    /** When this process read the order intent of a signal, or null. */
    Long intentReadAt(String signalId) {
        return intentReadAt.get(signalId);
    }

    /** The broker-accepted time (the router's, on its ACCEPTED order event) of each signal's intent seen so far. */
    Map<String, Long> brokerAcceptedBySignal() {
        Map<String, Long> bySignal = new java.util.HashMap<>();
        brokerAcceptedAt.forEach((intent, at) -> {
            String signal = signalOfIntent.get(intent);
            if (signal != null) {
                bySignal.put(signal, at);
            }
        });
        return bySignal;
    }

    /** The earliest kill-switch refusal the router made at or after {@code since} (epoch ms), or -1. */
    long firstKillSwitchRefusal(long since) {
        return killSwitchRefusals.stream().mapToLong(Long::longValue).filter(at -> at >= since).min().orElse(-1);
    }

    /** Each consumer group's total lag, as the ops console reports it ({@code GET /api/v1/lag}, viewer). */
    static Map<String, Long> lag(String consoleUrl, String viewerToken) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(consoleUrl + "/api/v1/lag"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + viewerToken).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("lag answered " + response.statusCode() + " " + response.body());
        }
        Map<String, Long> lag = new TreeMap<>();
        for (JsonNode group : JSON.readTree(response.body()).path("groups")) {
            lag.put(group.path("groupId").asText(), group.path("totalLag").asLong());
        }
        return lag;
    }

    /**
     * Polls the console's lag every 2 s, from 6 s on (it reads the offsets every 5 s), until every group is at
     * most {@code maxLag} records behind; false if that does not happen within {@code timeout}.
     */
    static boolean awaitCaughtUp(String consoleUrl, String viewerToken, long maxLag, Duration timeout)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        Thread.sleep(6_000);
        while (System.nanoTime() < deadline) {
            Map<String, Long> lag = lag(consoleUrl, viewerToken);
            if (!lag.isEmpty() && lag.values().stream().allMatch(l -> l <= maxLag)) {
                return true;
            }
            Thread.sleep(2_000);
        }
        return false;
    }

    /** The value at quantile {@code q} of ascending values (nearest rank), or -1 if there are none. */
    static long quantile(long[] sorted, double q) {
        return sorted.length == 0 ? -1 : sorted[(int) Math.max(0, Math.min(sorted.length - 1,
                Math.ceil(q * sorted.length) - 1))];
    }

    /** The median of some values (the mean of the middle two for an even count). */
    static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        int mid = sorted.size() / 2;
        return sorted.isEmpty() ? Double.NaN
                : sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0;
    }

    static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static String now() {
        return Instant.now().toString();
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(10_000);
    }
}
