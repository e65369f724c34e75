package trading.safety.recon.processor;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.contract.control.ControlKey;
import trading.safety.recon.domain.AccountLedger;
import trading.safety.recon.domain.Reconciler;
import trading.safety.v1.BrokerPosition;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.Fill;
import trading.safety.v1.Severity;

/**
 * Per account (fills and broker snapshots are both keyed by accountId, so one task sees both): applies each
 * fill to the ledger once (a fill id seen within {@code fillMemory} is skipped), and reconciles each snapshot
 * against the ledger: positions, cash and the day's PnL. The first snapshot of an account opens its ledger
 * with the broker's figures (the opening balance). The snapshot that turns a run of differing snapshots into
 * FAIL raises a CRITICAL alert and halts the account ({@code kill-switch/account/{id}}, HALT_ONLY, origin
 * AUTO:RECONCILIATION), once per run; a later snapshot that passes lifts that halt (the runbook's "block new
 * entries until reconciliation passes"), never one an operator or another rule set.
 *
 * <p>An operator's {@code recon/sync/{accountId}} (the broker is the truth) is applied to the next snapshot
 * after it: the ledger's cash and positions become the snapshot's, the adjusting entries are audited under the
 * operator with the sync's reason, and that snapshot passes. Each sync command is applied once.
 */
