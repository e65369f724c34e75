package trading.safety.router.paper;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import trading.safety.router.broker.BrokerAccount;
import trading.safety.router.broker.BrokerAdapter;
import trading.safety.router.broker.BrokerException;
import trading.safety.router.broker.BrokerOrder;
import trading.safety.router.broker.Execution;
import trading.safety.router.broker.ExecutionPage;
import trading.safety.router.broker.OrderRequest;
import trading.safety.router.broker.SubmitResult;
import trading.safety.v1.OrderType;
import trading.safety.v1.Side;

/**
 * A simulated broker: market orders fill at the last price it was given (from {@code trading.market-data.v1}),
 * limit orders when a price reaches them. It enforces client order id uniqueness as real brokers do, and can
 * be told to answer slowly, reject a share of orders and fill market orders in two parts. Random choices come
 * from a seeded generator, so a run can be repeated. Thread-safe.
 */
public final class PaperBroker implements BrokerAdapter {

    /**
     * @param latency how long each submission takes
     * @param rejectRatio the share of orders rejected at random (0 to 1)
     * @param partialFillRatio the share of market orders filled half now, the rest at the next price
     * @param feePerShare the fee charged per unit filled
     * @param startingCash cash of an account the broker has not seen before
     */
    public record Settings(Duration latency, double rejectRatio, double partialFillRatio, BigDecimal feePerShare,
            BigDecimal startingCash, long seed) {

        public static Settings defaults() {
            return new Settings(Duration.ZERO, 0, 0, new BigDecimal("0.005"), new BigDecimal("100000"), 42);
        }
    }

    private static final int MONEY_SCALE = 8;

    private final String id;
    private final Settings settings;
    private final Clock clock;
    private final Random random;
    private final Map<String, BigDecimal> prices = new HashMap<>();
    private final Map<String, Order> byClientId = new HashMap<>();
    private final Map<String, Order> byBrokerId = new LinkedHashMap<>();
    /** The orders still working, by broker order id: what prices and cancels look at, however many filled. */
    private final Map<String, Order> working = new LinkedHashMap<>();
    private final Map<String, Account> accounts = new TreeMap<>();
    private final List<Execution> executions = new ArrayList<>();
    private long nextOrder = 1;
    private long duplicateSubmissions;

    public PaperBroker(String id, Settings settings, Clock clock) {
        this.id = id;
        this.settings = settings;
        this.clock = clock;
        this.random = new Random(settings.seed());
    }

    @Override
    public String id() {
        return id;
    }

    /** Opens an account with the starting cash (nothing happens if it exists). */
    public synchronized void openAccount(String accountId) {
        book(accountId);
    }

    /** The last price the broker has for a symbol. */
    public synchronized Optional<BigDecimal> price(String symbol) {
        return Optional.ofNullable(prices.get(symbol));
    }

    /** A new last price for a symbol: fills what it reaches. */
    public synchronized void onPrice(String symbol, BigDecimal price) {
        prices.put(symbol, price);
        for (Order order : List.copyOf(working.values())) {
            if (order.request.symbol().equals(symbol)) {
                if (order.request.orderType() == OrderType.MARKET || reaches(order.request, price)) {
                    fill(order, order.remaining(), price);
                }
            }
        }
    }

