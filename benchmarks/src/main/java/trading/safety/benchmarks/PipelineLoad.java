package trading.safety.benchmarks;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.DelayQueue;
import java.util.concurrent.Delayed;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import trading.safety.benchmarks.PipelineStack.StrategyKey;

/**
 * Steady load on the whole pipeline, as strategies and a market-data feed would send it: a year of daily
 * history first (the data-quality gate wants 250 days per symbol), then a minute bar per symbol every few
 * seconds through signal-ingest (and the same price to the paper broker, which a router with a remote paper
 * broker does not feed), and signals at a fixed rate spread over every strategy key.
 *
 * <p>Every signal a 202 answered is recorded with when; a 503, a 5xx or a connection error is sent again
 * with the same signal id and body (the pipeline absorbs replays) with backoff, so an accepted-or-not signal
 * is never abandoned while it is young enough for signal-ingest (60 s). A strategy never sends the same
 * intent (strategy, account, symbol, side, quantity) twice within the duplicate window: each such shape
 * cycles through enough quantities. Sides lean against the position the strategy built, so positions stay
 * small over a long run.
 */
final class PipelineLoad implements AutoCloseable {

    private static final int HISTORY_CALENDAR_DAYS = 380;
    private static final BigDecimal DAILY_VOLATILITY = new BigDecimal("0.01");
    private static final BigDecimal MINUTE_VOLATILITY = new BigDecimal("0.0005");
    /** No price of the walk falls below this. */
    private static final BigDecimal FLOOR = new BigDecimal("5.00");
    private static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(2);
    /** signal-ingest refuses a signal older than this (SAFETY_MAX_SIGNAL_AGE): no use sending it again. */
    private static final Duration SIGNAL_LIFETIME = Duration.ofSeconds(58);
    private static final java.util.regex.Pattern PROBLEM_CODE = java.util.regex.Pattern.compile("\"code\":\"([A-Z_]+)\"");

    private final String ingestUrl;
    private final String paperUrl;
    private final List<StrategyKey> keys;
    private final List<String> symbols = new ArrayList<>();
    private final Map<String, BigDecimal> prices = new ConcurrentHashMap<>();
    private final Random random = new Random(20_260_302L);
    private final Clock clock = Clock.systemUTC();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final String run;
    private volatile int quantityCycle;

    private final Map<String, Long> accepted = new ConcurrentHashMap<>();
    private final ConcurrentSkipListMap<Long, String> acceptedAt = new ConcurrentSkipListMap<>();
    private final DelayQueue<Pending> queue = new DelayQueue<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong expired = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
    private final AtomicLong barFailures = new AtomicLong();
    private final Map<String, AtomicInteger> shapeCounters = new HashMap<>();
    private final Map<String, Integer> positions = new HashMap<>();
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private volatile boolean offering;
    private volatile String phase = "warm";
    private volatile int rate;
    private long sequence;

    /** A signal waiting for its (next) send. */
    private record Pending(String signalId, String key, String body, long firstSentNanos, int attempts,
            long dueNanos) implements Delayed {

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(dueNanos - System.nanoTime(), TimeUnit.NANOSECONDS);
        }

