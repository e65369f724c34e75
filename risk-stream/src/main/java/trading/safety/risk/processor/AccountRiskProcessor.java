package trading.safety.risk.processor;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.contract.control.ControlAudit;
import trading.safety.contract.serde.UnreadableRecordException;
import trading.safety.risk.domain.AccountRisk;
import trading.safety.risk.domain.AccountState;
import trading.safety.risk.domain.ControlView;
import trading.safety.risk.domain.DrawdownMachine;
import trading.safety.risk.domain.SeenSignals;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.Fill;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.SymbolQuality;
import trading.safety.v1.TradeSignal;

/**
 * The account sub-topology's one processor. Signals, fills, broker snapshots and reconciliation results
 * of an account arrive here in offset order (all keyed and partitioned by accountId); for each it reads
 * the account's state, lets {@link AccountRisk} decide, writes the state and forwards what came of it to
 * the named sinks. A signal already decided (same signalId) is absorbed: no second decision, no second
 * intent. Control records and symbol verdicts are read from global stores as undecoded bytes; one that
 * cannot be decoded fails closed.
 */
public final class AccountRiskProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {

    /**
     * Store and child names the processor is wired with, how long decided signalIds are looked for, and how
     * long the seen-signal store retains. The replay store must retain at least {@code replayWindow} plus
     * {@link #REPLAY_BUCKET}; the seen-signal store (keeping duplicates) {@code seenSignalRetention}, which is
     * the duplicate window plus {@link #SEEN_SIGNAL_MARGIN}.
     */
    public record Wiring(String accountStore, String replayStore, String seenSignalStore, String controlStore,
            String symbolStore, String decisionsSink, String intentsSink, String riskStateSink, String alertsSink,
            String controlSink, String auditSink, Duration replayWindow, Duration seenSignalRetention) {
    }

    /**
     * Decided signalIds are stored at the start of their hour, so a lookup visits at most the window's
     * hours (25 for a day) rather than every distinct timestamp, whatever the store's implementation.
     */
    public static final Duration REPLAY_BUCKET = Duration.ofHours(1);

    /**
     * How much longer than the duplicate window seen signals are kept: the store drops them by the newest
     * time written to it, so an account whose time lags its partition's newest signal by up to this much
     * still finds its whole window. One lagging more cannot be checked, and its signal is rejected (fails
     * closed, as INVALID rather than as a duplicate, so it does not count against the account's health).
     */
    public static final Duration SEEN_SIGNAL_MARGIN = Duration.ofHours(1);

    private static final Logger log = LoggerFactory.getLogger(AccountRiskProcessor.class);
    private static final int RECENT_ACCOUNTS = 5_000;

