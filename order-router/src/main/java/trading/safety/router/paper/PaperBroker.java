package trading.safety.router.paper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
import trading.safety.v1.TimeInForce;

/**
 * A simulated broker: market orders fill at the last price it was given (from {@code trading.market-data.v1}),
 * limit orders when a price reaches them. It enforces client order id uniqueness as real brokers do, and can
 * be told to answer slowly, reject a share of orders and fill market orders in two parts. Random choices come
 * from a seeded generator, so a run can be repeated. Thread-safe.
 *
 * <p>A real broker keeps its books when our services restart, and never forgets an order it answered; so can
 * this one: {@link #saveTo} writes its whole state (accounts, orders, executions, last prices) to a file,
 * atomically; a {@link Journal} given to {@link #journalTo} takes every change before the call that made it
 * returns (the orders, accounts and prices it touched, and new executions); and {@link #restoreFrom} reads the
 * state and then the journal written since back into a new broker before it takes any order.
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

    /**
     * Takes each change of the books as one entry, in order, while the broker's lock is held: an entry is
     * durable before the call that made the change answers.
     */
    public interface Journal {

        void append(byte[] entry) throws IOException;

        /** Forgets every entry: the state file saved just now holds them all. */
        void reset() throws IOException;
    }

    private static final int MONEY_SCALE = 8;
    private static final Logger log = LoggerFactory.getLogger(PaperBroker.class);

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
    /** Submissions still to be rejected because an operator asked for it ({@link #rejectNext}). */
    private int injectedRejections;
    /** Counts changes to the books, so a saver writes only when something changed. */
    private long changes;
    private Journal journal;
    /** What changed since the last journal entry: the entry writes these whole. */
    private final Set<String> changedOrders = new LinkedHashSet<>();
    private final Set<String> changedAccounts = new LinkedHashSet<>();
    private final Set<String> changedPrices = new LinkedHashSet<>();
    private int journaledExecutions;
    private long journaledChanges;
    /**
     * This run of the broker (its start time, base 36): part of every order id, execution id and cursor it
     * makes, so a broker that lost its books never hands out an id again, and a cursor from an earlier run is
     * recognised as such.
     */
    private final String incarnation;
    /** Executions restored from a state file; a cursor from an earlier run reads on from at most here. */
    private int restoredExecutions;

    public PaperBroker(String id, Settings settings, Clock clock) {
        this.id = id;
        this.settings = settings;
        this.clock = clock;
        this.random = new Random(settings.seed());
        this.incarnation = Long.toString(clock.millis(), 36);
    }

    @Override
    public String id() {
        return id;
    }

    /** Opens an account with the starting cash (nothing happens if it exists). */
    public synchronized void openAccount(String accountId) {
        book(accountId);
        journal();
    }

    /** The last price the broker has for a symbol. */
    public synchronized Optional<BigDecimal> price(String symbol) {
        return Optional.ofNullable(prices.get(symbol));
    }

    /** A new last price for a symbol: fills what it reaches. */
    public synchronized void onPrice(String symbol, BigDecimal price) {
        if (!price.equals(prices.put(symbol, price))) {
            changes++;
            changedPrices.add(symbol);
        }
        for (Order order : List.copyOf(working.values())) {
            if (order.request.symbol().equals(symbol)) {
                if (order.request.orderType() == OrderType.MARKET || reaches(order.request, price)) {
                    fill(order, order.remaining(), price);
                }
            }
        }
        journal();
    }

    @Override
    public SubmitResult submit(OrderRequest request) {
        if (!settings.latency().isZero()) {
            LockSupport.parkNanos(settings.latency().toNanos());
        }
        synchronized (this) {
            try {
                return submitNow(request);
            } finally {
                journal();
            }
        }
    }

    private SubmitResult submitNow(OrderRequest request) {
        Order existing = byClientId.get(request.clientOrderId());
        if (existing != null) {
            duplicateSubmissions++;
            changes++;
            return SubmitResult.duplicate(existing.view());
        }
        Account account = book(request.accountId());
        changes++;
        Order order = new Order("P-" + id + "-" + incarnation + "-" + nextOrder++, request);
        changedOrders.add(order.brokerOrderId);
        byClientId.put(request.clientOrderId(), order);
        byBrokerId.put(order.brokerOrderId, order);
        BigDecimal price = prices.get(request.symbol());
        String refusal = injectedRejections > 0 ? "rejected by an injected fault ("
                + injectedRejections-- + " to go)"
                : price == null ? "no market price for " + request.symbol()
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
            changes++;
            changedOrders.add(brokerOrderId);
            order.status = BrokerOrder.Status.CANCELLED;
            order.reason = "cancelled on request";
            working.remove(brokerOrderId);
            journal();
        }
        return order.view();
    }

    @Override
    public synchronized ExecutionPage executionsAfter(String cursor, int max) throws BrokerException {
        int from = 0;
        if (cursor != null) {
            int colon = cursor.indexOf(':');
            int index;
            try {
                index = Integer.parseInt(cursor.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw new BrokerException("execution cursor '" + cursor + "' is not " + id + "'s", false, e);
            }
            boolean mine = colon > 0 && cursor.substring(0, colon).equals(incarnation);
            // A cursor from an earlier run counts executions that run had; what it had beyond the restored books
            // is lost (it was read and published already), and what this run adds starts there.
            from = mine ? index : Math.min(index, restoredExecutions);
            if (from < 0 || from > executions.size()) {
                throw new BrokerException("execution cursor '" + cursor + "' is beyond " + id + "'s "
                        + executions.size() + " executions", false, null);
            }
            if (from < index) {
                log.warn("{} has {} executions restored but {} were read before: it lost the last of its books; "
                        + "reading on from {}", id, restoredExecutions, index, from);
            }
        }
        int to = Math.min(executions.size(), from + max);
        return new ExecutionPage(List.copyOf(executions.subList(from, to)), incarnation + ":" + to);
    }

    /** How many changes the books have seen (orders, fills, cancels, accounts, prices). */
    public synchronized long changes() {
        return changes;
    }

    /** Writes the whole state to {@code file} (through a temporary file, then an atomic move). */
    public void saveTo(Path file) throws IOException {
        byte[] bytes;
        synchronized (this) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
            try (DataOutputStream out = new DataOutputStream(buffer)) {
                writeState(out);
            }
            bytes = buffer.toByteArray();
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(temporary, bytes);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a state {@link #saveTo} wrote, and then the journal written since ({@code <file>.journal}, if there
     * is one), into this broker, which must not have taken an order yet. A last journal entry cut short (the
     * process was killed while writing it) was never answered, and is ignored.
     *
     * @return false when there is neither (a first start)
     */
    public synchronized boolean restoreFrom(Path file) throws IOException {
        Path journalFile = journalFile(file);
        if (!Files.exists(file) && !Files.exists(journalFile)) {
            return false;
        }
        if (!byBrokerId.isEmpty() || !executions.isEmpty()) {
            throw new IllegalStateException(id + " already took orders; it cannot be restored");
        }
        if (Files.exists(file)) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(file)))) {
                readState(in);
            }
        }
        if (Files.exists(journalFile)) {
            replay(Files.readAllBytes(journalFile));
        }
        restoredExecutions = executions.size();
        journaledExecutions = executions.size();
        journaledChanges = changes;
        changedOrders.clear();
        changedAccounts.clear();
        changedPrices.clear();
        return true;
    }

    /** Where the journal of a state file is kept. */
    public static Path journalFile(Path file) {
        return file.resolveSibling(file.getFileName() + ".journal");
    }

    /** From now on, every change goes to {@code journal} (null: nowhere) before the call that made it returns. */
    public synchronized void journalTo(Journal journal) {
        this.journal = journal;
        journaledExecutions = executions.size();
        journaledChanges = changes;
        changedOrders.clear();
        changedAccounts.clear();
        changedPrices.clear();
    }

    /** Saves the whole state to {@code file} and then empties the journal, with no change in between. */
    public synchronized void checkpoint(Path file) throws IOException {
        journal();
        saveTo(file);
        if (journal != null) {
            journal.reset();
        }
    }

    /** Writes what changed since the last entry as one journal entry; a failed write is retried with the next. */
    private void journal() {
        if (journal == null || changes == journaledChanges) {
            return;
        }
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);
        try (DataOutputStream out = new DataOutputStream(buffer)) {
            out.writeLong(changes);
            writeBooks(out, changedPrices, changedAccounts,
                    changedOrders.stream().map(byBrokerId::get).toList(), journaledExecutions);
        } catch (IOException e) {
            throw new IllegalStateException("a journal entry could not be encoded", e);
        }
        try {
            journal.append(buffer.toByteArray());
        } catch (IOException e) {
            log.error("{} could not journal a change of its books (kept in memory, retried with the next): {}", id,
                    e.toString());
            return;
        }
        journaledChanges = changes;
        journaledExecutions = executions.size();
        changedOrders.clear();
        changedAccounts.clear();
        changedPrices.clear();
    }

    /** Applies journal entries ({@code [length][entry]}...) newer than the state read, in order. */
    private void replay(byte[] journalBytes) throws IOException {
        try (DataInputStream entries = new DataInputStream(new ByteArrayInputStream(journalBytes))) {
            while (entries.available() >= Integer.BYTES) {
                int length = entries.readInt();
                if (length <= 0 || length > entries.available()) {
                    log.warn("{}: the last journal entry was cut short; it was never answered, ignored", id);
                    return;
                }
                byte[] entry = entries.readNBytes(length);
                try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entry))) {
                    long entryChanges = in.readLong();
                    if (entryChanges > changes) {
                        readBooks(in, true);
                        changes = entryChanges;
                    }
                }
            }
        }
    }

    /**
     * Writes the given prices, accounts and orders whole, the counters, and the executions from {@code first}:
     * the body of the state file (everything) and of a journal entry (what changed).
     */
    private void writeBooks(DataOutputStream out, Collection<String> symbols, Collection<String> accountIds,
            Collection<Order> orders, int first) throws IOException {
        out.writeLong(nextOrder);
        out.writeLong(duplicateSubmissions);
        out.writeInt(symbols.size());
        for (String symbol : symbols) {
            out.writeUTF(symbol);
            decimal(out, prices.get(symbol));
        }
        out.writeInt(accountIds.size());
        for (String accountId : accountIds) {
            writeAccount(out, accountId, accounts.get(accountId));
        }
        out.writeInt(orders.size());
        for (Order order : orders) {
            writeOrder(out, order);
        }
        out.writeInt(first);
        out.writeInt(executions.size() - first);
        for (Execution e : executions.subList(first, executions.size())) {
            writeExecution(out, e);
        }
    }

    /**
     * Reads what {@link #writeBooks} wrote, each price, account and order in place of the one it names, and the
     * executions this broker does not have yet; {@code firstIndexed} false reads the first state format's
     * executions (all of them, without a first index).
     */
    private void readBooks(DataInputStream in, boolean firstIndexed) throws IOException {
        nextOrder = in.readLong();
        duplicateSubmissions = in.readLong();
        for (int i = in.readInt(); i > 0; i--) {
            prices.put(in.readUTF(), decimal(in));
        }
        // Restored accounts replace the ones opened at start; accounts configured since are kept as opened.
        for (int i = in.readInt(); i > 0; i--) {
            readAccount(in);
        }
        for (int i = in.readInt(); i > 0; i--) {
            readOrder(in);
        }
        int first = firstIndexed ? in.readInt() : 0;
        for (int i = 0, n = in.readInt(); i < n; i++) {
            Execution execution = readExecution(in);
            if (first + i == executions.size()) {
                executions.add(execution);
            } else if (first + i > executions.size()) {
                throw new IOException(id + "'s books skip executions " + executions.size() + " to " + (first + i));
            }
        }
    }

    /** Version 2 added the change count, which orders the state file and the journal. */
    private static final byte STATE_VERSION = 2;

    private void writeState(DataOutputStream out) throws IOException {
        out.writeByte(STATE_VERSION);
        out.writeUTF(id);
        out.writeLong(changes);
        writeBooks(out, prices.keySet(), accounts.keySet(), byBrokerId.values(), 0);
    }

    private void readState(DataInputStream in) throws IOException {
        byte version = in.readByte();
        if (version != 1 && version != STATE_VERSION) {
            throw new IOException("paper broker state format " + version + " is not known (expected "
                    + STATE_VERSION + ")");
        }
        String savedId = in.readUTF();
        if (!savedId.equals(id)) {
            throw new IOException("the state file is paper broker " + savedId + "'s, not " + id + "'s");
        }
        changes = version == 1 ? 0 : in.readLong();
        readBooks(in, version != 1);
    }

    private static void writeAccount(DataOutputStream out, String accountId, Account account) throws IOException {
        out.writeUTF(accountId);
        decimal(out, account.cash);
        out.writeInt(account.holdings.size());
        for (Map.Entry<String, Holding> h : account.holdings.entrySet()) {
            out.writeUTF(h.getKey());
            decimal(out, h.getValue().quantity);
            decimal(out, h.getValue().averagePrice);
        }
    }

    /** Reads an account and puts it in place of the one of that id. */
    private void readAccount(DataInputStream in) throws IOException {
        String accountId = in.readUTF();
        Account account = new Account(decimal(in));
        for (int j = in.readInt(); j > 0; j--) {
            account.holdings.put(in.readUTF(), new Holding(decimal(in), decimal(in)));
        }
        accounts.put(accountId, account);
    }

    private static void writeOrder(DataOutputStream out, Order order) throws IOException {
        OrderRequest r = order.request;
        out.writeUTF(order.brokerOrderId);
        out.writeUTF(r.clientOrderId());
        out.writeUTF(r.accountId());
        out.writeUTF(r.symbol());
        out.writeUTF(r.side().name());
        decimal(out, r.quantity());
        out.writeUTF(r.orderType().name());
        optionalDecimal(out, r.limitPrice());
        out.writeUTF(r.timeInForce().name());
        out.writeBoolean(r.reduceOnly());
        decimal(out, order.filled);
        out.writeUTF(order.status.name());
        out.writeUTF(order.reason == null ? "" : order.reason);
    }

    /** Reads an order and puts it in place of the one of that broker order id, working or not by its status. */
    private void readOrder(DataInputStream in) throws IOException {
        String brokerOrderId = in.readUTF();
        OrderRequest request = new OrderRequest(in.readUTF(), in.readUTF(), in.readUTF(),
                Side.valueOf(in.readUTF()), decimal(in), OrderType.valueOf(in.readUTF()), optionalDecimal(in),
                TimeInForce.valueOf(in.readUTF()), in.readBoolean());
        Order order = new Order(brokerOrderId, request);
        order.filled = decimal(in);
        order.status = BrokerOrder.Status.valueOf(in.readUTF());
        String reason = in.readUTF();
        order.reason = reason.isEmpty() ? null : reason;
        byBrokerId.put(brokerOrderId, order);
        byClientId.put(request.clientOrderId(), order);
        if (order.open()) {
            working.put(brokerOrderId, order);
        } else {
            working.remove(brokerOrderId);
        }
    }

    private static void writeExecution(DataOutputStream out, Execution e) throws IOException {
        out.writeUTF(e.executionId());
        out.writeUTF(e.clientOrderId());
        out.writeUTF(e.brokerOrderId());
        out.writeUTF(e.accountId());
        out.writeUTF(e.symbol());
        out.writeUTF(e.side().name());
        decimal(out, e.quantity());
        decimal(out, e.price());
        decimal(out, e.fee());
        decimal(out, e.leavesQuantity());
        out.writeLong(e.at().toEpochMilli());
    }

    private static Execution readExecution(DataInputStream in) throws IOException {
        return new Execution(in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(), in.readUTF(),
                Side.valueOf(in.readUTF()), decimal(in), decimal(in), decimal(in), decimal(in),
                Instant.ofEpochMilli(in.readLong()));
    }

    private static void decimal(DataOutputStream out, BigDecimal value) throws IOException {
        out.writeUTF(value.toPlainString());
    }

    private static void optionalDecimal(DataOutputStream out, BigDecimal value) throws IOException {
        out.writeUTF(value == null ? "" : value.toPlainString());
    }

    private static BigDecimal decimal(DataInputStream in) throws IOException {
        return new BigDecimal(in.readUTF());
    }

    private static BigDecimal optionalDecimal(DataInputStream in) throws IOException {
        String text = in.readUTF();
        return text.isEmpty() ? null : new BigDecimal(text);
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

    /**
     * Rejects the next {@code count} submissions whatever they are, as a broker refusing orders would (a runbook
     * rehearsal); 0 stops rejecting. They are recorded as rejected orders, like any rejection.
     */
    public synchronized void rejectNext(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        injectedRejections = count;
    }

    /** Submissions still to be rejected by {@link #rejectNext}. */
    public synchronized int injectedRejections() {
        return injectedRejections;
    }

    /** A position changed behind the router's back, as a manual trade at the broker would. */
    public synchronized void adjustPosition(String accountId, String symbol, BigDecimal quantity, BigDecimal price) {
        book(accountId).apply(symbol, quantity, price, BigDecimal.ZERO);
        changes++;
        changedAccounts.add(accountId);
        journal();
    }

    private Account book(String accountId) {
        return accounts.computeIfAbsent(accountId, a -> {
            changes++;
            changedAccounts.add(a);
            return new Account(settings.startingCash());
        });
    }

    private void fill(Order order, BigDecimal quantity, BigDecimal price) {
        if (quantity.signum() <= 0) {
            return;
        }
        OrderRequest r = order.request;
        BigDecimal fee = settings.feePerShare().multiply(quantity).setScale(MONEY_SCALE, RoundingMode.HALF_EVEN);
        BigDecimal signed = r.side() == Side.BUY ? quantity : quantity.negate();
        changes++;
        changedOrders.add(order.brokerOrderId);
        changedAccounts.add(r.accountId());
        book(r.accountId()).apply(r.symbol(), signed, price, fee);
        order.filled = order.filled.add(quantity);
        order.status = order.remaining().signum() == 0 ? BrokerOrder.Status.FILLED
                : BrokerOrder.Status.PARTIALLY_FILLED;
        if (!order.open()) {
            working.remove(order.brokerOrderId);
        }
        executions.add(new Execution(id + "-" + incarnation + "-X" + (executions.size() + 1), r.clientOrderId(),
                order.brokerOrderId,
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
