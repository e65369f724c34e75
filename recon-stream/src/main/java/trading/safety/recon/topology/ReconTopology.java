package trading.safety.recon.topology;

import static trading.safety.service.streams.TopologyNodes.keyValueStore;
import static trading.safety.service.streams.TopologyNodes.latestBytesGlobalStore;
import static trading.safety.service.streams.TopologyNodes.sink;
import static trading.safety.service.streams.TopologyNodes.source;
import static trading.safety.service.streams.TopologyNodes.windowStore;

import java.math.BigDecimal;
import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topics;
import trading.safety.recon.domain.ExecutionKillRules;
import trading.safety.recon.domain.Reconciler;
import trading.safety.recon.domain.StrategyBreaker;
import trading.safety.recon.domain.StrategyHealth;
import trading.safety.recon.processor.AccountHalts;
import trading.safety.recon.processor.BreakerFailuresSerde;
import trading.safety.recon.processor.ExecutionActivitySerde;
import trading.safety.recon.processor.ExecutionRulesProcessor;
import trading.safety.recon.processor.LedgerProcessor;
import trading.safety.recon.processor.LedgerStateSerde;
import trading.safety.recon.processor.ReconMetrics;
import trading.safety.recon.processor.StrategyActivitySerde;
import trading.safety.recon.processor.StrategyHealthProcessor;

/**
 * recon-stream's topology. Every input is keyed by accountId (co-partitioned), so one task sees all of an
 * account:
 * <ul>
 *   <li>fills and broker snapshots into the ledger and its reconciliation ({@link LedgerProcessor}), writing
 *       results, and on failure an alert, an account kill switch and its audit; an operator's sync is applied
 *       to the next snapshot;</li>
 *   <li>order events and signal decisions into the automatic kill rules and the strategies' circuit breakers
 *       ({@link ExecutionRulesProcessor});</li>
 *   <li>intents, decisions, order events, the fills the ledger counted and snapshots into each strategy's
 *       health ({@link StrategyHealthProcessor}), published with each snapshot;</li>
 *   <li>a global store of the control topic, read by both (the account's kill switch, its sync command).</li>
 * </ul>
 * Every node and store is named.
 */
public final class ReconTopology {

    public static final String LEDGER_STORE = "account-ledger";
    public static final String SEEN_FILLS_STORE = "seen-fills";
    public static final String EXECUTION_STORE = "execution-activity";
    public static final String BREAKER_STORE = "breaker-failures";
    public static final String CONTROL_STORE = "control-global";
    public static final String INTENT_STRATEGIES_STORE = "intent-strategies";
    public static final String STRATEGY_LEDGERS_STORE = "strategy-ledgers";
    public static final String STRATEGY_ACTIVITY_STORE = "strategy-activity";
    public static final String STRATEGY_PUBLISHED_STORE = "strategy-health-published";
    private static final String HEALTH_PROCESSOR = "strategy-health";
    private static final String LEDGER_PROCESSOR = "account-ledger-processor";
    private static final String EXECUTION_PROCESSOR = "execution-rules";

    /**
     * @param reconciler the tolerance and the run that fails
     * @param rules the automatic kill rules' thresholds
     * @param breaker the strategies' circuit-breaker rule
     * @param health the strategy health criteria
     * @param fillMemory how long a fill id is remembered, so a fill seen twice counts once
     * @param intentMemory how long an intent's strategy is remembered, to attribute its fills and events
     * @param durableStores RocksDB stores for the service; in-memory ones for tests
     */
    public record Settings(Reconciler reconciler, ExecutionKillRules rules, StrategyBreaker breaker,
            StrategyHealth health,
            Duration fillMemory, Duration intentMemory, ReconMetrics metrics, boolean durableStores) {

        /** The runbooks' numbers everywhere, no metrics: for tests and benchmarks. */
        public static Settings runbookDefaults(boolean durableStores) {
            return new Settings(new Reconciler(new BigDecimal("0.01"), 2),
                    new ExecutionKillRules(ExecutionKillRules.Settings.defaults()),
                    new StrategyBreaker(StrategyBreaker.Settings.defaults()),
                    new StrategyHealth(StrategyHealth.Settings.defaults()), Duration.ofDays(7), Duration.ofDays(30),
                    ReconMetrics.NONE, durableStores);
        }
    }

    private ReconTopology() {
    }

