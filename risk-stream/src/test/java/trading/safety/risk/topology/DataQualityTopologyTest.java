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
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.DeadLetter;
import trading.safety.v1.MarketBar;
import trading.safety.v1.QualityIssue;
import trading.safety.v1.QualityIssueType;
import trading.safety.v1.SymbolQuality;

class DataQualityTopologyTest {

    private static final Instant START = Instant.parse("2025-01-01T21:00:00Z");
    private static final Path FROZEN = Paths.get("src", "test", "resources", "risk-topology.txt");

    private RiskDriver risk;
    private TestInputTopic<String, MarketBar> bars;
    private TestInputTopic<String, byte[]> rawBars;
    private TestOutputTopic<String, SymbolQuality> quality;
    private TestOutputTopic<String, DeadLetter> deadLetters;

    @BeforeEach
    void start() {
        risk = new RiskDriver();
        bars = risk.bars;
        rawBars = risk.raw(Topics.MARKET_DATA);
        quality = risk.quality;
        deadLetters = risk.deadLetters;
    }

    @AfterEach
    void stop() {
        risk.close();
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
        assertThat(risk.deadLettered.get()).isEqualTo(1);
        assertThat(quality.readValuesToList()).hasSize(2);
    }

    @Test
    void keepsItsNamedNodesAndStores() throws IOException {
        String described = risk.topology.describe().toString();

        assertThat(described).contains(RiskTopology.SYMBOL_QUALITY_STORE, RiskTopology.ACCOUNT_STORE,
                RiskTopology.REPLAY_STORE, RiskTopology.CONTROL_STORE, RiskTopology.SYMBOL_VERDICT_STORE,
                "data-quality-gate", "account-risk");
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