    @Override
    public SubmitResult submit(OrderRequest request) {
        if (!settings.latency().isZero()) {
            LockSupport.parkNanos(settings.latency().toNanos());
        }
        synchronized (this) {
            Order existing = byClientId.get(request.clientOrderId());
            if (existing != null) {
                duplicateSubmissions++;
                return SubmitResult.duplicate(existing.view());
            }
            Account account = book(request.accountId());
            Order order = new Order("P-" + id + "-" + nextOrder++, request);
            byClientId.put(request.clientOrderId(), order);
            byBrokerId.put(order.brokerOrderId, order);
            BigDecimal price = prices.get(request.symbol());
            String refusal = price == null ? "no market price for " + request.symbol()
                    : request.reduceOnly() && !reduces(account.position(request.symbol()), request)
                            ? "reduce-only order would not reduce the position"
                            : random.nextDouble() < settings.rejectRatio() ? "rejected by the paper broker's "
                                    + "configured reject ratio" : null;
            if (refusal != null) {
                order.status = BrokerOrder.Status.REJECTED;
                order.reason = refusal;
                return SubmitResult.rejected(order.view(), refusal);
            }
            BrokerOrder accepted = order.view();
            working.put(order.brokerOrderId, order);
            if (request.orderType() == OrderType.MARKET) {
                boolean partial = random.nextDouble() < settings.partialFillRatio()
                        && request.quantity().compareTo(BigDecimal.ONE) > 0;
                BigDecimal now = partial ? request.quantity().divide(BigDecimal.valueOf(2), 0, RoundingMode.DOWN)
                        : request.quantity();
                fill(order, now, price);
            } else if (reaches(request, price)) {
                fill(order, request.quantity(), price);
            }
            return SubmitResult.accepted(accepted);
        }
    }

    @Override
    public synchronized Optional<BrokerOrder> findByClientOrderId(String clientOrderId) {
        return Optional.ofNullable(byClientId.get(clientOrderId)).map(Order::view);
    }

    @Override
    public synchronized List<BrokerOrder> openOrders() {
        return working.values().stream().map(Order::view).toList();
    }

    @Override
    public synchronized BrokerOrder cancel(String brokerOrderId) throws BrokerException {
        Order order = byBrokerId.get(brokerOrderId);
        if (order == null) {
            throw new BrokerException("no order " + brokerOrderId + " at " + id, false, null);
        }
        if (order.open()) {
            order.status = BrokerOrder.Status.CANCELLED;
            order.reason = "cancelled on request";
            working.remove(brokerOrderId);
        }
        return order.view();
    }

    @Override
    public synchronized ExecutionPage executionsAfter(String cursor, int max) {
        int from = cursor == null ? 0 : Integer.parseInt(cursor);
        int to = Math.min(executions.size(), from + max);
        return new ExecutionPage(executions.subList(from, to), Integer.toString(to));
    }

    @Override
    public synchronized List<String> accounts() {
        return List.copyOf(accounts.keySet());
    }

    @Override
    public synchronized BrokerAccount account(String accountId) {
        Account account = book(accountId);
        BigDecimal equity = account.cash;
        List<BrokerAccount.Holding> holdings = new ArrayList<>();
        for (Map.Entry<String, Holding> entry : account.holdings.entrySet()) {
            Holding h = entry.getValue();
            BigDecimal mark = prices.getOrDefault(entry.getKey(), h.averagePrice);
            BigDecimal value = h.quantity.multiply(mark).setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
            equity = equity.add(value);
            holdings.add(new BrokerAccount.Holding(entry.getKey(), h.quantity, h.averagePrice, value));
        }
        int open = (int) byBrokerId.values().stream()
                .filter(o -> o.open() && o.request.accountId().equals(accountId)).count();
        return new BrokerAccount(accountId, account.cash, equity, holdings, open);
    }

    /** Submissions refused because their client order id was already used: resubmissions. */
    public synchronized long duplicateSubmissions() {
        return duplicateSubmissions;
    }

    /** Every order the broker ever accepted or rejected, for tests that count what reached it. */
    public synchronized List<BrokerOrder> allOrders() {
        return byBrokerId.values().stream().map(Order::view).toList();
    }

    /** A position changed behind the router's back, as a manual trade at the broker would. */
    public synchronized void adjustPosition(String accountId, String symbol, BigDecimal quantity, BigDecimal price) {
        book(accountId).apply(symbol, quantity, price, BigDecimal.ZERO);
    }

