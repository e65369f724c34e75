package trading.safety.risk.topology;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import trading.safety.contract.registry.InMemorySchemaRegistry;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.domain.AccountRisk;
import trading.safety.risk.domain.AccountState;
import trading.safety.risk.domain.DataQualityGate;
import trading.safety.risk.domain.DrawdownMachine;
import trading.safety.risk.domain.DrawdownPolicy;
import trading.safety.risk.domain.HealthCheck;
import trading.safety.risk.domain.PreTradeChecks;
import trading.safety.risk.domain.RiskLimits;
import trading.safety.risk.domain.TradingCalendar;
import trading.safety.risk.processor.AccountStateSerde;
import trading.safety.risk.processor.RiskMetrics;
import trading.safety.service.streams.DeadLetterHandler;
import trading.safety.v1.AccountRiskState;
import trading.safety.v1.Alert;
import trading.safety.v1.AuditEvent;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DeadLetter;
import trading.safety.v1.DrawdownState;
import trading.safety.v1.Fill;
import trading.safety.v1.MarketBar;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.SymbolQuality;
import trading.safety.v1.TradeSignal;

/**
 * risk-stream's whole topology in a {@link TopologyTestDriver}, with the runbooks' thresholds, a UTC
 * weekday calendar and an in-memory registry, and a typed handle on every topic it reads or writes.
 */
final class RiskDriver implements AutoCloseable {

    final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    final AtomicInteger deadLettered = new AtomicInteger();
    final AtomicInteger replaysAbsorbed = new AtomicInteger();
    final Topology topology;
    final TopologyTestDriver driver;

    final TestInputTopic<String, MarketBar> bars;
    final TestInputTopic<String, TradeSignal> signals;
    final TestInputTopic<String, Fill> fills;
    final TestInputTopic<String, BrokerSnapshot> snapshots;
    final TestInputTopic<String, ReconciliationResult> reconResults;
    final TestInputTopic<String, ControlRecord> control;
    final TestInputTopic<String, SymbolQuality> symbolVerdicts;

    final TestOutputTopic<String, SymbolQuality> quality;
    final TestOutputTopic<String, SignalDecision> decisions;
    final TestOutputTopic<String, OrderIntent> intents;
    final TestOutputTopic<String, AccountRiskState> riskStates;
    final TestOutputTopic<String, Alert> alerts;
    final TestOutputTopic<String, ControlRecord> controlOut;
    final TestOutputTopic<String, AuditEvent> audit;
    final TestOutputTopic<String, DeadLetter> deadLetters;

    RiskDriver() {
        this(new TradingCalendar(ZoneOffset.UTC, Set.of()));
    }

    RiskDriver(TradingCalendar calendar) {
        this(calendar, true);
    }

    /** With {@code durable} false, in-memory stores: the same logic and serdes, without RocksDB's cost. */
    RiskDriver(TradingCalendar calendar, boolean durable) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "risk-stream-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        props.put(DeadLetterHandler.SERIALIZER, Topics.DLQ.valueSerde(registry).serializer());
        props.put(DeadLetterHandler.SERVICE, "risk-stream");
        props.put(DeadLetterHandler.COUNTER, (Runnable) deadLettered::incrementAndGet);
        DataQualityGate gate = DataQualityGate.runbookDefaults();
        DrawdownMachine machine = new DrawdownMachine(DrawdownPolicy.runbookDefaults(), calendar,
                new HealthCheck(gate.maxAge()));
        AccountRisk risk = new AccountRisk(machine, new PreTradeChecks(), calendar, RiskLimits.defaults(),
                gate.maxAge());
        topology = RiskTopology.build(new RiskTopology.Settings(gate, risk, Duration.ofHours(24), new RiskMetrics() {
            @Override
            public void decided(boolean approved, ReasonCode primaryReason, long appendedAtMs) {
            }

            @Override
            public void replayAbsorbed() {
                replaysAbsorbed.incrementAndGet();
            }

            @Override
            public void riskState(String accountId, DrawdownState state, BigDecimal drawdown) {
            }
        }, durable), registry);
        driver = new TopologyTestDriver(topology, props);
        bars = input(Topics.MARKET_DATA);
        signals = input(Topics.SIGNALS);
        fills = input(Topics.FILLS);
        snapshots = input(Topics.BROKER_SNAPSHOTS);
        reconResults = input(Topics.RECON_RESULTS);
        control = input(Topics.CONTROL);
        symbolVerdicts = input(Topics.SYMBOL_QUALITY);
        quality = output(Topics.SYMBOL_QUALITY);
        decisions = output(Topics.SIGNAL_DECISIONS);
        intents = output(Topics.ORDER_INTENTS);
        riskStates = output(Topics.RISK_STATE);
        alerts = output(Topics.ALERTS);
        controlOut = output(Topics.CONTROL);
        audit = output(Topics.AUDIT);
        deadLetters = output(Topics.DLQ);
    }

    <V extends SpecificRecord> TestInputTopic<String, V> input(Topic<V> topic) {
        return driver.createInputTopic(topic.name(), new StringSerializer(), topic.valueSerde(registry).serializer());
    }

    <V extends SpecificRecord> TestOutputTopic<String, V> output(Topic<V> topic) {
        return driver.createOutputTopic(topic.name(), new StringDeserializer(),
                topic.valueSerde(registry).deserializer());
    }

    TestInputTopic<String, byte[]> raw(Topic<?> topic) {
        return driver.createInputTopic(topic.name(), new StringSerializer(), new ByteArraySerializer());
    }

    /** Every record on {@code topic} so far, as the bytes the topology wrote. */
    List<byte[]> written(Topic<?> topic) {
        return driver.createOutputTopic(topic.name(), new StringDeserializer(), new ByteArrayDeserializer())
                .readValuesToList();
    }

    /** The account's state in its store. */
    AccountState accountState(String accountId) {
        KeyValueStore<String, AccountState> accounts = driver.getKeyValueStore(RiskTopology.ACCOUNT_STORE);
        return accounts.get(accountId);
    }

    /** The size of the account's state as its store writes it. */
    int accountStateBytes(String accountId) {
        return new AccountStateSerde().serializer().serialize("t", accountState(accountId)).length;
    }

    /** How many signals the seen-signal store holds. */
    int seenSignalCount() {
        WindowStore<String, Long> seen = driver.getWindowStore(RiskTopology.SEEN_SIGNAL_STORE);
        int count = 0;
        try (var all = seen.all()) {
            for (; all.hasNext(); all.next()) {
                count++;
            }
        }
        return count;
    }

    @Override
    public void close() {
        driver.close();
    }
}
