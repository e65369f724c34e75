package trading.safety.ingest.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import trading.safety.v1.MarketBar;

class BarParserTest {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
    private static final Instant NOW = Instant.parse("2026-03-02T21:00:00Z");

    private final BarParser parser = new BarParser(4, 3, Duration.ofSeconds(5));

    @Test
    void readsOneBar() throws Exception {
        List<MarketBar> bars = parser.parseJson(json("""
                {"symbol":"AAPL","barTime":"2026-03-02T14:30:00Z","open":10,"high":12,"low":9.5,"close":11,"volume":1000}
                """), NOW, i -> "e" + i);

        assertThat(bars).singleElement().satisfies(bar -> {
            assertThat(bar.getSymbol()).isEqualTo("AAPL");
            assertThat(bar.getClose()).isEqualByComparingTo("11");
            assertThat(bar.getEventId()).isEqualTo("e0");
        });
    }

    @Test
    void recordsMissingAndNanPricesAsNullRatherThanRefusingThem() throws Exception {
        List<MarketBar> bars = parser.parseJson(json("""
                [{"symbol":"AAPL","barTime":"2026-03-02T14:30:00Z","high":12,"low":9,"close":NaN,"volume":0},
                 {"symbol":"AAPL","barTime":"2026-03-02T14:31:00Z","close":"NaN","volume":5},
                 {"symbol":"AAPL","barTime":"2026-03-02T14:32:00Z","close":null,"volume":5}]
                """), NOW, i -> "e" + i);

        assertThat(bars).hasSize(3).allSatisfy(bar -> assertThat(bar.getClose()).isNull());
    }

    @Test
    void refusesImpossibleBarsNamingTheBarAndField() throws Exception {
        assertThatThrownBy(() -> parser.parseJson(json("""
                [{"symbol":"AAPL","barTime":"2026-03-02T14:30:00Z","high":9,"low":12,"volume":1},
                 {"symbol":"AAPL","barTime":"2026-03-02T14:31:00Z","close":10,"volume":-1},
                 {"symbol":"AAPL","barTime":"2026-03-02T14:32:00Z","high":12,"low":9,"open":13,"close":0,"volume":1}]
                """), NOW, i -> "e"))
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.errors())
                        .extracting(FieldError::field)
                        .containsExactlyInAnyOrder("[0].high", "[1].volume", "[2].open", "[2].close"));
    }

    @Test
    void refusesBarsFromTheFutureAndMoreBarsThanAllowed() throws Exception {
        assertThatThrownBy(() -> parser.parseJson(json("""
                {"symbol":"AAPL","barTime":"2026-03-03T00:00:00Z","close":10,"volume":1}
                """), NOW, i -> "e")).hasMessageContaining("barTime");
        assertThatThrownBy(() -> parser.parseJson(json("[{},{},{},{}]"), NOW, i -> "e"))
                .hasMessageContaining("at most 3 bars");
        assertThatThrownBy(() -> parser.parseJson(json("[]"), NOW, i -> "e"))
                .hasMessageContaining("at least one bar");
    }

    @Test
    void readsCsvHistoryWithEmptyCellsAsMissing() {
        List<MarketBar> bars = parser.parseCsv("""
                symbol,barTime,open,high,low,close,volume
                MSFT,2026-02-27T21:00:00Z,400,410,395,405,1200000
                MSFT,2026-03-02T21:00:00Z,405,,,,0
                """, NOW, i -> "e" + i);

        assertThat(bars).hasSize(2);
        assertThat(bars.get(1).getClose()).isNull();
        assertThat(bars.get(0).getHigh()).isEqualByComparingTo("410");
    }

    @Test
    void refusesCsvWithAWrongHeaderOrRaggedRows() {
        assertThatThrownBy(() -> parser.parseCsv("symbol,time\nA,1\n", NOW, i -> "e"))
                .hasMessageContaining("header");
        assertThatThrownBy(() -> parser.parseCsv("symbol,barTime,open,high,low,close,volume\nA,1,2\n", NOW, i -> "e"))
                .isInstanceOfSatisfying(InvalidRequestException.class,
                        e -> assertThat(e.errors().get(0).field()).isEqualTo("[0]"));
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }
}