public final class LedgerProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /**
     * Store and sink names, from the topology; {@code countedFills} is the processor each fill counted for the
     * first time is passed on to (the strategies' health), so a fill seen twice is counted once there too.
     */
    public record Wiring(String ledgerStore, String seenFillsStore, String controlStore, String resultsSink,
            AccountHalts.Sinks sinks, Duration fillMemory, String countedFills) {
    }

    /** The alert type of a reconciliation failure (and of its all-clear). */
    public static final String RECONCILIATION_FAIL = "RECONCILIATION_FAIL";
    private static final Logger log = LoggerFactory.getLogger(LedgerProcessor.class);
    /** Accounts whose decoded state is kept (least recently used out first); the store has them all. */
    private static final int WRITTEN_ACCOUNTS = 256;

    private final Reconciler reconciler;
    private final Wiring wiring;
    private final Deserializer<ControlRecord> controlReader;
    private final ReconMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, LedgerState> ledgers;
    private WindowStore<String, String> seenFills;
    private ControlReader controls;
    private AccountHalts halts;
    /**
     * Each account's state as this task last wrote it, so a snapshot of a large account does not decode the
     * ledger again (a stream thread's own writes; cleared whenever the task is initialised or closed).
     */
    private final Map<String, LedgerState> written = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, LedgerState> eldest) {
            return size() > WRITTEN_ACCOUNTS;
        }
    };

    public LedgerProcessor(Reconciler reconciler, Wiring wiring, Deserializer<ControlRecord> controlReader,
            ReconMetrics metrics) {
        this.reconciler = reconciler;
        this.wiring = wiring;
        this.controlReader = controlReader;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.ledgers = context.getStateStore(wiring.ledgerStore());
        this.seenFills = context.getStateStore(wiring.seenFillsStore());
        this.controls = new ControlReader(context.getStateStore(wiring.controlStore()), controlReader);
        this.halts = new AccountHalts(context, controls, wiring.sinks(), metrics);
        // Re-initialised after a rollback: the store is the truth again.
        this.written.clear();
    }

    @Override
    public void close() {
        written.clear();
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof Fill fill) {
            if (onFill(fill, record.timestamp())) {
                context.forward(record, wiring.countedFills());
            }
        } else if (record.value() instanceof BrokerSnapshot snapshot) {
            onSnapshot(snapshot, record.timestamp());
        }
    }

    /** @return whether the fill was counted (false for one seen before) */
    private boolean onFill(Fill fill, long timestamp) {
        try (WindowStoreIterator<String> seen = seenFills.fetch(fill.getFillId(),
                Instant.ofEpochMilli(timestamp).minus(wiring.fillMemory()), Instant.ofEpochMilli(timestamp))) {
            if (seen.hasNext()) {
                log.info("fill {} of {} seen before; counted once", fill.getFillId(), fill.getAccountId());
                metrics.duplicateFill();
                return false;
            }
        }
        seenFills.put(fill.getFillId(), fill.getAccountId(), timestamp);
        LedgerState state = state(fill.getAccountId());
        AccountLedger ledger = state.ledger().apply(ReconRecords.trade(fill));
        put(fill.getAccountId(), new LedgerState(ledger, state.opened(), state.fills() + 1,
                state.consecutiveFailures(), state.lastSync(), state.dayStart(), state.alertRaisedBy()));
        return true;
    }

    private void onSnapshot(BrokerSnapshot snapshot, long timestamp) {
        String accountId = snapshot.getAccountId();
        LedgerState state = state(accountId);
        Map<String, BigDecimal> quantities = new HashMap<>();
        Map<String, BigDecimal> values = new HashMap<>();
        for (BrokerPosition p : snapshot.getPositions()) {
            quantities.merge(p.getSymbol(), p.getQuantity(), BigDecimal::add);
            values.merge(p.getSymbol(), p.getMarketValue(), BigDecimal::add);
        }
        String causation = snapshot.getEventId();
        LocalDate day = LocalDate.ofInstant(snapshot.getAsOf(), ZoneOffset.UTC);
        if (!state.opened()) {
            // The first snapshot is the opening balance: what the broker held before any fill we saw.
            AccountLedger opened = state.ledger().withBalances(snapshot.getCash(), holdings(snapshot));
            put(accountId, new LedgerState(opened, true, state.fills(), 0, state.lastSync(),
                    dayStart(day, opened, quantities, values, snapshot), state.alertRaisedBy()));
            Reconciler.Outcome outcome = reconciler.judge(List.of(), 0);
            forward(accountId, ReconRecords.result(accountId, snapshot.getBrokerId(), snapshot.getAsOf(), outcome,
                    causation), timestamp, wiring.resultsSink());
            metrics.reconciled(accountId, outcome.status().name(), 0);
            log.info("ledger of {} opened from {}'s snapshot: cash {}, {} positions", accountId,
                    snapshot.getBrokerId(), snapshot.getCash().toPlainString(), opened.holdings().size());
            return;
        }
        AccountLedger ledger = state.ledger();
        String lastSync = state.lastSync();
        int failuresBefore = state.consecutiveFailures();
        LedgerState.DayStart dayStart = state.dayStart();
        ControlRecord sync = pendingSync(accountId, lastSync);
        if (sync != null) {
            AccountLedger synced = ledger.withBalances(snapshot.getCash(), holdings(snapshot));
            forward(new ControlKey.ReconSync(accountId).value(), ReconRecords.syncAudit(sync, ledger, synced,
                    snapshot, Instant.ofEpochMilli(timestamp)), timestamp, wiring.sinks().audit());
            log.warn("account {}: ledger synced to {}'s snapshot by {} ({}): cash {} -> {}", accountId,
                    snapshot.getBrokerId(), sync.getOperator(), sync.getReason(), ledger.cash().toPlainString(),
                    synced.cash().toPlainString());
            metrics.syncApplied(accountId);
            ledger = synced;
            lastSync = sync.getCommandId();
            failuresBefore = 0;
            dayStart = null;
        }
        if (dayStart == null || !dayStart.day().equals(day)) {
            dayStart = dayStart(day, ledger, quantities, values, snapshot);
        }
        List<Reconciler.Discrepancy> discrepancies = new ArrayList<>(reconciler.compare(ledger, snapshot.getCash(),
                quantities));
        reconciler.comparePnl(new Reconciler.DayPnl(
                ledgerEquity(ledger, quantities, values).subtract(dayStart.ledgerEquity()),
                snapshot.getEquity().subtract(dayStart.brokerEquity()), dayStart.ledgerEquity(),
                ledger.fees().subtract(dayStart.fees())), !discrepancies.isEmpty()).ifPresent(discrepancies::add);
        Reconciler.Outcome outcome = reconciler.judge(discrepancies, failuresBefore);
        forward(accountId, ReconRecords.result(accountId, snapshot.getBrokerId(), snapshot.getAsOf(), outcome,
                causation), timestamp, wiring.resultsSink());
        metrics.reconciled(accountId, outcome.status().name(), outcome.consecutiveFailures());
        String alertRaisedBy = state.alertRaisedBy();
        if (outcome.status() == Reconciler.Status.FAIL) {
            // The snapshot that fails the run halts the account; a later one of the same run halts it again if
            // the switch was lifted meanwhile (the books still disagree). One alert per run.
            boolean failsNow = outcome.failsNow(reconciler.failAfter());
            String cause = alertRaisedBy == null ? causation : alertRaisedBy;
            if (halts.halt(accountId, ReconRecords.RECONCILIATION_RULE, Severity.CRITICAL, RECONCILIATION_FAIL,
                    failReason(outcome), causation, cause, timestamp, failsNow) || failsNow) {
                alertRaisedBy = cause;
            }
        } else if (outcome.status() == Reconciler.Status.PASS) {
            String reason = sync == null ? "reconciliation passes again"
                    : "reconciliation passes after the ledger was synced by " + sync.getOperator() + ": "
                            + sync.getReason();
            halts.liftIfOnlySetBy(accountId, ReconRecords.RECONCILIATION_RULE, reason, causation, timestamp);
            if (alertRaisedBy != null) {
                forward(RECONCILIATION_FAIL, ReconRecords.resolved(RECONCILIATION_FAIL, accountId, reason,
                        alertRaisedBy, Instant.ofEpochMilli(timestamp)), timestamp, wiring.sinks().alerts());
                alertRaisedBy = null;
            }
        }
        LedgerState next = new LedgerState(ledger, true, state.fills(), outcome.consecutiveFailures(), lastSync,
                dayStart, alertRaisedBy);
        if (!next.equals(state)) {
            put(accountId, next);
        }
    }

    private static String failReason(Reconciler.Outcome outcome) {
        Reconciler.Discrepancy first = outcome.discrepancies().get(0);
        return "reconciliation failed " + outcome.consecutiveFailures() + " snapshots in a row: "
                + outcome.discrepancies().size() + " discrepancies (first: " + first.kind()
                + (first.symbol() == null ? "" : " " + first.symbol()) + ", ledger "
                + first.ledger().stripTrailingZeros().toPlainString() + ", broker "
                + first.broker().stripTrailingZeros().toPlainString() + ")";
    }

    /** The account's sync command not yet applied, or null (none, inactive, applied, or unreadable). */
    private ControlRecord pendingSync(String accountId, String lastSync) {
        ControlReader.Current current = controls.read(new ControlKey.ReconSync(accountId));
        if (!current.active() || current.record().getCommandId().equals(lastSync)) {
            return null;
        }
        return current.record();
    }

    private static LedgerState.DayStart dayStart(LocalDate day, AccountLedger ledger,
            Map<String, BigDecimal> quantities, Map<String, BigDecimal> values, BrokerSnapshot snapshot) {
        return new LedgerState.DayStart(day, ledgerEquity(ledger, quantities, values), snapshot.getEquity(),
                ledger.fees());
    }

    /**
     * The ledger's cash plus its positions at the broker's marks ({@code marketValue / quantity}; where the
     * quantities agree, the broker's market value itself), at the average price where the broker has none.
     */
    static BigDecimal ledgerEquity(AccountLedger ledger, Map<String, BigDecimal> quantities,
            Map<String, BigDecimal> values) {
        BigDecimal equity = ledger.cash();
        for (Map.Entry<String, AccountLedger.Holding> h : ledger.holdings().entrySet()) {
            BigDecimal held = h.getValue().quantity();
            BigDecimal brokerQuantity = quantities.get(h.getKey());
            if (brokerQuantity == null || brokerQuantity.signum() == 0) {
                equity = equity.add(held.multiply(h.getValue().averagePrice()));
            } else if (brokerQuantity.compareTo(held) == 0) {
                equity = equity.add(values.get(h.getKey()));
            } else {
                equity = equity.add(held.multiply(values.get(h.getKey())).divide(brokerQuantity,
                        AccountLedger.SCALE, RoundingMode.HALF_EVEN));
            }
        }
        return equity;
    }

    private static Map<String, AccountLedger.Holding> holdings(BrokerSnapshot snapshot) {
        Map<String, AccountLedger.Holding> holdings = new HashMap<>();
        for (BrokerPosition p : snapshot.getPositions()) {
            holdings.merge(p.getSymbol(), new AccountLedger.Holding(p.getQuantity(), p.getAvgPrice()),
                    (a, b) -> new AccountLedger.Holding(a.quantity().add(b.quantity()), b.averagePrice()));
        }
        return holdings;
    }

    /** The account's state: as last written by this task (kept decoded), else from the store. */
    private LedgerState state(String accountId) {
        LedgerState state = written.get(accountId);
        if (state == null) {
            state = ledgers.get(accountId);
        }
        return state == null ? LedgerState.initial() : state;
    }

    private void put(String accountId, LedgerState state) {
        ledgers.put(accountId, state);
        written.put(accountId, state);
    }

    private void forward(String key, SpecificRecord value, long timestamp, String sink) {
        context.forward(new Record<>(key, value, timestamp), sink);
    }
}
