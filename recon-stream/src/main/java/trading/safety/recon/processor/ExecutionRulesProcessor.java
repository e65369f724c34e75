package trading.safety.recon.processor;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.contract.control.ControlKey;
import trading.safety.recon.domain.ExecutionKillRules;
import trading.safety.recon.domain.StrategyBreaker;
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
 *
 * <p>The same answers and failures, attributed to their strategy through the intents, drive each strategy's
 * circuit breaker ({@code circuit-breaker/strategy/{id}}, {@link StrategyBreaker}): opened with its
 * recovery time, closed after the half-open probe's answer, reopened after its failure; each change with
 * an audit event and an alert (resolved when the breaker closes). Only a breaker this rule opened is closed
 * by it.
 */
public final class ExecutionRulesProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /** Store and sink names, from the topology. */
    public record Wiring(String activityStore, String controlStore, String intentsStore, String breakerStore,
            Duration intentMemory, AccountHalts.Sinks sinks) {
    }

    /** The rule's name in the origin of the breaker records it writes. */
    public static final String BREAKER_RULE = "CIRCUIT_BREAKER";
    /** The alert type of an opened breaker (and of its all-clear). */
    public static final String BREAKER_OPEN = "CIRCUIT_BREAKER_OPEN";
    private static final Logger log = LoggerFactory.getLogger(ExecutionRulesProcessor.class);

    private final ExecutionKillRules rules;
    private final StrategyBreaker breaker;
    private final Wiring wiring;
    private final Deserializer<ControlRecord> controlReader;
    private final ReconMetrics metrics;
    private KeyValueStore<String, ExecutionKillRules.Activity> activities;
    private KeyValueStore<String, StrategyBreaker.Failures> breakerFailures;
    private IntentStrategies intents;
    private ControlReader controls;
    private AccountHalts halts;

    public ExecutionRulesProcessor(ExecutionKillRules rules, StrategyBreaker breaker, Wiring wiring,
            Deserializer<ControlRecord> controlReader, ReconMetrics metrics) {
        this.rules = rules;
        this.breaker = breaker;
        this.wiring = wiring;
        this.controlReader = controlReader;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.activities = context.getStateStore(wiring.activityStore());
        this.breakerFailures = context.getStateStore(wiring.breakerStore());
        this.intents = new IntentStrategies(context.getStateStore(wiring.intentsStore()), wiring.intentMemory());
        this.controls = new ControlReader(context.getStateStore(wiring.controlStore()), controlReader);
        this.halts = new AccountHalts(context, controls, wiring.sinks(), metrics);
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
        String strategyId = intents.strategyOf(event.getIntentId(), timestamp);
        if (strategyId != null) {
            breaker(event.getAccountId(), strategyId, answer, event.getEventId(), timestamp);
        }
    }

    private void breaker(String accountId, String strategyId, boolean answer, String causationId, long timestamp) {
        ControlKey key = new ControlKey.CircuitBreaker(new ControlKey.BreakerName.Strategy(strategyId));
        ControlReader.Current current = controls.read(key);
        StrategyBreaker.State state = state(current);
        String failuresKey = accountId + "|" + strategyId;
        StrategyBreaker.Failures failures = breakerFailures.get(failuresKey);
        failures = failures == null ? StrategyBreaker.Failures.none() : failures;
        Instant at = Instant.ofEpochMilli(timestamp);
        StrategyBreaker.Result result = answer ? breaker.answered(failures, state, at)
                : breaker.failed(failures, state, at);
        if (!result.failures().equals(failures)) {
            breakerFailures.put(failuresKey, result.failures());
        }
        String subject = key.value();
        switch (result.action()) {
            case OPEN, REOPEN -> {
                log.warn("strategy {} on {}: {}; circuit breaker open until {}", strategyId, accountId,
                        result.reason(), result.recoveryAt());
                String firstOpenedBy = result.action() == StrategyBreaker.Action.OPEN ? causationId
                        : openedBy(current.record());
                ControlRecord open = ReconRecords.breakerOpen(key, strategyId, result.reason(), causationId, at,
                        result.recoveryAt(), breaker.settings().failures(), firstOpenedBy);
                halts.write(open, current.record(), timestamp);
                if (result.action() == StrategyBreaker.Action.OPEN) {
                    halts.forward(BREAKER_OPEN, ReconRecords.alert(Severity.WARNING, BREAKER_OPEN, subject,
                            "strategy " + strategyId + " on " + accountId + ": " + result.reason()
                                    + "; circuit breaker open until " + result.recoveryAt(), causationId, at),
                            timestamp, wiring.sinks().alerts());
                }
                metrics.ruleFired(BREAKER_RULE);
            }
            case CLOSE -> {
                if (current.setBy(BREAKER_RULE)) {
                    log.info("strategy {} on {}: {}; circuit breaker closed", strategyId, accountId, result.reason());
                    ControlRecord close = ReconRecords.breakerClose(key, strategyId, result.reason(), causationId, at);
                    halts.write(close, current.record(), timestamp);
                    halts.forward(BREAKER_OPEN, ReconRecords.resolved(BREAKER_OPEN, subject, "strategy " + strategyId
                            + ": " + result.reason() + "; circuit breaker closed", openedBy(current.record()), at),
                            timestamp, wiring.sinks().alerts());
                }
            }
            default -> {
            }
        }
    }

    /** The breaker's state from its record; an unreadable record counts as open without a probe (fail closed). */
    private static StrategyBreaker.State state(ControlReader.Current current) {
        if (current.unreadable()) {
            return new StrategyBreaker.State(true, null);
        }
        if (!current.active()) {
            return StrategyBreaker.State.CLOSED;
        }
        String recoveryAt = current.record().getParams().get("recoveryAt");
        try {
            return new StrategyBreaker.State(true, recoveryAt == null ? null : Instant.parse(recoveryAt));
        } catch (DateTimeParseException e) {
            return new StrategyBreaker.State(true, null);
        }
    }

    /** The cause of the run of open records that the alert was raised for (its first opening). */
    private static String openedBy(ControlRecord record) {
        String first = record.getParams().get("firstOpenedBy");
        return first == null ? record.getCausationId() : first;
    }

    private void act(String accountId, ExecutionKillRules.Result result, ExecutionKillRules.Activity before,
            String causationId, long timestamp) {
        if (!result.activity().equals(before)) {
            activities.put(accountId, result.activity());
        }
        result.trigger().ifPresent(trigger -> halts.halt(accountId, trigger.rule().name(),
                trigger.rule().critical() ? Severity.CRITICAL : Severity.WARNING, trigger.rule().name(),
                trigger.reason(), causationId, causationId, timestamp, true));
    }

    private ExecutionKillRules.Activity activity(String accountId) {
        ExecutionKillRules.Activity activity = activities.get(accountId);
        return activity == null ? ExecutionKillRules.Activity.none() : activity;
    }
}