    private final AccountRisk risk;
    private final Wiring wiring;
    private final Deserializer<ControlRecord> controlReader;
    private final Deserializer<SymbolQuality> symbolReader;
    private final RiskMetrics metrics;
    private final Map<String, Decoded<ControlRecord>> controls = new HashMap<>();
    private final Map<String, Decoded<AccountRisk.SymbolStatus>> symbols = new HashMap<>();
    private final Environment env = new Environment();
    /**
     * The task's recently used account states as objects, so a signal does not decode what the previous
     * record of the account just encoded. The store stays the truth: every update is written through, and
     * the cache is dropped whenever Kafka Streams (re)initializes or closes the task (after an aborted
     * transaction the store is restored from its changelog, and this starts empty again).
     */
    private final Map<String, AccountState> recentAccounts = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, AccountState> eldest) {
            return size() > RECENT_ACCOUNTS;
        }
    };

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, AccountState> accounts;
    private WindowStore<String, String> replays;
    private WindowStore<String, Long> seenSignals;
    private KeyValueStore<String, byte[]> controlBytes;
    private KeyValueStore<String, byte[]> symbolBytes;

    /** A decoded global-store value; {@code lasting} is false for a failure that may pass (registry down). */
    private record Decoded<T>(byte[] bytes, T value, boolean lasting) {
    }

    public AccountRiskProcessor(AccountRisk risk, Wiring wiring, Deserializer<ControlRecord> controlReader,
            Deserializer<SymbolQuality> symbolReader, RiskMetrics metrics) {
        this.risk = risk;
        this.wiring = wiring;
        this.controlReader = controlReader;
        this.symbolReader = symbolReader;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        recentAccounts.clear();
        accounts = context.getStateStore(wiring.accountStore());
        replays = context.getStateStore(wiring.replayStore());
        seenSignals = context.getStateStore(wiring.seenSignalStore());
        controlBytes = context.getStateStore(wiring.controlStore());
        symbolBytes = context.getStateStore(wiring.symbolStore());
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        SpecificRecord value = record.value();
        String accountId = record.key();
        if (value == null || accountId == null) {
            return;
        }
        Instant at = Instant.ofEpochMilli(record.timestamp());
        AccountState stored = recentAccounts.get(accountId);
        if (stored == null) {
            stored = accounts.get(accountId);
        }
        AccountState state = stored == null ? AccountState.empty(accountId) : stored;
        AccountRisk.Outcome outcome;
        String causationId;
        if (value instanceof TradeSignal signal) {
            if (alreadyDecided(signal.getSignalId())) {
                metrics.replayAbsorbed();
                return;
            }
            outcome = risk.onSignal(state, signal, at, env);
            causationId = signal.getEventId();
        } else if (value instanceof BrokerSnapshot snapshot) {
            outcome = risk.onSnapshot(state, snapshot, at, env);
            causationId = snapshot.getEventId();
        } else if (value instanceof Fill fill) {
            outcome = risk.onFill(state, fill, at, env);
            causationId = fill.getEventId();
        } else if (value instanceof ReconciliationResult result) {
            outcome = risk.onReconciliation(state, result, at, env);
            causationId = result.getEventId();
        } else {
            log.warn("ignoring a {} on the account sub-topology", value.getClass().getSimpleName());
            return;
        }
        AccountState next = outcome.state();
        accounts.put(accountId, next);
        recentAccounts.put(accountId, next);
        Instant decidedAt = next.clock();
        long timestamp = decidedAt.toEpochMilli();
        if (value instanceof TradeSignal signal) {
            replays.put(signal.getSignalId(), outcome.decision().approved() ? "APPROVED" : "REJECTED",
                    bucket(timestamp));
            context.forward(new Record<String, SpecificRecord>(accountId,
                    RiskRecords.decision(signal, outcome.decision(), decidedAt), timestamp), wiring.decisionsSink());
            if (outcome.decision().approved()) {
                context.forward(new Record<String, SpecificRecord>(accountId,
                        RiskRecords.intent(signal, outcome.decision(), decidedAt), timestamp), wiring.intentsSink());
            }
            metrics.decided(outcome.decision().approved(), outcome.decision().primaryReason(), record.timestamp());
        }
        for (AccountRisk.Notice notice : outcome.notices()) {
            context.forward(new Record<String, SpecificRecord>(notice.type(),
                    RiskRecords.alert(notice, causationId, decidedAt), timestamp), wiring.alertsSink());
        }
        if (outcome.flatten()) {
            DrawdownMachine.Transition panic = outcome.transitions().stream().filter(DrawdownMachine.Transition::flatten)
                    .reduce((first, second) -> second).orElseThrow();
            var flatten = RiskRecords.flatten(accountId, panic, causationId, decidedAt);
            context.forward(new Record<String, SpecificRecord>(flatten.getKey(), flatten, timestamp),
                    wiring.controlSink());
            context.forward(new Record<String, SpecificRecord>(flatten.getKey(), ControlAudit.of(flatten, null),
                    timestamp), wiring.auditSink());
        }
        if (outcome.riskStateChanged()) {
            var published = RiskRecords.riskState(next, causationId);
            context.forward(new Record<String, SpecificRecord>(accountId, published, timestamp),
                    wiring.riskStateSink());
            metrics.riskState(accountId, published.getState(), published.getDrawdown());
        }
    }

    @Override
    public void close() {
        recentAccounts.clear();
    }

    private boolean alreadyDecided(String signalId) {
        long now = bucket(Math.max(context.currentStreamTimeMs(), 0L));
        long since = Math.max(0L, now - wiring.replayWindow().toMillis() - REPLAY_BUCKET.toMillis());
        try (WindowStoreIterator<String> seen = replays.fetch(signalId, since, now + REPLAY_BUCKET.toMillis())) {
            return seen.hasNext();
        }
    }

    /**
     * The seen-signal store: per account and intent fingerprint, the signalIds' digests at their account
     * times. A lookup reads only the candidate's intent within the window.
     */
    private final class StoredSeenSignals implements SeenSignals {

        @Override
        public Boolean anotherSince(String accountId, SeenSignals.SeenSignal candidate, Instant since) {
            long from = since.toEpochMilli();
            // The store hides what is at or before the newest time written to it (never past the task's stream
            // time) minus its retention.
            if (from <= context.currentStreamTimeMs() - wiring.seenSignalRetention().toMillis()) {
                return null;
            }
            try (WindowStoreIterator<Long> seen = seenSignals.fetch(key(accountId, candidate), from,
                    candidate.at().toEpochMilli())) {
                while (seen.hasNext()) {
                    if (seen.next().value != candidate.signalId()) {
                        return true;
                    }
                }
            }
            return false;
        }

        @Override
        public void remember(String accountId, SeenSignals.SeenSignal seen) {
            seenSignals.put(key(accountId, seen), seen.signalId(), seen.at().toEpochMilli());
        }

        private static String key(String accountId, SeenSignals.SeenSignal signal) {
            return accountId + '|' + Long.toHexString(signal.fingerprint());
        }
    }

    /** The global stores as the domain sees them, decoded once per distinct value. */
    private final class Environment implements AccountRisk.Environment {

        private final SeenSignals seen = new StoredSeenSignals();

        @Override
        public SeenSignals seenSignals() {
            return seen;
        }

        @Override
        public ControlRecord control(String key) {
            return decode(controls, controlBytes, key, bytes -> {
                try {
                    return new Decoded<>(bytes, controlReader.deserialize(null, bytes), true);
                } catch (RuntimeException e) {
                    log.warn("control record {} cannot be read; failing closed: {}", key, e.toString());
                    return new Decoded<>(bytes, ControlView.unreadable(key, e.toString()), UnreadableRecordException.isCauseOf(e));
                }
            });
        }

        @Override
        public AccountRisk.SymbolStatus symbol(String symbol) {
            return decode(symbols, symbolBytes, symbol, bytes -> {
                try {
                    SymbolQuality quality = symbolReader.deserialize(null, bytes);
                    return new Decoded<>(bytes, new AccountRisk.SymbolStatus(quality.getTradable(),
                            quality.getIssues().stream().map(i -> i.getType() + ": " + i.getDetail())
                                    .collect(Collectors.joining("; ")), quality.getLastBarTime()), true);
                } catch (RuntimeException e) {
                    return new Decoded<>(bytes, new AccountRisk.SymbolStatus(false, "UNREADABLE: " + e, null),
                            UnreadableRecordException.isCauseOf(e));
                }
            });
        }

        @Override
        public Instant latestMarketData() {
            Instant latest = null;
            try (KeyValueIterator<String, byte[]> all = symbolBytes.all()) {
                while (all.hasNext()) {
                    KeyValue<String, byte[]> entry = all.next();
                    AccountRisk.SymbolStatus status = symbol(entry.key);
                    if (status.lastBarTime() != null && (latest == null || status.lastBarTime().isAfter(latest))) {
                        latest = status.lastBarTime();
                    }
                }
            }
            return latest;
        }
    }

    private static long bucket(long timestampMs) {
        return timestampMs - Math.floorMod(timestampMs, REPLAY_BUCKET.toMillis());
    }

    private static <T> T decode(Map<String, Decoded<T>> cache, KeyValueStore<String, byte[]> store, String key,
            Function<byte[], Decoded<T>> decoder) {
        byte[] bytes = store.get(key);
        if (bytes == null) {
            cache.remove(key);
            return null;
        }
        Decoded<T> cached = cache.get(key);
        if (cached != null && (cached.bytes() == bytes || Arrays.equals(cached.bytes(), bytes))) {
            return cached.value();
        }
        Decoded<T> decoded = decoder.apply(bytes);
        if (decoded.lasting()) {
            cache.put(key, decoded);
        }
        return decoded.value();
    }
}
