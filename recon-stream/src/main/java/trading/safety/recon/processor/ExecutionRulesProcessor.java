package trading.safety.recon.processor;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import trading.safety.recon.domain.ExecutionKillRules;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.Severity;
import trading.safety.v1.SignalDecision;

/**
 * The automatic kill rules of one account, from its order events and its signals' decisions (both keyed by
 * accountId, so one task sees both). Counted: the broker's answers to submissions (ACCEPTED or REJECTED with a
 * round-trip time; an order the router refused itself or settled after a restart is not an answer), execution
 * failures (FAILED), and risk-stream's DUPLICATE_INTENT rejections. Events of a dry run reach no broker and
 * are not counted. A rule that fires halts the account ({@link AccountHalts}).
 */
public final class ExecutionRulesProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /** Store and sink names, from the topology. */
    public record Wiring(String activityStore, String controlStore, AccountHalts.Sinks sinks) {
    }

    private final ExecutionKillRules rules;
    private final Wiring wiring;
    private final Deserializer<ControlRecord> controlReader;
    private final ReconMetrics metrics;
    private KeyValueStore<String, ExecutionKillRules.Activity> activities;
    private AccountHalts halts;

    public ExecutionRulesProcessor(ExecutionKillRules rules, Wiring wiring, Deserializer<ControlRecord> controlReader,
            ReconMetrics metrics) {
        this.rules = rules;
        this.wiring = wiring;
        this.controlReader = controlReader;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.activities = context.getStateStore(wiring.activityStore());
        this.halts = new AccountHalts(context, new ControlReader(context.getStateStore(wiring.controlStore()),
                controlReader), wiring.sinks(), metrics);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof OrderEvent event) {
            onOrderEvent(event, record.timestamp());
        } else if (record.value() instanceof SignalDecision decision
                && decision.getOutcome() == DecisionOutcome.REJECTED
                && decision.getPrimaryReason() == ReasonCode.DUPLICATE_INTENT) {
            ExecutionKillRules.Activity activity = activity(decision.getAccountId());
            act(decision.getAccountId(), rules.duplicateIntent(activity, decision.getSignalId(),
                    decision.getStrategyId()), activity, decision.getDecisionId(), record.timestamp());
        }
    }

    private void onOrderEvent(OrderEvent event, long timestamp) {
        if (event.getDryRun()) {
            return;
        }
        OrderEventType type = event.getType();
        boolean answer = (type == OrderEventType.ACCEPTED || type == OrderEventType.REJECTED)
                && event.getLatencyMicros() != null;
        if (!answer && type != OrderEventType.FAILED) {
            return;
        }
        ExecutionKillRules.Activity activity = activity(event.getAccountId());
        ExecutionKillRules.Result result = answer
                ? rules.answered(activity, Instant.ofEpochMilli(timestamp), type == OrderEventType.REJECTED)
                : rules.failed(activity);
        act(event.getAccountId(), result, activity, event.getEventId(), timestamp);
    }

    private void act(String accountId, ExecutionKillRules.Result result, ExecutionKillRules.Activity before,
            String causationId, long timestamp) {
        if (!result.activity().equals(before)) {
            activities.put(accountId, result.activity());
        }
        result.trigger().ifPresent(trigger -> halts.halt(accountId, trigger.rule().name(),
                trigger.rule().critical() ? Severity.CRITICAL : Severity.WARNING, trigger.rule().name(),
                trigger.reason(), causationId, timestamp));
    }

    private ExecutionKillRules.Activity activity(String accountId) {
        ExecutionKillRules.Activity activity = activities.get(accountId);
        return activity == null ? ExecutionKillRules.Activity.none() : activity;
    }
}
