package trading.safety.risk.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.serde.Decimals;
import trading.safety.contract.testing.SampleRecords;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.DrawdownState;
import trading.safety.v1.Fill;
import trading.safety.v1.OrderType;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.ReconStatus;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.Side;
import trading.safety.v1.TradeSignal;

class AccountRiskTest {

    private static final Instant MON = SampleRecords.T0;
    private static final String ACCOUNT = "ACC-1";
    private static final TradingCalendar CALENDAR = new TradingCalendar(ZoneOffset.UTC, Set.of());

    private final AccountRisk risk = new AccountRisk(new DrawdownMachine(DrawdownPolicy.runbookDefaults(), CALENDAR,
            new HealthCheck(Duration.ofHours(72))), new PreTradeChecks(), CALENDAR, RiskLimits.defaults(),
            Duration.ofHours(72));
    private final Map<String, ControlRecord> controls = new HashMap<>();
    private final AccountRisk.Environment env = new AccountRisk.Environment() {
        @Override
        public ControlRecord control(String key) {
            return controls.get(key);
        }

        @Override
        public AccountRisk.SymbolStatus symbol(String symbol) {
            return new AccountRisk.SymbolStatus(true, "", MON);
        }

        @Override
        public Instant latestMarketData() {
            return latestBar;
        }

        @Override
        public SeenSignals seenSignals() {
            return seen;
        }
    };
    private final SeenSignals seen = new SeenSignals() {
        private final List<SeenSignal> remembered = new ArrayList<>();

        @Override
        public Boolean anotherSince(String accountId, SeenSignal candidate, Instant since) {
            return remembered.stream().anyMatch(s -> s.fingerprint() == candidate.fingerprint()
                    && s.signalId() != candidate.signalId() && !s.at().isBefore(since));
        }

        @Override
        public void remember(String accountId, SeenSignal signal) {
            remembered.add(signal);
        }
    };
    private Instant latestBar = MON;

    @Test
    void aNewTradingDayStartsFromTheEquityOfItsFirstRecordWithNoRealizedLoss() {
        AccountState state = snapshot(AccountState.empty(ACCOUNT), "100000", MON);
        state = risk.onFill(state, fill("f1", Side.BUY, "10", "100", MON.plusSeconds(60)), MON.plusSeconds(60), env)
                .state();
        state = risk.onFill(state, fill("f2", Side.SELL, "10", "90", MON.plusSeconds(120)), MON.plusSeconds(120), env)
                .state();
        assertThat(state.dailyRealizedPnl()).isEqualByComparingTo("-102");
        assertThat(state.positions()).isEmpty();

        AccountRisk.Outcome nextDay = risk.onSignal(state, signal("s1", MON.plus(Duration.ofDays(1))),
                MON.plus(Duration.ofDays(1)), env);

        assertThat(nextDay.riskStateChanged()).isTrue();
        assertThat(nextDay.state().dailyRealizedPnl()).isZero();
        assertThat(nextDay.state().dailyStartEquity()).isEqualByComparingTo("99998");
        assertThat(nextDay.state().day()).isEqualTo(CALENDAR.dateOf(MON).plusDays(1));
    }

    @Test
    void theClockNeverMovesBackForALateRecord() {
        AccountState state = snapshot(AccountState.empty(ACCOUNT), "100000", MON.plusSeconds(100));

        AccountRisk.Outcome late = risk.onReconciliation(state, recon(ReconStatus.PASS, MON), MON, env);

        assertThat(late.state().clock()).isEqualTo(MON.plusSeconds(100));
        assertThat(late.state().lastReconciliationPassed()).isTrue();
    }

