package trading.safety.risk.topology;

import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.domain.DataQualityGate;
import trading.safety.risk.processor.SymbolQualityProcessor;
import trading.safety.risk.processor.SymbolQualityStateSerde;
import trading.safety.v1.MarketBar;
import trading.safety.v1.SymbolQuality;

/**
 * risk-stream's topology. Every node and store is named, and a test freezes the description, so a
 * rename that would orphan state fails loudly. So far: the data-quality gate, market bars in (keyed and
 * partitioned by symbol), per-symbol verdicts out on the compacted {@code trading.symbol-quality.v1}.
 */
public final class RiskTopology {

    public static final String SYMBOL_QUALITY_STORE = "symbol-quality-state";

    private RiskTopology() {
    }

    /** The value serdes the topology reads and writes, bound to one registry. */
    public record Serdes(Serde<MarketBar> marketBars, Serde<SymbolQuality> symbolQuality) {
    }

    public static Topology build(DataQualityGate gate, Serdes serdes, Properties streamsProperties) {
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SYMBOL_QUALITY_STORE),
                Topics.MARKET_DATA.keySerde(), new SymbolQualityStateSerde()));
        builder.stream(Topics.MARKET_DATA.name(),
                        Consumed.with(Topics.MARKET_DATA.keySerde(), serdes.marketBars()).withName("market-bars"))
                .process(() -> new SymbolQualityProcessor(gate, SYMBOL_QUALITY_STORE), Named.as("data-quality-gate"),
                        SYMBOL_QUALITY_STORE)
                .to(Topics.SYMBOL_QUALITY.name(), Produced.with(Topics.SYMBOL_QUALITY.keySerde(), serdes.symbolQuality())
                        .withName("symbol-quality-out"));
        return builder.build(streamsProperties);
    }
}