        @Override
        public int compareTo(Delayed other) {
            return Long.compare(dueNanos, ((Pending) other).dueNanos);
        }
    }

    /**
     * @param symbols how many symbols to trade ({@code SYM00}...), priced from 20 to 80
     * @param rate signals per second over all strategy keys
     * @param workers concurrent requests at most (retries included)
     */
    PipelineLoad(String ingestUrl, String paperUrl, List<StrategyKey> keys, int symbols, int rate, int workers) {
        this.ingestUrl = ingestUrl;
        this.paperUrl = paperUrl;
        this.keys = List.copyOf(keys);
        this.rate = rate;
        this.run = Long.toString(clock.millis() / 1000, 36);
        for (int i = 0; i < symbols; i++) {
            String symbol = String.format("SYM%02d", i);
            this.symbols.add(symbol);
            prices.put(symbol, money(BigDecimal.valueOf(20).add(BigDecimal.valueOf(60L * i)
                    .divide(BigDecimal.valueOf(Math.max(1, symbols - 1)), 2, RoundingMode.HALF_EVEN))));
        }
        this.quantityCycle = quantityCycle(rate);
        for (int w = 0; w < workers; w++) {
            Thread worker = new Thread(this::work, "load-worker-" + w);
            worker.setDaemon(true);
            threads.add(worker);
        }
    }

    /** Loads the daily history of every symbol through signal-ingest's CSV loader, as an operator would. */
    void backfill() throws Exception {
        LocalDate today = LocalDate.now(clock);
        StringBuilder csv = new StringBuilder("symbol,barTime,open,high,low,close,volume\n");
        for (LocalDate day = today.minusDays(HISTORY_CALENDAR_DAYS); day.isBefore(today); day = day.plusDays(1)) {
            if (day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY) {
                for (String symbol : symbols) {
                    csv.append(bar(symbol, day.atTime(21, 0).toInstant(ZoneOffset.UTC), DAILY_VOLATILITY)).append('\n');
                }
            }
        }
        HttpResponse<String> response = post(ingestUrl + "/api/v1/market-data/bars", PipelineStack.OPERATOR_TOKEN,
                "text/csv", csv.toString());
        // A 503 may have written the bars anyway; the gate counts days with bars, so a second copy changes nothing.
        for (int attempt = 1; response.statusCode() == 503 && attempt < 10; attempt++) {
            Thread.sleep(1_000);
            response = post(ingestUrl + "/api/v1/market-data/bars", PipelineStack.OPERATOR_TOKEN, "text/csv",
                    csv.toString());
        }
        if (response.statusCode() != 202) {
            throw new IllegalStateException("history backfill refused: " + response.statusCode() + " " + response.body());
        }
    }

    /** Starts the bar feed (every {@code barInterval}) and the signal dispatcher, idle until {@link #offer}. */
    void start(Duration barInterval) {
        Thread bars = new Thread(() -> {
            while (running.get()) {
                publishBars();
                LockSupport.parkNanos(barInterval.toNanos());
            }
        }, "load-bars");
        bars.setDaemon(true);
        threads.add(bars);
        Thread dispatcher = new Thread(this::dispatch, "load-dispatcher");
        dispatcher.setDaemon(true);
        threads.add(dispatcher);
        threads.forEach(Thread::start);
    }

    /** Starts (or stops) offering signals whose ids start with {@code phase}. */
    void offer(String phase, boolean on) {
        this.phase = phase;
        this.offering = on;
    }

    /** Offers {@code signalsPerSecond} from now on; the quantity cycle grows with the rate, never shrinks. */
    void rate(int signalsPerSecond) {
        this.quantityCycle = Math.max(quantityCycle, quantityCycle(signalsPerSecond));
        this.rate = signalsPerSecond;
    }

    /**
     * How many quantities each intent shape cycles through at {@code rate}: per shape a 60 s window holds
     * rate / keys / symbols * 60 signals (all on one side at worst); twice that, so no intent repeats within
     * the duplicate window.
     */
    private int quantityCycle(int rate) {
        return Math.max(40, (int) Math.ceil(2.0 * rate / keys.size() / symbols.size() * 60) + 10);
    }

    /** Waits until every signal sent so far was answered for good (accepted, refused or too old to resend). */
    boolean awaitSettled(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (queue.isEmpty() && inFlight.get() == 0) {
                return true;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return false;
    }

    private void dispatch() {
        long next = System.nanoTime();
        while (running.get()) {
            if (!offering) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                next = System.nanoTime();
                continue;
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            queue.add(newSignal());
            sent.incrementAndGet();
            next += TimeUnit.SECONDS.toNanos(1) / Math.max(1, rate);
        }
    }

    private Pending newSignal() {
        StrategyKey key = keys.get((int) (sequence % keys.size()));
        String symbol = symbols.get(random.nextInt(symbols.size()));
        String book = key.accountId() + "|" + symbol;
        int position = positions.getOrDefault(book, 0);
        boolean buy = random.nextInt(10) < 2 ? random.nextBoolean() : position <= 0;
        String shape = key.strategyId() + "|" + key.accountId() + "|" + symbol + "|" + buy;
        // The next quantity after the shape's last one, back to 1 past the cycle: a cycle grown with the rate
        // goes on from where the shape was, so no quantity comes round again early.
        int cycle = quantityCycle;
        int quantity = shapeCounters.computeIfAbsent(shape, s -> new AtomicInteger()).updateAndGet(last -> last % cycle + 1);
        positions.put(book, position + (buy ? quantity : -quantity));
        BigDecimal price = prices.get(symbol);
        boolean limit = random.nextInt(10) < 3;
        // A limit a little through the market fills at once, like a market order, and stays in the collar.
        BigDecimal limitPrice = money(price.multiply(new BigDecimal(buy ? "1.01" : "0.99")));
        String signalId = phase + "-" + run + "-" + ++sequence;
        String body = "{\"signalId\":\"" + signalId + "\",\"symbol\":\"" + symbol + "\",\"side\":\""
                + (buy ? "BUY" : "SELL") + "\",\"quantity\":" + quantity + ",\"orderType\":\""
                + (limit ? "LIMIT\",\"limitPrice\":\"" + limitPrice.toPlainString() + "\"" : "MARKET\"")
                + ",\"timeInForce\":\"DAY\",\"referencePrice\":\"" + price.toPlainString() + "\",\"createdAt\":\""
                + clock.instant() + "\",\"tags\":{\"source\":\"pipeline-load\"}}";
        long now = System.nanoTime();
        return new Pending(signalId, key.key(), body, now, 0, now);
    }

    private void work() {
        while (running.get()) {
            Pending pending;
            try {
                pending = queue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (pending == null) {
                continue;
            }
            inFlight.incrementAndGet();
            try {
                send(pending);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void send(Pending pending) {
        if (System.nanoTime() - pending.firstSentNanos() > SIGNAL_LIFETIME.toNanos()) {
            expired.incrementAndGet(); // waited too long for a free worker: signal-ingest would refuse its age
            return;
        }
        int status;
        String answer = "";
        try {
            HttpResponse<String> response = post(ingestUrl + "/api/v1/signals", pending.key(), "application/json",
                    pending.body());
            status = response.statusCode();
            answer = response.body();
        } catch (IOException e) {
            status = -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (status == 202) {
            long now = System.currentTimeMillis();
            accepted.put(pending.signalId(), now);
            acceptedAt.put(now, pending.signalId());
        } else if (status == -1 || status >= 500) {
            if (System.nanoTime() - pending.firstSentNanos() > SIGNAL_LIFETIME.toNanos()) {
                expired.incrementAndGet();
                return;
            }
            retries.incrementAndGet();
            long delay = Math.min(MAX_RETRY_DELAY.toNanos(),
                    TimeUnit.MILLISECONDS.toNanos(100) << Math.min(pending.attempts(), 5));
            queue.add(new Pending(pending.signalId(), pending.key(), pending.body(), pending.firstSentNanos(),
                    pending.attempts() + 1, System.nanoTime() + delay));
        } else {
            refused.incrementAndGet();
            java.util.regex.Matcher code = PROBLEM_CODE.matcher(answer);
            refusals.computeIfAbsent(status + " " + (code.find() ? code.group(1) : answer),
                    k -> new AtomicLong()).incrementAndGet();
        }
    }

    private void publishBars() {
        Instant minute = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        StringBuilder csv = new StringBuilder("symbol,barTime,open,high,low,close,volume\n");
        for (String symbol : symbols) {
            csv.append(bar(symbol, minute, MINUTE_VOLATILITY)).append('\n');
        }
        try {
            if (post(ingestUrl + "/api/v1/market-data/bars", PipelineStack.OPERATOR_TOKEN, "text/csv",
                    csv.toString()).statusCode() != 202) {
                barFailures.incrementAndGet();
            }
        } catch (IOException e) {
            barFailures.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // A restarted paper broker may have missed the latest prices; sending them each time costs little.
        for (String symbol : symbols) {
            try {
                post(paperUrl + "/prices", null, "application/json", "{\"symbol\":\"" + symbol + "\",\"price\":\""
                        + prices.get(symbol).toPlainString() + "\"}");
            } catch (IOException e) {
                barFailures.incrementAndGet();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The next bar of a random walk: a normally distributed move of {@code volatility} (a fraction). */
    private String bar(String symbol, Instant time, BigDecimal volatility) {
        BigDecimal open = prices.get(symbol);
        BigDecimal move = BigDecimal.valueOf(random.nextGaussian()).multiply(volatility);
        BigDecimal close = money(open.multiply(BigDecimal.ONE.add(move))).max(FLOOR);
        BigDecimal halfVolatility = volatility.divide(BigDecimal.valueOf(2));
        BigDecimal high = money(open.max(close).multiply(BigDecimal.ONE.add(halfVolatility)));
        BigDecimal low = money(open.min(close).multiply(BigDecimal.ONE.subtract(halfVolatility)));
        prices.put(symbol, close);
        return String.join(",", symbol, time.toString(), open.toPlainString(), high.toPlainString(),
                low.toPlainString(), close.toPlainString(), Integer.toString(10_000 + random.nextInt(5_000)));
    }

    private HttpResponse<String> post(String url, String token, String contentType, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static BigDecimal money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_EVEN);
    }

    /** Signal ids signal-ingest accepted (202), with when (epoch ms). */
    Map<String, Long> accepted() {
        return accepted;
    }

    /** When the first 202 at or after {@code epochMillis} came, or -1. */
    long firstAcceptedAtOrAfter(long epochMillis) {
        Long at = acceptedAt.ceilingKey(epochMillis);
        return at == null ? -1 : at;
    }

    /** Signals offered, resends, signals too old to resend, refusals other than 5xx, bar sends that failed. */
    String counters() {
        return String.format("signals offered %d, accepted %d, resends %d, given up after %d s unanswered %d, "
                + "refused (4xx) %d %s, bar sends failed %d", sent.get(), accepted.size(), retries.get(),
                SIGNAL_LIFETIME.toSeconds(), expired.get(), refused.get(), refusals, barFailures.get());
    }

    long refused() {
        return refused.get();
    }

    /** Signals offered so far (first sends only). */
    long offered() {
        return sent.get();
    }

    @Override
    public void close() {
        running.set(false);
        for (Thread thread : threads) {
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
