package trading.safety.risk.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import trading.safety.contract.registry.InMemorySchemaRegistry;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.domain.DataQualityGate;
import trading.safety.risk.processor.DeadLetterHandler;
import trading.safety.v1.DeadLetter;
import trading.safety.v1.MarketBar;
import trading.safety.v1.QualityIssue;
import trading.safety.v1.QualityIssueType;
import trading.safety.v1.SymbolQuality;

class DataQualityTopologyTest {

    private static final Instant START = Instant.parse("2025-01-01T21:00:00Z");
    private static final Path FROZEN = Paths.get("src", "test", "resources", "risk-topology.txt");

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final AtomicInteger deadLettered = new AtomicInteger();
    private TopologyTestDriver driver;
    private Topology topology;
    private TestInputTopic<String, MarketBar> bars;
    private TestInputTopic<String, byte[]> rawBars;
    private TestOutputTopic<String, SymbolQuality> quality;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "risk-stream-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.SERIALIZER, Topics.DLQ.valueSerde(registry).serializer());
        props.put(DeadLetterHandler.SERVICE, "risk-stream");
        props.put(DeadLetterHandler.COUNTER, (Runnable) deadLettered::incrementAndGet);
        topology = RiskTopology.build(DataQualityGate.runbookDefaults(), new RiskTopology.Serdes(
                Topics.MARKET_DATA.valueSerde(registry), Topics.SYMBOL_QUALITY.valueSerde(registry)), props);
        driver = new TopologyTestDriver(topology, props);
        bars = driver.createInputTopic(Topics.MARKET_DATA.name(), new StringSerializer(),
                Topics.MARKET_DATA.valueSerde(registry).serializer());
        rawBars = driver.createInputTopic(Topics.MARKET_DATA.name(), new StringSerializer(), new ByteArraySerializer());
        quality = driver.createOutputTopic(Topics.SYMBOL_QUALITY.name(), new StringDeserializer(),
                Topics.SYMBOL_QUALITY.valueSerde(registry).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DLQ.name(), new StringDeserializer(),
                Topics.DLQ.valueSerde(registry).deserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void publishesATradableVerdictOnceAYearOfCleanHistoryHasArrived() {
        for (int day = 0; day < 250; day++) {
            pipe("AAPL", START.plus(Duration.ofDays(day)), "100");
        }

        List<SymbolQuality> verdicts = quality.readValuesToList();

        assertThat(verdicts).hasSize(250);
        assertThat(verdicts.get(248).getTradable()).isFalse();
        assertThat(verdicts.get(248).getIssues()).extracting(QualityIssue::getType)
                .containsExactly(QualityIssueType.INSUFFICIENT_HISTORY);
        SymbolQuality last = verdicts.get(249);
        assertThat(last.getTradable()).isTrue();
        assertThat(last.getHistoryDays()).isEqualTo(250);
        assertThat(last.getLastBarTime()).isEqualTo(START.plus(Duration.ofDays(249)));
        assertThat(last.getCausationId()).isEqualTo("bar-AAPL-" + START.plus(Duration.ofDays(249)).toEpochMilli());
    }

    @Test
    void blocksASymbolOnAJumpAndKeepsSymbolsApart() {
        for (int day = 0; day < 250; day++) {
            pipe("AAPL", START.plus(Duration.ofDays(day)), "100");
            pipe("MSFT", START.plus(Duration.ofDays(day)), "400");
        }
        quality.readValuesToList();

        pipe("AAPL", START.plus(Duration.ofDays(250)), "160");
        pipe("MSFT", START.plus(Duration.ofDays(250)), "401");

        List<SymbolQuality> verdicts = quality.readValuesToList();
        assertThat(verdicts.get(0).getSymbol()).isEqualTo("AAPL");
        assertThat(verdicts.get(0).getIssues()).extracting(QualityIssue::getType)
                .containsExactly(QualityIssueType.PRICE_OUTLIER);
        assertThat(verdicts.get(1).getTradable()).isTrue();
    }

    @Test
    void deadLettersUnreadableBarsWithTheirSourceOffsetAndKeepsRunning() {
        pipe("AAPL", START, "100");
        rawBars.pipeInput("AAPL", "not avro".getBytes(StandardCharsets.UTF_8), START.plusSeconds(60));
        pipe("AAPL", START.plusSeconds(120), "100");

        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.getSourceTopic()).isEqualTo(Topics.MARKET_DATA.name());
            assertThat(letter.getOffset()).isEqualTo(1L);
            assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_MAGIC_BYTE");
            assertThat(letter.getService()).isEqualTo("risk-stream");
        });
        assertThat(deadLettered.get()).isEqualTo(1);
        assertThat(quality.readValuesToList()).hasSize(2);
    }

    @Test
    void keepsItsNamedNodesAndStores() throws IOException {
        String described = topology.describe().toString();

        assertThat(described).contains(RiskTopology.SYMBOL_QUALITY_STORE).contains("data-quality-gate");
        if (Boolean.getBoolean("freeze.topology")) {
            Files.writeString(FROZEN, described);
        }
        assertThat(described).as("topology changed: review, then rerun with -Dfreeze.topology=true")
                .isEqualTo(Files.readString(FROZEN));
    }

    private void pipe(String symbol, Instant barTime, String close) {
        MarketBar bar = MarketBar.newBuilder().setEventId("bar-" + symbol + "-" + barTime.toEpochMilli())
                .setSymbol(symbol).setBarTime(barTime).setOpen(Decimals.of(close)).setHigh(Decimals.of(close))
                .setLow(Decimals.of(close)).setClose(Decimals.of(new BigDecimal(close))).setVolume(Decimals.of(1000))
                .build();
        bars.pipeInput(symbol, bar, barTime);
    }
}
