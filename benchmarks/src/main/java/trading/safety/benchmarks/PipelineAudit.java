package trading.safety.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.OrderEventType;

/**
 * What must hold after any fault, checked from the records (read_committed, from the beginning) and the paper
 * broker's own books, for the signals whose id starts with a prefix (one phase of a run):
 * <ul>
 *   <li>no duplicate broker order: no client order id (the intent id) twice at the broker, no intent answered
 *   with two broker order ids;</li>
 *   <li>no lost fill: every execution at the broker on {@code trading.fills.v1} exactly once (and no fill the
 *   broker does not know);</li>
 *   <li>no lost accepted signal: every signal id signal-ingest answered 202 on {@code trading.signals.v1};</li>
 *   <li>every signal decided exactly once, every approval with exactly one intent, every intent answered;</li>
 *   <li>the latest reconciliation result of every account PASS.</li>
 * </ul>
 */
final class PipelineAudit {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One phase's counts; {@link #violations()} lists each broken rule with examples. */
    record Result(String prefix, int accepted, int signals, int decisions, int approved, int intents,
            int brokerOrders, int executions, int fills, int lostAcceptedSignals, int signalsWithoutOneDecision,
            int approvalsWithoutOneIntent, int unansweredIntents, int duplicateBrokerOrders, int lostFills,
            int duplicateFills, int unknownFills, Map<String, String> reconciliation, Map<String, Integer> refusals,
            List<String> violations) {

        boolean reconciled() {
            return !reconciliation.isEmpty() && reconciliation.values().stream().allMatch("PASS"::equals);
        }

        @Override
        public String toString() {
            return String.format("%s: accepted %d, signals %d, decisions %d (approved %d), intents %d, broker orders "
                    + "%d, executions %d, fills %d; lost accepted signals %d, signals without exactly one decision "
                    + "%d, approvals without exactly one intent %d, intents never answered %d, duplicate broker "
                    + "orders %d, lost fills %d, duplicate fills %d, fills unknown to the broker %d; latest "
                    + "reconciliation %s; refusals by reason %s", prefix, accepted, signals, decisions, approved, intents, brokerOrders,
                    executions, fills, lostAcceptedSignals, signalsWithoutOneDecision, approvalsWithoutOneIntent,
                    unansweredIntents, duplicateBrokerOrders, lostFills, duplicateFills, unknownFills, reconciliation,
                    refusals);
        }
    }

    private PipelineAudit() {
    }

