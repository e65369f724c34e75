package trading.safety.contract.topic;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import trading.safety.v1.AccountRiskState;
import trading.safety.v1.Alert;
import trading.safety.v1.AuditEvent;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.BrokerStatus;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DeadLetter;
import trading.safety.v1.Fill;
import trading.safety.v1.MarketBar;
import trading.safety.v1.OrderEvent;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.StrategyHealth;
import trading.safety.v1.SymbolQuality;
import trading.safety.v1.TradeSignal;

/**
 * The topic catalog: every topic of the system, once. No other code names a topic. Topics keyed
 * by account share one partition count so that per-account streams are co-partitioned; topics
 * whose order matters globally (control, audit) have one partition.
 */
public final class Topics {

    /** Partitions of every topic keyed by account or symbol; co-partitioning depends on it. */
    public static final int KEYED_PARTITIONS = 6;

    private static final Duration DAYS_30 = Duration.ofDays(30);
    private static final Duration DAYS_90 = Duration.ofDays(90);
    private static final Duration YEARS_2 = Duration.ofDays(2 * 365 + 1);
    private static final Duration YEARS_7 = Duration.ofDays(7 * 365 + 2);

    public static final Topic<TradeSignal> SIGNALS = delete("trading.signals.v1", "accountId",
            TradeSignal.class, KEYED_PARTITIONS, DAYS_30);
    public static final Topic<MarketBar> MARKET_DATA = delete("trading.market-data.v1", "symbol",
            MarketBar.class, KEYED_PARTITIONS, DAYS_30);
    public static final Topic<SignalDecision> SIGNAL_DECISIONS = delete("trading.signal-decisions.v1", "accountId",
            SignalDecision.class, KEYED_PARTITIONS, DAYS_90);
    public static final Topic<OrderIntent> ORDER_INTENTS = delete("trading.order-intents.v1", "accountId",
            OrderIntent.class, KEYED_PARTITIONS, DAYS_90);
    public static final Topic<OrderEvent> ORDER_EVENTS = delete("trading.order-events.v1", "accountId",
            OrderEvent.class, KEYED_PARTITIONS, DAYS_90);
    public static final Topic<Fill> FILLS = delete("trading.fills.v1", "accountId",
            Fill.class, KEYED_PARTITIONS, YEARS_2);
    public static final Topic<BrokerSnapshot> BROKER_SNAPSHOTS = delete("trading.broker-snapshots.v1", "accountId",
            BrokerSnapshot.class, KEYED_PARTITIONS, DAYS_90);
    public static final Topic<BrokerStatus> BROKER_STATUS = compact("trading.broker-status.v1", "brokerId",
            BrokerStatus.class, 1);
    public static final Topic<AccountRiskState> RISK_STATE = compact("trading.risk-state.v1", "accountId",
            AccountRiskState.class, KEYED_PARTITIONS);
    public static final Topic<SymbolQuality> SYMBOL_QUALITY = compact("trading.symbol-quality.v1", "symbol",
            SymbolQuality.class, KEYED_PARTITIONS);
    public static final Topic<ReconciliationResult> RECON_RESULTS = delete("trading.recon-results.v1", "accountId",
            ReconciliationResult.class, KEYED_PARTITIONS, YEARS_2);
    public static final Topic<StrategyHealth> STRATEGY_HEALTH = compact("trading.strategy-health.v1",
            "strategyId@accountId", StrategyHealth.class, KEYED_PARTITIONS);
    public static final Topic<ControlRecord> CONTROL = compact("trading.control.v1", "control key",
            ControlRecord.class, 1);
    public static final Topic<Alert> ALERTS = delete("trading.alerts.v1", "alert type",
            Alert.class, 1, DAYS_30);
    public static final Topic<AuditEvent> AUDIT = delete("trading.audit.v1", "subject",
            AuditEvent.class, 1, YEARS_7);
    public static final Topic<DeadLetter> DLQ = delete("trading.dlq.v1", "source topic",
            DeadLetter.class, 1, DAYS_30);

    /** Every topic, in the order of the design's table (strategy health, an addition, after the results). */
    public static final List<Topic<?>> ALL = List.of(SIGNALS, MARKET_DATA, SIGNAL_DECISIONS, ORDER_INTENTS,
            ORDER_EVENTS, FILLS, BROKER_SNAPSHOTS, BROKER_STATUS, RISK_STATE, SYMBOL_QUALITY, RECON_RESULTS,
            STRATEGY_HEALTH, CONTROL, ALERTS, AUDIT, DLQ);

    private Topics() {
    }

    /** The catalog entry with this name, if there is one. */
    public static Optional<Topic<?>> byName(String name) {
        return ALL.stream().filter(t -> t.name().equals(name)).findFirst();
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> Topic<V> delete(
            String name, String key, Class<V> type, int partitions, Duration retention) {
        return new Topic<>(name, key, type, partitions, CleanupPolicy.DELETE, retention);
    }

    private static <V extends org.apache.avro.specific.SpecificRecord> Topic<V> compact(
            String name, String key, Class<V> type, int partitions) {
        return new Topic<>(name, key, type, partitions, CleanupPolicy.COMPACT, null);
    }
}
