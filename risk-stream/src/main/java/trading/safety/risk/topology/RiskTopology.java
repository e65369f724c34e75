package trading.safety.risk.topology;

import static trading.safety.service.streams.TopologyNodes.keyValueStore;
import static trading.safety.service.streams.TopologyNodes.latestBytesGlobalStore;
import static trading.safety.service.streams.TopologyNodes.sink;
import static trading.safety.service.streams.TopologyNodes.source;
import static trading.safety.service.streams.TopologyNodes.windowStore;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.StoreBuilder;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.domain.AccountRisk;
import trading.safety.risk.domain.DataQualityGate;
import trading.safety.risk.processor.AccountRiskProcessor;
import trading.safety.risk.processor.AccountStateSerde;
import trading.safety.risk.processor.RiskMetrics;
import trading.safety.risk.processor.SymbolQualityProcessor;
import trading.safety.risk.processor.SymbolQualityStateSerde;

/**
 * risk-stream's topology, in two sub-topologies plus two global stores, every node and store named (a
 * test freezes the description, so a rename that would orphan state fails loudly):
 * <ul>
 *   <li>the data-quality gate: market bars (keyed by symbol) to per-symbol verdicts on the compacted
 *   {@code trading.symbol-quality.v1};</li>
 *   <li>the account processor: signals, fills, broker snapshots and reconciliation results (all keyed by
 *   accountId, so co-partitioned) to decisions, intents, risk states, alerts and the automatic control
 *   records;</li>
 *   <li>global stores of the control topic and of the symbol verdicts, read by every account task.</li>
 * </ul>
 */
public final class RiskTopology {

    public static final String SYMBOL_QUALITY_STORE = "symbol-quality-state";
    public static final String ACCOUNT_STORE = "account-risk-state";
    public static final String REPLAY_STORE = "signal-replays";
    public static final String SEEN_SIGNAL_STORE = "seen-signals";
    public static final String CONTROL_STORE = "control-global";
    public static final String SYMBOL_VERDICT_STORE = "symbol-quality-global";

    private static final String ACCOUNT_PROCESSOR = "account-risk";

    /**
     * What the topology decides with.
     *
     * @param replayWindow how long a decided signalId is remembered, so a replay of it is absorbed
     * @param durableStores RocksDB stores for the running service; in-memory ones for an audit replay,
     *     which starts empty, reads a bounded range and must be fast
     */
    public record Settings(DataQualityGate gate, AccountRisk risk, Duration replayWindow, RiskMetrics metrics,
            boolean durableStores) {

        public Settings inMemory() {
            return new Settings(gate, risk, replayWindow, metrics, false);
        }
    }

    private RiskTopology() {
    }

    /** The account processor's wiring with the topology's store names and the given sink names. */
    public static AccountRiskProcessor.Wiring wiring(Settings settings, String decisionsSink, String intentsSink,
            String riskStateSink, String alertsSink, String controlSink, String auditSink) {
        return new AccountRiskProcessor.Wiring(ACCOUNT_STORE, REPLAY_STORE, SEEN_SIGNAL_STORE, CONTROL_STORE,
                SYMBOL_VERDICT_STORE, decisionsSink, intentsSink, riskStateSink, alertsSink, controlSink, auditSink,
                settings.replayWindow(), seenSignalRetention(settings));
    }

    /** The account processor's own stores: account states, decided signalIds and seen signals. */
    public static List<StoreBuilder<?>> accountStores(Settings settings) {
        boolean durable = settings.durableStores();
        Duration replayRetention = settings.replayWindow().plus(AccountRiskProcessor.REPLAY_BUCKET);
        return List.of(
                Stores.keyValueStoreBuilder(keyValueStore(ACCOUNT_STORE, durable), Serdes.String(),
                        new AccountStateSerde()),
                Stores.windowStoreBuilder(windowStore(REPLAY_STORE, replayRetention, durable), Serdes.String(),
                        Serdes.String()),
                Stores.windowStoreBuilder(windowStore(SEEN_SIGNAL_STORE, seenSignalRetention(settings), durable, true),
                        Serdes.String(), Serdes.Long()));
    }

    private static Duration seenSignalRetention(Settings settings) {
        return settings.risk().duplicateWindow().plus(AccountRiskProcessor.SEEN_SIGNAL_MARGIN);
    }

    public static Topology build(Settings settings, SchemaRegistry registry) {
        AccountRiskProcessor.Wiring wiring = wiring(settings, "decisions-out", "intents-out", "risk-state-out",
                "alerts-out", "control-out", "audit-out");
        Topology topology = new Topology();

        topology.addSource("market-bars", Topics.MARKET_DATA.keySerde().deserializer(),
                Topics.MARKET_DATA.valueSerde(registry).deserializer(), Topics.MARKET_DATA.name());
        topology.addProcessor("data-quality-gate", () -> new SymbolQualityProcessor(settings.gate(),
                SYMBOL_QUALITY_STORE), "market-bars");
        topology.addStateStore(Stores.keyValueStoreBuilder(
                keyValueStore(SYMBOL_QUALITY_STORE, settings.durableStores()),
                Topics.MARKET_DATA.keySerde(), new SymbolQualityStateSerde()), "data-quality-gate");
        sink(topology, "symbol-quality-out", Topics.SYMBOL_QUALITY, registry, "data-quality-gate");

        latestBytesGlobalStore(topology, CONTROL_STORE, Topics.CONTROL, "control-in", "control-latest");
        latestBytesGlobalStore(topology, SYMBOL_VERDICT_STORE, Topics.SYMBOL_QUALITY, "symbol-quality-in",
                "symbol-quality-latest");

        String[] inputs = {
            source(topology, "signals-in", Topics.SIGNALS, registry),
            source(topology, "fills-in", Topics.FILLS, registry),
            source(topology, "broker-snapshots-in", Topics.BROKER_SNAPSHOTS, registry),
            source(topology, "recon-results-in", Topics.RECON_RESULTS, registry)};
        topology.addProcessor(ACCOUNT_PROCESSOR, () -> new AccountRiskProcessor(settings.risk(), wiring,
                Topics.CONTROL.valueSerde(registry).deserializer(),
                Topics.SYMBOL_QUALITY.valueSerde(registry).deserializer(), settings.metrics()), inputs);
        for (StoreBuilder<?> store : accountStores(settings)) {
            topology.addStateStore(store, ACCOUNT_PROCESSOR);
        }
        sink(topology, wiring.decisionsSink(), Topics.SIGNAL_DECISIONS, registry, ACCOUNT_PROCESSOR);
        sink(topology, wiring.intentsSink(), Topics.ORDER_INTENTS, registry, ACCOUNT_PROCESSOR);
        sink(topology, wiring.riskStateSink(), Topics.RISK_STATE, registry, ACCOUNT_PROCESSOR);
        sink(topology, wiring.alertsSink(), Topics.ALERTS, registry, ACCOUNT_PROCESSOR);
        sink(topology, wiring.controlSink(), Topics.CONTROL, registry, ACCOUNT_PROCESSOR);
        sink(topology, wiring.auditSink(), Topics.AUDIT, registry, ACCOUNT_PROCESSOR);
        return topology;
    }
}
