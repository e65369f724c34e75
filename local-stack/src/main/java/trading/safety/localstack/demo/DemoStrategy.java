package trading.safety.localstack.demo;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.ingest.config.IngestProperties.StrategyKey;

/**
 * What a new user sees move: history is backfilled once through signal-ingest's CSV loader (so the
 * data-quality gate has 250+ days), then minute bars and the demo strategies' signals keep arriving
 * through the same REST API a real strategy uses, with the strategies' own keys.
 */
public final class DemoStrategy implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DemoStrategy.class);
    private static final int HISTORY_CALENDAR_DAYS = 380;
    private static final int MAX_QUANTITY = 20;
    /** Longer than risk-stream's duplicate-intent window (60 s by default). */
    private static final Duration SHAPE_MEMORY = Duration.ofMinutes(5);

    private final String ingestUrl;
    private final String operatorToken;
    private final List<StrategyKey> strategies;
    private final Clock clock;
    private final SyntheticMarket market = new SyntheticMarket(20_260_302L);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "demo-strategy");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    /** When each intent shape (strategy, symbol, side, quantity) was last sent: the demo never repeats one. */
    private final Map<String, Instant> lastSent = new HashMap<>();
    private long sequence;
    /**
     * This run's part of every signal id: a restarted stack must not send the ids of an earlier run again,
     * which risk-stream would absorb as client retries (no decision, no order).
     */
    private final String run;

    public DemoStrategy(String ingestUrl, String operatorToken, String strategyKeys, Clock clock) {
        this.ingestUrl = ingestUrl;
        this.operatorToken = operatorToken;
        this.strategies = StrategyKey.parseAll(strategyKeys);
        this.clock = clock;
        this.run = Long.toString(clock.millis() / 1000, 36);
    }

    /**
     * Backfills history unless {@code marker} says it was done for today, then starts publishing.
     *
     * @return the number of history bars loaded now (0 when already loaded)
     */
    public int start(Path marker, Duration signalInterval, Duration barInterval) throws Exception {
        int loaded = backfill(marker);
        scheduler.scheduleAtFixedRate(safely(this::publishBars), 0, barInterval.toMillis(),
                TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(safely(this::publishSignal), signalInterval.toMillis(),
                signalInterval.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleAtFixedRate(() -> log.info("demo strategy: {} signals accepted, {} refused",
                accepted.get(), refused.get()), 1, 1, TimeUnit.MINUTES);
        return loaded;
    }

    /** The demo strategies as {@code strategyId@accountId}, never with their keys. */
    public List<String> strategies() {
        return strategies.stream().map(k -> k.strategyId() + "@" + k.accountId()).toList();
    }

    private int backfill(Path marker) throws Exception {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (Files.exists(marker) && Files.readString(marker).trim().equals(today.toString())) {
            return 0;
        }
        String csv = market.dailyHistoryCsv(today.minusDays(HISTORY_CALENDAR_DAYS), today.minusDays(1));
        HttpResponse<String> response = post("/api/v1/market-data/bars", operatorToken, "text/csv", csv);
        if (response.statusCode() != 202) {
            throw new IllegalStateException("history backfill was refused: " + response.statusCode() + " "
                    + response.body());
        }
        Files.createDirectories(marker.toAbsolutePath().getParent());
        Files.writeString(marker, today.toString());
        return (int) csv.lines().count() - 1;
    }

    private void publishBars() throws Exception {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.MINUTES);
        String csv = "symbol,barTime,open,high,low,close,volume\n" + String.join("\n", market.minuteBars(minute));
        count(post("/api/v1/market-data/bars", operatorToken, "text/csv", csv), null);
    }

    private void publishSignal() throws Exception {
        StrategyKey strategy = strategies.get(market.random().nextInt(strategies.size()));
        List<String> symbols = market.symbols();
        String symbol = symbols.get(market.random().nextInt(symbols.size()));
        BigDecimal price = market.price(symbol);
        boolean limit = market.random().nextBoolean();
        boolean buy = market.random().nextInt(3) > 0;
        Instant now = clock.instant();
        lastSent.values().removeIf(at -> at.isBefore(now.minus(SHAPE_MEMORY)));
        int quantity = freshQuantity(strategy.strategyId() + "|" + symbol + "|" + buy, now);
        if (quantity == 0) {
            return;
        }
        String body = """
                {"signalId":"%s-%s-%d","symbol":"%s","side":"%s","quantity":%d,"orderType":"%s",%s
                 "timeInForce":"DAY","referencePrice":"%s","createdAt":"%s","tags":{"source":"demo"}}"""
                .formatted(strategy.strategyId(), run, ++sequence, symbol, buy ? "BUY" : "SELL",
                        quantity, limit ? "LIMIT" : "MARKET",
                        limit ? "\"limitPrice\":\"" + price.toPlainString() + "\"," : "",
                        price.toPlainString(), now);
        count(post("/api/v1/signals", strategy.key(), "application/json", body), accepted);
    }

    /**
     * A quantity from 1 to 20 this strategy has not sent for this symbol and side within
     * {@link #SHAPE_MEMORY}, or 0 when every one was. A well-behaved strategy never sends the same intent twice
     * under different signal ids; risk-stream rejects that as a duplicate intent and recon-stream halts the
     * account for it.
     */
    private int freshQuantity(String shape, Instant now) {
        int start = market.random().nextInt(MAX_QUANTITY);
        for (int i = 0; i < MAX_QUANTITY; i++) {
            int quantity = 1 + (start + i) % MAX_QUANTITY;
            if (lastSent.putIfAbsent(shape + "|" + quantity, now) == null) {
                return quantity;
            }
        }
        return 0;
    }

    /** Counts a refusal, or an acceptance on {@code acceptedCounter} when there is one. */
    private void count(HttpResponse<String> response, AtomicLong acceptedCounter) {
        if (response.statusCode() == 202) {
            if (acceptedCounter != null) {
                acceptedCounter.incrementAndGet();
            }
        } else {
            refused.incrementAndGet();
            log.warn("demo request refused: {} {}", response.statusCode(), response.body());
        }
    }

    private HttpResponse<String> post(String path, String token, String contentType, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ingestUrl + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Signals signal-ingest accepted from the demo strategies. */
    public long accepted() {
        return accepted.get();
    }

    private interface Step {
        void run() throws Exception;
    }

    private Runnable safely(Step step) {
        return () -> {
            try {
                step.run();
            } catch (Exception e) {
                refused.incrementAndGet();
                log.warn("demo strategy step failed: {}", e.toString());
            }
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