    public static Topology build(Settings settings, SchemaRegistry registry) {
        AccountHalts.Sinks sinks = new AccountHalts.Sinks("alerts-out", "control-out", "audit-out");
        LedgerProcessor.Wiring ledgerWiring = new LedgerProcessor.Wiring(LEDGER_STORE, SEEN_FILLS_STORE,
                CONTROL_STORE, "recon-results-out", sinks, settings.fillMemory(), HEALTH_PROCESSOR);
        ExecutionRulesProcessor.Wiring rulesWiring = new ExecutionRulesProcessor.Wiring(EXECUTION_STORE,
                CONTROL_STORE, INTENT_STRATEGIES_STORE, BREAKER_STORE, settings.intentMemory(), sinks);
        boolean durable = settings.durableStores();
        Topology topology = new Topology();
        latestBytesGlobalStore(topology, CONTROL_STORE, Topics.CONTROL, "control-in", "control-latest");

        String[] ledgerInputs = {
            source(topology, "fills-in", Topics.FILLS, registry),
            source(topology, "broker-snapshots-in", Topics.BROKER_SNAPSHOTS, registry)};
        topology.addProcessor(LEDGER_PROCESSOR, () -> new LedgerProcessor(settings.reconciler(), ledgerWiring,
                Topics.CONTROL.valueSerde(registry).deserializer(), settings.metrics()), ledgerInputs);
        topology.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(LEDGER_STORE, durable), Serdes.String(),
                new LedgerStateSerde()), LEDGER_PROCESSOR);
        topology.addStateStore(Stores.windowStoreBuilder(windowStore(SEEN_FILLS_STORE, settings.fillMemory(), durable),
                Serdes.String(), Serdes.String()), LEDGER_PROCESSOR);

        String[] rulesInputs = {
            source(topology, "order-events-in", Topics.ORDER_EVENTS, registry),
            source(topology, "signal-decisions-in", Topics.SIGNAL_DECISIONS, registry)};
        topology.addProcessor(EXECUTION_PROCESSOR, () -> new ExecutionRulesProcessor(settings.rules(),
                settings.breaker(), rulesWiring, Topics.CONTROL.valueSerde(registry).deserializer(),
                settings.metrics()), rulesInputs);
        topology.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(EXECUTION_STORE, durable), Serdes.String(),
                new ExecutionActivitySerde()), EXECUTION_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(BREAKER_STORE, durable), Serdes.String(),
                new BreakerFailuresSerde()), EXECUTION_PROCESSOR);

        StrategyHealthProcessor.Wiring healthWiring = new StrategyHealthProcessor.Wiring(INTENT_STRATEGIES_STORE,
                STRATEGY_LEDGERS_STORE, STRATEGY_ACTIVITY_STORE, STRATEGY_PUBLISHED_STORE, "strategy-health-out",
                sinks.alerts(), settings.intentMemory());
        String intentsIn = source(topology, "order-intents-in", Topics.ORDER_INTENTS, registry);
        topology.addProcessor(HEALTH_PROCESSOR, () -> new StrategyHealthProcessor(settings.health(), healthWiring,
                settings.metrics()), intentsIn, rulesInputs[1], rulesInputs[0], LEDGER_PROCESSOR, ledgerInputs[1]);
        topology.addStateStore(Stores.windowStoreBuilder(windowStore(INTENT_STRATEGIES_STORE,
                settings.intentMemory(), durable), Serdes.String(), Serdes.String()), HEALTH_PROCESSOR,
                EXECUTION_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(STRATEGY_LEDGERS_STORE, durable),
                Serdes.String(), new LedgerStateSerde()), HEALTH_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(STRATEGY_ACTIVITY_STORE, durable),
                Serdes.String(), new StrategyActivitySerde()), HEALTH_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(keyValueStore(STRATEGY_PUBLISHED_STORE, durable),
                Serdes.String(), Serdes.String()), HEALTH_PROCESSOR);

        sink(topology, ledgerWiring.resultsSink(), Topics.RECON_RESULTS, registry, LEDGER_PROCESSOR);
        sink(topology, healthWiring.healthSink(), Topics.STRATEGY_HEALTH, registry, HEALTH_PROCESSOR);
        sink(topology, sinks.alerts(), Topics.ALERTS, registry, LEDGER_PROCESSOR, EXECUTION_PROCESSOR,
                HEALTH_PROCESSOR);
        sink(topology, sinks.control(), Topics.CONTROL, registry, LEDGER_PROCESSOR, EXECUTION_PROCESSOR);
        sink(topology, sinks.audit(), Topics.AUDIT, registry, LEDGER_PROCESSOR, EXECUTION_PROCESSOR);
        return topology;
    }
}
