package trading.safety.risk.topology;

import static org.assertj.core.api.Assertions.assertThat;
import static trading.safety.risk.topology.Inputs.fill;
import static trading.safety.risk.topology.Inputs.recon;
import static trading.safety.risk.topology.Inputs.signal;
import static trading.safety.risk.topology.Inputs.snapshot;
import static trading.safety.risk.topology.Inputs.tradable;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import trading.safety.contract.registry.InMemorySchemaRegistry;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.contract.topic.Topic;
import trading.safety.contract.topic.Topics;
import trading.safety.risk.domain.TradingCalendar;
import trading.safety.v1.Alert;
import trading.safety.v1.ReconStatus;
import trading.safety.v1.Side;
import trading.safety.v1.SignalDecision;
import trading.safety.v1.TradeSignal;

/**
 * The audit-replay promise: the same input records, run through the topology twice, give byte-identical
 * decisions, intents, risk states, alerts and control records. The generated run spans six weeks of
 * trading days for four accounts, with replays, duplicates, fills and a drawdown that goes through
 * HALT, a failed health check and its extension, RAMPUP and back to NORMAL.
 */
class DeterminismTest {

    private static final Instant START = SampleRecords.T0;
    private static final String HALTED = "ACC-1";
    private static final List<String> ACCOUNTS = List.of(HALTED, "ACC-2", "ACC-3", "ACC-4");
    private static final List<String> SYMBOLS = List.of("AAPL", "MSFT", "NVDA");
    private static final List<Topic<?>> OUTPUTS = List.of(Topics.SIGNAL_DECISIONS, Topics.ORDER_INTENTS,
            Topics.RISK_STATE, Topics.ALERTS, Topics.CONTROL);

    @Test
    void reRunningTheSameInputsWritesByteIdenticalRecords() {
        List<Consumer<RiskDriver>> inputs = generate(new Random(20261122L));

        Run first = run(inputs);
        Run second = run(inputs);

        assertRunCrossesEveryDrawdownState(first);

        for (int topic = 0; topic < OUTPUTS.size(); topic++) {
            List<byte[]> once = first.written().get(topic);
            List<byte[]> again = second.written().get(topic);
            assertThat(again).as(OUTPUTS.get(topic).name()).hasSameSizeAs(once);
            for (int i = 0; i < once.size(); i++) {
                assertThat(again.get(i)).as(OUTPUTS.get(topic).name() + " record " + i).isEqualTo(once.get(i));
            }
        }
    }

    /** What one run wrote, per output topic in {@link #OUTPUTS} order, and the registry that reads it. */
    private record Run(InMemorySchemaRegistry registry, List<List<byte[]>> written, int replaysAbsorbed) {

        <V extends SpecificRecord> List<V> read(Topic<V> topic) {
            var deserializer = topic.valueSerde(registry).deserializer();
            return written.get(OUTPUTS.indexOf(topic)).stream().map(b -> deserializer.deserialize(topic.name(), b))
                    .toList();
        }
    }

    private static Run run(List<Consumer<RiskDriver>> inputs) {
        try (RiskDriver driver = new RiskDriver(new TradingCalendar(ZoneOffset.UTC, Set.of()), false)) {
            inputs.forEach(input -> input.accept(driver));
            return new Run(driver.registry, OUTPUTS.stream().map(driver::written).toList(),
                    driver.replaysAbsorbed.get());
        }
    }

    private static void assertRunCrossesEveryDrawdownState(Run run) {
        List<String> halted = run.read(Topics.ALERTS).stream()
                .filter(alert -> alert.getSubject().equals(HALTED)).map(Alert::getType).toList();
        assertThat(halted).containsSubsequence("DRAWDOWN_HALT", "DRAWDOWN_HEALTH_CHECK_FAILED", "DRAWDOWN_RAMPUP",
                "DRAWDOWN_NORMAL");
        List<SignalDecision> decisions = run.read(Topics.SIGNAL_DECISIONS);
        assertThat(decisions).hasSizeGreaterThan(2_000);
        assertThat(decisions.stream().map(SignalDecision::getSignalId).distinct().count())
                .as("every signal decided exactly once").isEqualTo(decisions.size());
        assertThat(decisions.stream().map(d -> d.getPrimaryReason().name()).collect(Collectors.toSet()))
                .contains("NONE", "DRAWDOWN_HALT", "DUPLICATE_INTENT");
        assertThat(run.replaysAbsorbed()).isPositive();
    }

    /** Six weeks of trading days; the inputs as actions on a driver, so both runs get the same records. */
    private static List<Consumer<RiskDriver>> generate(Random random) {
        List<Consumer<RiskDriver>> inputs = new ArrayList<>();
        int tradingDay = 0;
        for (Instant day = START; tradingDay < 30; day = day.plus(Duration.ofDays(1))) {
            if (day.atZone(ZoneOffset.UTC).getDayOfWeek().getValue() >= DayOfWeek.SATURDAY.getValue()) {
                continue;
            }
            final Instant open = day;
            final int today = tradingDay++;
            for (String symbol : SYMBOLS) {
                inputs.add(d -> d.symbolVerdicts.pipeInput(symbol, tradable(symbol, open.minusSeconds(60)), open));
            }
            for (String account : ACCOUNTS) {
                // The halted account's first cooldown ends (trading day 13) on a failed reconciliation.
                ReconStatus status = account.equals(HALTED) && today >= 11 && today <= 13 ? ReconStatus.FAIL
                        : ReconStatus.PASS;
                Instant at = open.plusSeconds(1);
                inputs.add(d -> d.reconResults.pipeInput(account, recon(account, status, at), at));
                String equity = equity(account, today, random);
                Instant snapAt = open.plusSeconds(2);
                inputs.add(d -> d.snapshots.pipeInput(account, snapshot(account, equity, snapAt), snapAt));
            }
            for (int minute = 1; minute <= 20; minute++) {
                for (String account : ACCOUNTS) {
                    Instant at = open.plus(Duration.ofMinutes(minute)).plusMillis(random.nextInt(50_000));
                    String symbol = SYMBOLS.get(random.nextInt(SYMBOLS.size()));
                    Side side = random.nextInt(3) == 0 ? Side.SELL : Side.BUY;
                    long quantity = 1 + random.nextInt(40);
                    String id = account + "-" + today + "-" + minute;
                    TradeSignal signal = signal(id, account, symbol, side, quantity, at);
                    inputs.add(d -> d.signals.pipeInput(account, signal, at));
                    if (random.nextInt(10) == 0) {
                        Instant again = at.plusMillis(500);
                        inputs.add(d -> d.signals.pipeInput(account, signal, again));
                    }
                    if (!account.equals(HALTED) && random.nextInt(15) == 0) {
                        TradeSignal twin = signal(id + "-twin", account, symbol, side, quantity, at.plusSeconds(2));
                        inputs.add(d -> d.signals.pipeInput(account, twin, at.plusSeconds(2)));
                    }
                    if (random.nextInt(4) == 0) {
                        Instant filled = at.plusSeconds(3);
                        String price = String.valueOf(95 + random.nextInt(10));
                        inputs.add(d -> d.fills.pipeInput(account, fill(id, account, symbol, side, quantity, price,
                                filled), filled));
                    }
                }
            }
        }
        return inputs;
    }

    /** The halted account drops 9% on day 3 and holds; the others wander within 3%. */
    private static String equity(String account, int day, Random random) {
        if (account.equals(HALTED)) {
            return day < 3 ? "1000000" : "910000";
        }
        return String.valueOf(1_000_000 - random.nextInt(30_000));
    }
}