    private Account book(String accountId) {
        return accounts.computeIfAbsent(accountId, a -> new Account(settings.startingCash()));
    }

    private void fill(Order order, BigDecimal quantity, BigDecimal price) {
        if (quantity.signum() <= 0) {
            return;
        }
        OrderRequest r = order.request;
        BigDecimal fee = settings.feePerShare().multiply(quantity).setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
        BigDecimal signed = r.side() == Side.BUY ? quantity : quantity.negate();
        book(r.accountId()).apply(r.symbol(), signed, price, fee);
        order.filled = order.filled.add(quantity);
        order.status = order.remaining().signum() == 0 ? BrokerOrder.Status.FILLED
                : BrokerOrder.Status.PARTIALLY_FILLED;
        if (!order.open()) {
            working.remove(order.brokerOrderId);
        }
        executions.add(new Execution(id + "-X" + (executions.size() + 1), r.clientOrderId(), order.brokerOrderId,
                r.accountId(), r.symbol(), r.side(), quantity, price, fee, order.remaining(), clock.instant()));
    }

    private static boolean reaches(OrderRequest r, BigDecimal price) {
        return r.orderType() == OrderType.LIMIT && price != null
                && (r.side() == Side.BUY ? price.compareTo(r.limitPrice()) <= 0 : price.compareTo(r.limitPrice()) >= 0);
    }

    private static boolean reduces(BigDecimal position, OrderRequest r) {
        BigDecimal after = r.side() == Side.BUY ? position.add(r.quantity()) : position.subtract(r.quantity());
        return position.signum() != 0 && after.abs().compareTo(position.abs()) < 0
                && (after.signum() == 0 || after.signum() == position.signum());
    }

    private static final class Order {
        final String brokerOrderId;
        final OrderRequest request;
        BigDecimal filled = BigDecimal.ZERO;
        BrokerOrder.Status status = BrokerOrder.Status.NEW;
        String reason;

        Order(String brokerOrderId, OrderRequest request) {
            this.brokerOrderId = brokerOrderId;
            this.request = request;
        }

        boolean open() {
            return status.open();
        }

        BigDecimal remaining() {
            return request.quantity().subtract(filled);
        }

        BrokerOrder view() {
            return new BrokerOrder(request.clientOrderId(), brokerOrderId, request.accountId(), request.symbol(),
                    request.side(), request.quantity(), filled, status, reason);
        }
    }

    private static final class Holding {
        BigDecimal quantity;
        BigDecimal averagePrice;

        Holding(BigDecimal quantity, BigDecimal averagePrice) {
            this.quantity = quantity;
            this.averagePrice = averagePrice;
        }
    }

    private static final class Account {
        BigDecimal cash;
        final Map<String, Holding> holdings = new TreeMap<>();

        Account(BigDecimal cash) {
            this.cash = cash;
        }

        BigDecimal position(String symbol) {
            Holding h = holdings.get(symbol);
            return h == null ? BigDecimal.ZERO : h.quantity;
        }

        /** Applies a signed quantity at a price: cash moves, the average price follows the rules of a ledger. */
        void apply(String symbol, BigDecimal signed, BigDecimal price, BigDecimal fee) {
            cash = cash.subtract(signed.multiply(price)).subtract(fee).setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
            Holding h = holdings.get(symbol);
            if (h == null) {
                holdings.put(symbol, new Holding(signed, price));
                return;
            }
            BigDecimal after = h.quantity.add(signed);
            if (after.signum() == 0) {
                holdings.remove(symbol);
            } else if (h.quantity.signum() == signed.signum()) {
                h.averagePrice = h.quantity.multiply(h.averagePrice).add(signed.multiply(price))
                        .divide(after, MONEY_SCALE, RoundingMode.HALF_EVEN);
                h.quantity = after;
            } else {
                if (after.signum() != h.quantity.signum()) {
                    h.averagePrice = price;
                }
                h.quantity = after;
            }
        }
    }
}
