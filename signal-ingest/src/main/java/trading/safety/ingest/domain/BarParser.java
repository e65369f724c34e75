package trading.safety.ingest.domain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import trading.safety.v1.MarketBar;

/**
 * Turns market-data bodies (one JSON bar, a JSON array of bars, or CSV with a header row) into
 * {@link MarketBar}s, or reports every rule broken, with the bar's index in the field path. A missing
 * or NaN price is data (recorded as null, for the data-quality gate); an impossible bar is an error.
 * Pure: time is passed in.
 */
public final class BarParser {

    public static final List<String> CSV_COLUMNS = List.of("symbol", "barTime", "open", "high", "low", "close",
            "volume");
    private static final Set<String> FIELDS = Set.copyOf(CSV_COLUMNS);

    private final int priceDecimals;
    private final int maxBars;
    private final Duration maxClockSkew;

    public BarParser(int priceDecimals, int maxBars, Duration maxClockSkew) {
        this.priceDecimals = priceDecimals;
        this.maxBars = maxBars;
        this.maxClockSkew = maxClockSkew;
    }

    /** Parses one bar object or an array of them. */
    public List<MarketBar> parseJson(JsonNode body, Instant now, Function<Integer, String> eventIds) {
        if (body != null && body.isObject()) {
            return parseAll(List.of(body), false, now, eventIds);
        }
        if (body == null || !body.isArray()) {
            throw new InvalidRequestException(List.of(new FieldError("", "body must be a bar object or an array of bars")));
        }
        List<JsonNode> bars = new ArrayList<>();
        body.forEach(bars::add);
        return parseAll(bars, true, now, eventIds);
    }

    /** Parses CSV whose first row names the columns {@link #CSV_COLUMNS} (any order); empty or NaN cells are missing. */
    public List<MarketBar> parseCsv(String csv, Instant now, Function<Integer, String> eventIds) {
        List<String> lines = csv.lines().filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            throw new InvalidRequestException(List.of(new FieldError("", "CSV body has no header row")));
        }
        List<String> header = List.of(lines.get(0).trim().split("\\s*,\\s*", -1));
        if (!Set.copyOf(header).equals(FIELDS) || header.size() != FIELDS.size()) {
            throw new InvalidRequestException(List.of(new FieldError("header", "must name the columns "
                    + String.join(",", CSV_COLUMNS))));
        }
        List<JsonNode> rows = new ArrayList<>();
        List<FieldError> shapeErrors = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != header.size()) {
                shapeErrors.add(new FieldError("[" + (i - 1) + "]", "has " + cells.length + " cells but the header has "
                        + header.size()));
                continue;
            }
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            for (int c = 0; c < header.size(); c++) {
                String cell = cells[c].trim();
                if (!cell.isEmpty()) {
                    row.put(header.get(c), cell);
                }
            }
            rows.add(row);
        }
        if (!shapeErrors.isEmpty()) {
            throw new InvalidRequestException(shapeErrors);
        }
        return parseAll(rows, true, now, eventIds);
    }

    private List<MarketBar> parseAll(List<JsonNode> nodes, boolean indexed, Instant now,
            Function<Integer, String> eventIds) {
        if (nodes.isEmpty()) {
            throw new InvalidRequestException(List.of(new FieldError("", "must contain at least one bar")));
        }
        if (nodes.size() > maxBars) {
            throw new InvalidRequestException(List.of(new FieldError("", "must contain at most " + maxBars
                    + " bars")));
        }
        List<FieldError> errors = new ArrayList<>();
        List<MarketBar> bars = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            MarketBar bar = parseOne(nodes.get(i), indexed ? "[" + i + "]" : "", now, eventIds.apply(i), errors);
            if (bar != null) {
                bars.add(bar);
            }
        }
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return bars;
    }

    private MarketBar parseOne(JsonNode node, String path, Instant now, String eventId, List<FieldError> errors) {
        if (!node.isObject()) {
            errors.add(new FieldError(path, "must be a bar object"));
            return null;
        }
        int before = errors.size();
        JsonFields fields = new JsonFields(node, path, FIELDS, errors);
        String symbol = fields.text("symbol", true, SignalParser.SYMBOL, "an upper-case symbol such as AAPL");
        Instant barTime = fields.instant("barTime");
        if (barTime != null && barTime.isAfter(now.plus(maxClockSkew))) {
            fields.reject("barTime", "must not be in the future");
        }
        BigDecimal open = price(fields, "open");
        BigDecimal high = price(fields, "high");
        BigDecimal low = price(fields, "low");
        BigDecimal close = price(fields, "close");
        BigDecimal volume = fields.decimal("volume", true, 8, false);
        if (high != null && low != null) {
            if (high.compareTo(low) < 0) {
                fields.reject("high", "must not be below low");
            } else {
                outsideRange(fields, "open", open, low, high);
                outsideRange(fields, "close", close, low, high);
            }
        }
        if (errors.size() > before) {
            return null;
        }
        return MarketBar.newBuilder()
                .setEventId(eventId)
                .setCausationId(null)
                .setSymbol(symbol)
                .setBarTime(barTime)
                .setOpen(open)
                .setHigh(high)
                .setLow(low)
                .setClose(close)
                .setVolume(volume)
                .build();
    }

    /** A price, or null when missing or NaN at the source. */
    private BigDecimal price(JsonFields fields, String name) {
        JsonNode node = fields.node(name);
        boolean nan = node != null && ((node.isTextual() && node.textValue().equalsIgnoreCase("NaN"))
                || (node.isNumber() && node.isFloatingPointNumber() && Double.isNaN(node.doubleValue())));
        return nan ? null : fields.decimal(name, false, priceDecimals, true);
    }

    private static void outsideRange(JsonFields fields, String name, BigDecimal value, BigDecimal low,
            BigDecimal high) {
        if (value != null && (value.compareTo(low) < 0 || value.compareTo(high) > 0)) {
            fields.reject(name, "must lie between low and high");
        }
    }
}
