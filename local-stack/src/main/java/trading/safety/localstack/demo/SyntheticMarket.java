package trading.safety.localstack.demo;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded random-walk prices for the demo symbols: daily history for the data-quality gate, then
 * minute bars and reference prices for the live demo. The same seed gives the same market.
 */
final class SyntheticMarket {

    private static final Map<String, Double> START_PRICES = Map.of("AAPL", 190.0, "MSFT", 410.0, "SPY", 510.0,
            "NVDA", 120.0);

    private final Random random;
    private final Map<String, Double> last = new LinkedHashMap<>();

    SyntheticMarket(long seed) {
        this.random = new Random(seed);
        START_PRICES.keySet().stream().sorted().forEach(s -> last.put(s, START_PRICES.get(s)));
    }

    List<String> symbols() {
        return List.copyOf(last.keySet());
    }

    /** One daily bar per symbol per weekday from {@code from} to {@code to} inclusive, as CSV. */
    String dailyHistoryCsv(LocalDate from, LocalDate to) {
        StringBuilder csv = new StringBuilder("symbol,barTime,open,high,low,close,volume\n");
        for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
            if (day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY) {
                continue;
            }
            Instant close = day.atTime(21, 0).toInstant(ZoneOffset.UTC);
            for (String symbol : symbols()) {
                csv.append(bar(symbol, close, 0.012, 5_000_000)).append('\n');
            }
        }
        return csv.toString();
    }

    /** One minute bar per symbol ending at {@code at}, as CSV rows without header. */
    List<String> minuteBars(Instant at) {
        List<String> rows = new ArrayList<>();
        for (String symbol : symbols()) {
            rows.add(bar(symbol, at, 0.0008, 20_000));
        }
        return rows;
    }

    /** The latest price of a symbol, as the demo strategies see it. */
    BigDecimal price(String symbol) {
        return money(last.get(symbol));
    }

    Random random() {
        return random;
    }

    private String bar(String symbol, Instant time, double volatility, int baseVolume) {
        double open = last.get(symbol);
        double close = Math.max(1.0, open * (1 + random.nextGaussian() * volatility));
        double high = Math.max(open, close) * (1 + Math.abs(random.nextGaussian()) * volatility / 2);
        double low = Math.min(open, close) * (1 - Math.abs(random.nextGaussian()) * volatility / 2);
        last.put(symbol, close);
        long volume = baseVolume + random.nextInt(baseVolume);
        return String.join(",", symbol, time.toString(), money(open).toPlainString(), money(high).toPlainString(),
                money(low).toPlainString(), money(close).toPlainString(), Long.toString(volume));
    }

    private static BigDecimal money(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_EVEN);
    }
}