    /**
     * @param accepted signal ids answered 202, all phases (only those with {@code prefix} are checked)
     */
    static Result run(String bootstrap, SchemaRegistry registry, String paperUrl, Map<String, Long> accepted,
            String prefix, List<String> accounts) throws IOException, InterruptedException {
        Map<String, Integer> signals = new HashMap<>();
        read(bootstrap, registry, Topics.SIGNALS, (at, s) -> {
            if (s.getSignalId().startsWith(prefix)) {
                signals.merge(s.getSignalId(), 1, Integer::sum);
            }
        });
        Map<String, Integer> decisions = new HashMap<>();
        Set<String> approved = new HashSet<>();
        Map<String, Integer> refusals = new TreeMap<>();
        read(bootstrap, registry, Topics.SIGNAL_DECISIONS, (at, d) -> {
            if (d.getSignalId().startsWith(prefix)) {
                decisions.merge(d.getSignalId(), 1, Integer::sum);
                if (d.getOutcome() == DecisionOutcome.APPROVED) {
                    approved.add(d.getSignalId());
                } else {
                    refusals.merge("risk-stream " + d.getPrimaryReason(), 1, Integer::sum);
                }
            }
        });
        Map<String, Integer> intentsPerSignal = new HashMap<>();
        Set<String> intents = new HashSet<>();
        read(bootstrap, registry, Topics.ORDER_INTENTS, (at, i) -> {
            if (i.getSignalId() != null && i.getSignalId().startsWith(prefix)) {
                intentsPerSignal.merge(i.getSignalId(), 1, Integer::sum);
                intents.add(i.getIntentId());
            }
        });
        Map<String, Set<String>> brokerOrderIds = new HashMap<>();
        Set<String> answered = new HashSet<>();
        read(bootstrap, registry, Topics.ORDER_EVENTS, (at, e) -> {
            if (intents.contains(e.getIntentId())) {
                if (e.getType() == OrderEventType.ACCEPTED && e.getBrokerOrderId() != null) {
                    brokerOrderIds.computeIfAbsent(e.getIntentId(), k -> new HashSet<>()).add(e.getBrokerOrderId());
                }
                if (e.getType() != OrderEventType.SUBMITTED) {
                    answered.add(e.getIntentId());
                }
                if (e.getType() == OrderEventType.REJECTED || e.getType() == OrderEventType.FAILED) {
                    // Numbers and ids vary from refusal to refusal; what is left names the reason.
                    String reason = String.valueOf(e.getReason()).replaceAll("[A-Za-z-]*[0-9][A-Za-z0-9-]*", "#");
                    refusals.merge("order-router " + e.getType() + " " + reason.substring(0, Math.min(80,
                            reason.length())), 1, Integer::sum);
                }
            }
        });
        Map<String, Integer> fills = new HashMap<>();
        read(bootstrap, registry, Topics.FILLS, (at, f) -> {
            if (intents.contains(f.getIntentId())) {
                fills.merge(f.getFillId(), 1, Integer::sum);
            }
        });
        Map<String, String> reconciliation = new TreeMap<>();
        read(bootstrap, registry, Topics.RECON_RESULTS, (at, r) -> reconciliation.put(r.getAccountId(),
                r.getStatus().name()));
        for (String account : accounts) {
            reconciliation.putIfAbsent(account, "NONE");
        }

        Map<String, Integer> ordersPerClientId = new HashMap<>();
        for (JsonNode order : get(paperUrl + "/orders")) {
            String clientOrderId = order.get("clientOrderId").asText();
            if (intents.contains(clientOrderId)) {
                ordersPerClientId.merge(clientOrderId, 1, Integer::sum);
            }
        }
        Set<String> executions = new HashSet<>();
        for (JsonNode execution : get(paperUrl + "/executions?max=100000000").get("executions")) {
            if (intents.contains(execution.get("clientOrderId").asText())) {
                executions.add(execution.get("executionId").asText());
            }
        }

        List<String> violations = new ArrayList<>();
        List<String> lostSignals = accepted.keySet().stream().filter(id -> id.startsWith(prefix))
                .filter(id -> !signals.containsKey(id)).sorted().toList();
        note(violations, "accepted (202) signals not on " + Topics.SIGNALS.name(), lostSignals);
        List<String> undecided = signals.keySet().stream().filter(id -> decisions.getOrDefault(id, 0) != 1)
                .sorted().map(id -> id + " x" + decisions.getOrDefault(id, 0)).toList();
        List<String> strayDecisions = decisions.keySet().stream().filter(id -> !signals.containsKey(id)).toList();
        note(violations, "signals without exactly one decision", undecided);
        note(violations, "decisions of signals not on " + Topics.SIGNALS.name(), strayDecisions);
        List<String> approvalsWithoutIntent = approved.stream().filter(id -> intentsPerSignal.getOrDefault(id, 0) != 1)
                .sorted().map(id -> id + " x" + intentsPerSignal.getOrDefault(id, 0)).toList();
        note(violations, "approvals without exactly one intent", approvalsWithoutIntent);
        List<String> unanswered = intents.stream().filter(id -> !answered.contains(id)).sorted().toList();
        note(violations, "intents with no answer on " + Topics.ORDER_EVENTS.name(), unanswered);
        List<String> duplicates = new ArrayList<>();
        ordersPerClientId.forEach((id, n) -> {
            if (n > 1) {
                duplicates.add(id + " has " + n + " broker orders");
            }
        });
        brokerOrderIds.forEach((id, ids) -> {
            if (ids.size() > 1) {
                duplicates.add(id + " accepted as " + ids);
            }
        });
        note(violations, "duplicate broker orders", duplicates);
        List<String> lostFills = executions.stream().filter(id -> !fills.containsKey(id)).sorted().toList();
        note(violations, "broker executions never on " + Topics.FILLS.name(), lostFills);
        List<String> duplicateFills = fills.entrySet().stream().filter(e -> e.getValue() > 1)
                .map(e -> e.getKey() + " x" + e.getValue()).sorted().toList();
        note(violations, "fills published more than once", duplicateFills);
        List<String> unknownFills = fills.keySet().stream().filter(id -> !executions.contains(id)).sorted().toList();
        note(violations, "fills the broker has no execution for", unknownFills);
        reconciliation.forEach((account, status) -> {
            if (!"PASS".equals(status)) {
                violations.add("latest reconciliation of " + account + " is " + status);
            }
        });
        int acceptedInPhase = (int) accepted.keySet().stream().filter(id -> id.startsWith(prefix)).count();
        return new Result(prefix, acceptedInPhase, signals.size(), decisions.values().stream().mapToInt(i -> i).sum(),
                approved.size(), intents.size(), ordersPerClientId.values().stream().mapToInt(i -> i).sum(),
                executions.size(), fills.values().stream().mapToInt(i -> i).sum(), lostSignals.size(),
                undecided.size() + strayDecisions.size(), approvalsWithoutIntent.size(), unanswered.size(),
                duplicates.size(), lostFills.size(), duplicateFills.size(), unknownFills.size(), reconciliation,
                refusals, violations);
    }

    private static void note(List<String> violations, String rule, List<String> offenders) {
        if (!offenders.isEmpty()) {
            violations.add(rule + ": " + offenders.size() + ", e.g. " + offenders.subList(0, Math.min(5,
                    offenders.size())));
        }
    }

    /** The broker's count of client order ids submitted again (this broker process's, since it started). */
    static long resubmissions(String paperUrl) throws IOException, InterruptedException {
        return get(paperUrl + "/stats").get("duplicateSubmissions").asLong();
    }

    private static JsonNode get(String url) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(url + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    /** Every committed record of a topic, from the beginning to its current end, in partition order. */
    static <T extends org.apache.avro.specific.SpecificRecord> void read(String bootstrap, SchemaRegistry registry, Topic<T> topic, BiConsumer<Long, T> each) {
        var deserializer = topic.valueSerde(registry).deserializer();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000), new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.name()).stream()
                    .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    each.accept(record.timestamp(), deserializer.deserialize(record.topic(), record.value()));
                }
            }
        }
    }
}