    @Test
    void appliesAnOperatorOverrideOnceAndIgnoresOneNamingNoState() {
        AccountState halted = snapshot(snapshot(AccountState.empty(ACCOUNT), "100000", MON), "91000",
                MON.plusSeconds(1));
        assertThat(halted.drawdown().state()).isEqualTo(DrawdownState.HALT);
        String key = new ControlKey.DrawdownOverride(ACCOUNT).value();
        controls.put(key, control(key, "NORMAL", "cmd-1"));

        AccountRisk.Outcome overridden = risk.onSignal(halted, signal("s1", MON.plusSeconds(2)), MON.plusSeconds(2), env);
        assertThat(overridden.state().drawdown().state()).isEqualTo(DrawdownState.NORMAL);
        assertThat(overridden.transitions()).singleElement().satisfies(t -> assertThat(t.reason())
                .contains("operator override", "alice", "cmd-1"));
        assertThat(overridden.decision().approved()).isTrue();

        AccountState haltedAgain = snapshot(overridden.state(), "80000", MON.plusSeconds(3));
        AccountRisk.Outcome same = risk.onSignal(haltedAgain, signal("s2", MON.plusSeconds(4)), MON.plusSeconds(4), env);
        assertThat(same.state().drawdown().state()).as("the same command applies once").isEqualTo(DrawdownState.PANIC);

        controls.put(key, control(key, "SIDEWAYS", "cmd-2"));
        AccountRisk.Outcome invalid = risk.onSignal(same.state(), signal("s3", MON.plusSeconds(5)), MON.plusSeconds(5),
                env);
        assertThat(invalid.state().drawdown().state()).isEqualTo(DrawdownState.PANIC);
        assertThat(invalid.notices()).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo("DRAWDOWN_OVERRIDE_INVALID");
            assertThat(n.message()).contains("SIDEWAYS");
        });
    }

    @Test
    void aCooldownEndingWithEveryStrategyDisabledExtendsIt() {
        AccountState state = snapshot(AccountState.empty(ACCOUNT), "100000", MON);
        state = risk.onSignal(state, signal("s0", MON.plusSeconds(1)), MON.plusSeconds(1), env).state();
        state = snapshot(state, "91000", MON.plusSeconds(2));
        state = risk.onReconciliation(state, recon(ReconStatus.PASS, MON.plusSeconds(3)), MON.plusSeconds(3), env)
                .state();
        String strategy = new ControlKey.StrategySwitch("momentum").value();
        controls.put(strategy, control(strategy, null, "cmd-off"));
        Instant cooldownEnd = MON.plus(Duration.ofDays(14));
        latestBar = cooldownEnd;

        AccountRisk.Outcome extended = risk.onReconciliation(state, recon(ReconStatus.PASS, cooldownEnd), cooldownEnd,
                env);

        assertThat(extended.state().drawdown().state()).isEqualTo(DrawdownState.HALT);
        assertThat(extended.state().drawdown().cooldownEndsOn()).isEqualTo(CALENDAR.dateOf(cooldownEnd).plusDays(7));
        assertThat(extended.notices()).singleElement().satisfies(n -> {
            assertThat(n.type()).isEqualTo("DRAWDOWN_HEALTH_CHECK_FAILED");
            assertThat(n.message()).contains("STRATEGIES");
        });

        controls.remove(strategy);
        Instant later = MON.plus(Duration.ofDays(21));
        latestBar = later;
        AccountRisk.Outcome rampup = risk.onReconciliation(extended.state(), recon(ReconStatus.PASS, later), later, env);
        assertThat(rampup.state().drawdown().state()).isEqualTo(DrawdownState.RAMPUP);
        assertThat(risk.sizingFactor(rampup.state())).isEqualByComparingTo("0.5");
    }

    @Test
    void aHalfOpenBreakerLetsOneProbeThroughPerRecoveryTime() {
        AccountState state = snapshot(AccountState.empty(ACCOUNT), "100000", MON);
        String key = new ControlKey.CircuitBreaker(new ControlKey.BreakerName.System()).value();
        controls.put(key, ControlRecord.newBuilder(control(key, null, "cmd-open"))
                .setParams(Map.of("recoveryAt", MON.plusSeconds(60).toString())).build());

        List<ReasonCode> reasons = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Instant at = MON.plusSeconds(30 + 20 * i);
            TradeSignal signal = SampleRecords.signal().setSignalId("s" + i).setOrderType(OrderType.MARKET)
                    .setLimitPrice(null).setQuantity(Decimals.of(10 + i)).setCreatedAt(at).build();
            AccountRisk.Outcome outcome = risk.onSignal(state, signal, at, env);
            reasons.add(outcome.decision().primaryReason());
            state = outcome.state();
        }

        assertThat(reasons).containsExactly(ReasonCode.CIRCUIT_OPEN, ReasonCode.CIRCUIT_OPEN, ReasonCode.NONE,
                ReasonCode.CIRCUIT_OPEN);
        assertThat(state.probesTaken()).containsEntry(key, MON.plusSeconds(60).toString());
    }

    private AccountState snapshot(AccountState state, String equity, Instant at) {
        BrokerSnapshot snapshot = BrokerSnapshot.newBuilder().setEventId("snap-" + at.toEpochMilli())
                .setCausationId(null).setAccountId(ACCOUNT).setBrokerId("paper").setAsOf(at)
                .setCash(Decimals.of(equity)).setEquity(Decimals.of(equity)).setPositions(List.of()).setOpenOrders(0)
                .build();
        return risk.onSnapshot(state, snapshot, at, env).state();
    }

    private static TradeSignal signal(String id, Instant at) {
        return SampleRecords.signal().setSignalId(id).setOrderType(OrderType.MARKET).setLimitPrice(null)
                .setCreatedAt(at).build();
    }

    private static Fill fill(String id, Side side, String quantity, String price, Instant at) {
        return Fill.newBuilder().setEventId("evt-" + id).setCausationId(null).setFillId(id).setIntentId("i-" + id)
                .setAccountId(ACCOUNT).setSymbol("AAPL").setSide(side).setQuantity(Decimals.of(quantity))
                .setPrice(Decimals.of(price)).setFee(Decimals.of("1")).setBrokerId("paper").setFilledAt(at).build();
    }

    private static ReconciliationResult recon(ReconStatus status, Instant at) {
        return ReconciliationResult.newBuilder().setEventId("recon-" + at.toEpochMilli()).setCausationId(null)
                .setAccountId(ACCOUNT).setBrokerId("paper").setSnapshotAsOf(at).setStatus(status)
                .setDiscrepancies(List.of()).setConsecutiveFailures(0).build();
    }

    private static ControlRecord control(String key, String mode, String commandId) {
        return ControlRecord.newBuilder().setEventId("evt-" + commandId).setCausationId(null).setKey(key)
                .setActive(true).setMode(mode).setReason("desk review").setOperator("alice").setOrigin("MANUAL")
                .setCommandId(commandId).setAt(MON).setParams(Map.of()).build();
    }
}
