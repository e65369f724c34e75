package trading.safety.router.app;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.contract.registry.SchemaRegistry;
import trading.safety.contract.topic.Topics;
import trading.safety.router.paper.PaperBroker;
import trading.safety.v1.MarketBar;

/**
 * Feeds the paper broker its prices: every bar's close from {@code trading.market-data.v1}, from the topic's
 * beginning so the latest price of every symbol is known at start. Bars without a close are skipped.
 */
public final class MarketPriceFeed extends WholeTopicReader {

    private static final Logger log = LoggerFactory.getLogger(MarketPriceFeed.class);

    private final Deserializer<MarketBar> bars;
    private final PaperBroker broker;

    public MarketPriceFeed(String bootstrapServers, String clientId, SchemaRegistry registry, PaperBroker broker) {
        super(bootstrapServers, clientId, Topics.MARKET_DATA.name());
        this.bars = Topics.MARKET_DATA.valueSerde(registry).deserializer();
        this.broker = broker;
    }

    @Override
    void onRecord(ConsumerRecord<String, byte[]> record) {
        try {
            MarketBar bar = bars.deserialize(record.topic(), record.value());
            if (bar.getClose() != null) {
                broker.onPrice(bar.getSymbol(), bar.getClose());
            }
        } catch (RuntimeException e) {
            log.warn("paper broker skips an unreadable bar at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    @Override
    void failed(RuntimeException error) {
        log.error("paper broker price feed stopped; prices stay as they were", error);
    }
}
