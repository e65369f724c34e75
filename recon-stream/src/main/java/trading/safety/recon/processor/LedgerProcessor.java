package trading.safety.recon.processor;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.recon.domain.AccountLedger;
import trading.safety.recon.domain.Reconciler;
import trading.safety.v1.BrokerPosition;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.Fill;
import trading.safety.v1.Severity;
import trading.safety.v1.Side;

/**
 * Per account (fills and broker snapshots are both keyed by accountId, so one task sees both): applies each
 * fill to the ledger once (a fill id seen within {@code fillMemory} is skipped), and reconciles each snapshot
 * against the ledger. The first snapshot of an account opens its ledger with the broker's figures (the
 * opening balance). The snapshot that turns a run of differing snapshots into FAIL raises a CRITICAL alert
 * and writes {@code kill-switch/account/{id}} (HALT_ONLY, origin AUTO:RECONCILIATION), once per run.
 */
public final class LedgerProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /** Store and sink names, from the topology. */
    public record Wiring(String ledgerStore, String seenFillsStore, String resultsSink, String alertsSink,
            String controlSink, Duration fillMemory) {
    }

    private static final Logger log = LoggerFactory.getLogger(LedgerProcessor.class);

    private final Reconciler reconciler;
    private final Wiring wiring;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, LedgerState> ledgers;
    private WindowStore<String, String> seenFills;

    public LedgerProcessor(Reconciler reconciler, Wiring wiring) {
        this.reconciler = reconciler;
        this.wiring = wiring;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.ledgers = context.getStateStore(wiring.ledgerStore());
        this.seenFills = context.getStateStore(wiring.seenFillsStore());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        if (record.value() instanceof Fill fill) {
            onFill(fill, record.timestamp());
        } else if (record.value() instanceof BrokerSnapshot snapshot) {
            onSnapshot(snapshot, record.timestamp());
        }
    }

    private void onFill(Fill fill, long timestamp) {
        try (WindowStoreIterator<String> seen = seenFills.fetch(fill.getFillId(),
                Instant.ofEpochMilli(timestamp).minus(wiring.fillMemory()), Instant.ofEpochMilli(timestamp))) {
            if (seen.hasNext()) {
                log.info("fill {} of {} seen before; counted once", fill.getFillId(), fill.getAccountId());
                return;
            }
        }
        seenFills.put(fill.getFillId(), fill.getAccountId(), timestamp);
        LedgerState state = state(fill.getAccountId());
        AccountLedger ledger = state.ledger().apply(new AccountLedger.Trade(fill.getSymbol(),
                fill.getSide() == Side.BUY, fill.getQuantity(), fill.getPrice(), fill.getFee()));
        ledgers.put(fill.getAccountId(), new LedgerState(ledger, state.opened(), state.fills() + 1,
                state.consecutiveFailures()));
    }

    private void onSnapshot(BrokerSnapshot snapshot, long timestamp) {
        String accountId = snapshot.getAccountId();
        LedgerState state = state(accountId);
        Map<String, BigDecimal> quantities = new HashMap<>();
        Map<String, AccountLedger.Holding> holdings = new HashMap<>();
        for (BrokerPosition p : snapshot.getPositions()) {
            quantities.merge(p.getSymbol(), p.getQuantity(), BigDecimal::add);
            holdings.put(p.getSymbol(), new AccountLedger.Holding(p.getQuantity(), p.getAvgPrice()));
        }
        String causation = snapshot.getEventId();
        if (!state.opened()) {
            // The first snapshot is the opening balance: what the broker held before any fill we saw.
            AccountLedger opened = state.ledger().withBalances(snapshot.getCash(), holdings);
            ledgers.put(accountId, new LedgerState(opened, true, state.fills(), 0));
            forward(accountId, ReconRecords.result(accountId, snapshot.getBrokerId(), snapshot.getAsOf(),
                    reconciler.judge(java.util.List.of(), 0), causation), timestamp, wiring.resultsSink());
            log.info("ledger of {} opened from {}'s snapshot: cash {}, {} positions", accountId,
                    snapshot.getBrokerId(), snapshot.getCash().toPlainString(), holdings.size());
            return;
        }
        Reconciler.Outcome outcome = reconciler.judge(reconciler.compare(state.ledger(), snapshot.getCash(),
                quantities), state.consecutiveFailures());
        ledgers.put(accountId, new LedgerState(state.ledger(), true, state.fills(), outcome.consecutiveFailures()));
        forward(accountId, ReconRecords.result(accountId, snapshot.getBrokerId(), snapshot.getAsOf(), outcome,
                causation), timestamp, wiring.resultsSink());
        if (outcome.failsNow(reconciler.failAfter())) {
            String reason = "reconciliation failed " + outcome.consecutiveFailures() + " snapshots in a row: "
                    + outcome.discrepancies().size() + " discrepancies (first: " + outcome.discrepancies().get(0)
                    .kind() + (outcome.discrepancies().get(0).symbol() == null ? ""
                            : " " + outcome.discrepancies().get(0).symbol()) + ")";
            Instant at = Instant.ofEpochMilli(timestamp);
            log.error("account {}: {}; account kill switch on", accountId, reason);
            forward("RECONCILIATION_FAIL", ReconRecords.alert(Severity.CRITICAL, "RECONCILIATION_FAIL", accountId,
                    reason, causation, at), timestamp, wiring.alertsSink());
            var kill = ReconRecords.accountKillSwitch(accountId, ReconRecords.RECONCILIATION_RULE, reason,
                    causation, at);
            forward(kill.getKey(), kill, timestamp, wiring.controlSink());
        }
    }

    private LedgerState state(String accountId) {
        LedgerState state = ledgers.get(accountId);
        return state == null ? LedgerState.initial() : state;
    }

    private void forward(String key, SpecificRecord value, long timestamp, String sink) {
        context.forward(new Record<>(key, value, timestamp), sink);
    }
}
