package trading.safety.recon.processor;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import trading.safety.contract.serde.Decimals;
import trading.safety.recon.domain.AccountLedger;
import trading.safety.recon.domain.StrategyHealth;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.DecisionOutcome;
import trading.safety.v1.Fill;
import trading.safety.v1.HealthStatus;
import trading.safety.v1.HealthWindow;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderEventType;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.Severity;
import trading.safety.v1.Side;
import trading.safety.v1.SignalDecision;

/**
 * Each strategy's health on one account, from records all keyed by accountId: risk-stream's decisions (decided,
 * rejected), the broker's rejections of the strategy's orders, and its fills, attributed through the intents
 * (intent id to strategy, remembered for {@code intentMemory}). A fill's realized PnL comes from a ledger kept
 * per strategy, so a trade is a fill that reduces that strategy's position. With each broker snapshot of the
 * account, every strategy with activity in the last 30 days is scored over 7 and 30 days and published when
 * its scores changed; a 7-day status that leaves HEALTHY raises an alert (WARNING, or CRITICAL for a CRITICAL
 * status), raised again as CRITICAL (same alert id) if a WARNING becomes CRITICAL, and resolved when it is
 * HEALTHY again.
 */
public final class StrategyHealthProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /** Store and sink names, from the topology. */
    public record Wiring(String intentsStore, String ledgersStore, String activityStore, String publishedStore,
            String healthSink, String alertsSink, Duration intentMemory) {
    }

    /** The alert type of an unhealthy strategy (and of its all-clear). */
    public static final String STRATEGY_HEALTH = "STRATEGY_HEALTH";
    private static final String SEPARATOR = "|";

    private final StrategyHealth health;
    private final Wiring wiring;
    private final ReconMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;
    private IntentStrategies intents;
    private KeyValueStore<String, LedgerState> ledgers;
    private KeyValueStore<String, StrategyHealth.Activity> activities;
    private KeyValueStore<String, String> published;

    public StrategyHealthProcessor(StrategyHealth health, Wiring wiring, ReconMetrics metrics) {
        this.health = health;
        this.wiring = wiring;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.intents = new IntentStrategies(context.getStateStore(wiring.intentsStore()), wiring.intentMemory());
        this.ledgers = context.getStateStore(wiring.ledgersStore());
        this.activities = context.getStateStore(wiring.activityStore());
        this.published = context.getStateStore(wiring.publishedStore());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        Instant at = Instant.ofEpochMilli(record.timestamp());
        if (value instanceof OrderIntent intent) {
            if (intent.getStrategyId() != null) {
                intents.remember(intent.getIntentId(), intent.getStrategyId(), record.timestamp());
            }
        } else if (value instanceof SignalDecision decision) {
            update(decision.getAccountId(), decision.getStrategyId(), activity -> health.decided(activity, at,
                    decision.getOutcome() != DecisionOutcome.APPROVED));
        } else if (value instanceof OrderEvent event) {
            if (event.getType() == OrderEventType.REJECTED && event.getLatencyMicros() != null
                    && !event.getDryRun()) {
                String strategy = intents.strategyOf(event.getIntentId(), record.timestamp());
                if (strategy != null) {
                    update(event.getAccountId(), strategy, activity -> health.brokerRejected(activity, at));
                }
            }
        } else if (value instanceof Fill fill) {
            onFill(fill, at, record.timestamp());
        } else if (value instanceof BrokerSnapshot snapshot) {
            publish(snapshot, record.timestamp());
        }
    }

    private void onFill(Fill fill, Instant at, long timestamp) {
        String strategy = intents.strategyOf(fill.getIntentId(), timestamp);
        if (strategy == null) {
            return;
        }
        String key = key(fill.getAccountId(), strategy);
        LedgerState state = ledgers.get(key);
        AccountLedger before = state == null ? AccountLedger.empty() : state.ledger();
        AccountLedger after = before.apply(ReconRecords.trade(fill));
        ledgers.put(key, (state == null ? LedgerState.initial() : state).withLedger(after));
        BigDecimal held = before.quantity(fill.getSymbol());
        boolean closing = held.signum() != 0 && (held.signum() > 0) != (fill.getSide() == Side.BUY);
        update(fill.getAccountId(), strategy, activity -> health.filled(activity, at, closing,
                after.realizedPnl().subtract(before.realizedPnl()), fill.getFee()));
    }

    private void publish(BrokerSnapshot snapshot, long timestamp) {
        Instant asOf = Instant.ofEpochMilli(timestamp);
        String prefix = snapshot.getAccountId() + SEPARATOR;
        List<KeyValue<String, StrategyHealth.Activity>> strategies = new ArrayList<>();
        try (KeyValueIterator<String, StrategyHealth.Activity> all = activities.prefixScan(prefix,
                Serdes.String().serializer())) {
            all.forEachRemaining(strategies::add);
        }
        for (KeyValue<String, StrategyHealth.Activity> entry : strategies) {
            String strategyId = entry.key.substring(prefix.length());
            StrategyHealth.Score week = health.score(entry.value, asOf, 7);
            StrategyHealth.Score month = health.score(entry.value, asOf, 30);
            String previous = published.get(entry.key);
            String[] parts = previous == null ? new String[] {"", "", HealthStatus.HEALTHY.name(), ""}
                    : previous.split("\\|", -1);
            String signature = week.score() + SEPARATOR + month.score();
            if (signature.equals(parts[0] + SEPARATOR + parts[1])) {
                continue;
            }
            String subject = strategyId + "@" + snapshot.getAccountId();
            String raisedBy = parts[3];
            boolean wasHealthy = parts[2].equals(HealthStatus.HEALTHY.name());
            boolean healthy = week.status() == StrategyHealth.Status.HEALTHY;
            boolean escalated = parts[2].equals(HealthStatus.WARNING.name())
                    && week.status() == StrategyHealth.Status.CRITICAL;
            if (wasHealthy && !healthy || escalated) {
                // A new episode gets its own alert; an escalation re-raises the episode's alert as CRITICAL.
                raisedBy = wasHealthy ? snapshot.getEventId() : raisedBy;
                forward(STRATEGY_HEALTH, ReconRecords.alert(week.status() == StrategyHealth.Status.CRITICAL
                        ? Severity.CRITICAL : Severity.WARNING, STRATEGY_HEALTH, subject, "strategy " + strategyId
                        + " on " + snapshot.getAccountId() + ": 7-day health " + week.score() + " ("
                        + week.status() + "): " + String.join("; ", week.findings()), raisedBy, asOf), timestamp,
                        wiring.alertsSink());
            } else if (!wasHealthy && healthy) {
                forward(STRATEGY_HEALTH, ReconRecords.resolved(STRATEGY_HEALTH, subject, "strategy " + strategyId
                        + " on " + snapshot.getAccountId() + ": 7-day health " + week.score() + " again", raisedBy,
                        asOf), timestamp, wiring.alertsSink());
                raisedBy = "";
            }
            published.put(entry.key, signature + SEPARATOR + week.status().name() + SEPARATOR + raisedBy);
            forward(subject, trading.safety.v1.StrategyHealth.newBuilder()
                    .setEventId("health:" + subject + ":" + snapshot.getEventId())
                    .setCausationId(snapshot.getEventId())
                    .setStrategyId(strategyId)
                    .setAccountId(snapshot.getAccountId())
                    .setAsOf(asOf)
                    .setWindows(List.of(window(week), window(month)))
                    .build(), timestamp, wiring.healthSink());
            metrics.strategyHealth(strategyId, snapshot.getAccountId(), week.score(), month.score());
        }
    }

    private static HealthWindow window(StrategyHealth.Score score) {
        return HealthWindow.newBuilder()
                .setDays(score.days())
                .setDecisions(score.decisions())
                .setRejections(score.rejections())
                .setRejectionRate(Decimals.of(BigDecimal.valueOf(score.rejectionRate())))
                .setTrades(score.trades())
                .setNetPnl(Decimals.of(score.netPnl()))
                .setExpectancy(score.expectancy() == null ? null : Decimals.of(score.expectancy()))
                .setScore(Decimals.of(BigDecimal.valueOf(score.score())))
                .setStatus(HealthStatus.valueOf(score.status().name()))
                .setFindings(List.copyOf(score.findings()))
                .build();
    }

    private void update(String accountId, String strategyId, UnaryOperator<StrategyHealth.Activity> change) {
        String key = key(accountId, strategyId);
        StrategyHealth.Activity activity = activities.get(key);
        StrategyHealth.Activity next = change.apply(activity == null ? StrategyHealth.Activity.none() : activity);
        if (!next.equals(activity)) {
            activities.put(key, next);
        }
    }

    private static String key(String accountId, String strategyId) {
        return accountId + SEPARATOR + strategyId;
    }

    private void forward(String key, SpecificRecord value, long timestamp, String sink) {
        context.forward(new Record<>(key, value, timestamp), sink);
    }
}
