package trading.safety.recon.topology;

import static trading.safety.service.streams.TopologyNodes.sink;
import static trading.safety.service.streams.TopologyNodes.source;

import java.time.Duration;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topics;
import trading.safety.recon.domain.Reconciler;
import trading.safety.recon.processor.LedgerProcessor;
import trading.safety.recon.processor.LedgerStateSerde;

/**
 * recon-stream's topology: fills and broker snapshots (both keyed by accountId, so co-partitioned) into the
 * per-account ledger and its reconciliation, writing results, alerts and automatic account kill switches.
 * Every node and store is named.
 */
public final class ReconTopology {

    public static final String LEDGER_STORE = "account-ledger";
    public static final String SEEN_FILLS_STORE = "seen-fills";
    private static final String LEDGER_PROCESSOR = "account-ledger-processor";

    /**
     * @param reconciler the tolerance and the run that fails
     * @param fillMemory how long a fill id is remembered, so a fill seen twice counts once
     * @param durableStores RocksDB stores for the service; in-memory ones for tests
     */
    public record Settings(Reconciler reconciler, Duration fillMemory, boolean durableStores) {
    }

    private ReconTopology() {
    }

    public static Topology build(Settings settings, SchemaRegistry registry) {
        LedgerProcessor.Wiring wiring = new LedgerProcessor.Wiring(LEDGER_STORE, SEEN_FILLS_STORE,
                "recon-results-out", "alerts-out", "control-out", settings.fillMemory());
        Topology topology = new Topology();
        String[] inputs = {
            source(topology, "fills-in", Topics.FILLS, registry),
            source(topology, "broker-snapshots-in", Topics.BROKER_SNAPSHOTS, registry)};
        topology.addProcessor(LEDGER_PROCESSOR, () -> new LedgerProcessor(settings.reconciler(), wiring), inputs);
        topology.addStateStore(Stores.keyValueStoreBuilder(settings.durableStores()
                ? Stores.persistentKeyValueStore(LEDGER_STORE) : Stores.inMemoryKeyValueStore(LEDGER_STORE),
                Serdes.String(), new LedgerStateSerde()), LEDGER_PROCESSOR);
        topology.addStateStore(Stores.windowStoreBuilder(settings.durableStores()
                ? Stores.persistentWindowStore(SEEN_FILLS_STORE, settings.fillMemory(), Duration.ofMillis(1), false)
                : Stores.inMemoryWindowStore(SEEN_FILLS_STORE, settings.fillMemory(), Duration.ofMillis(1), false),
                Serdes.String(), Serdes.String()), LEDGER_PROCESSOR);
        sink(topology, wiring.resultsSink(), Topics.RECON_RESULTS, registry, LEDGER_PROCESSOR);
        sink(topology, wiring.alertsSink(), Topics.ALERTS, registry, LEDGER_PROCESSOR);
        sink(topology, wiring.controlSink(), Topics.CONTROL, registry, LEDGER_PROCESSOR);
        return topology;
    }
}
