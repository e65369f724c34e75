package trading.safety.router.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import trading.safety.contract.serde.Decimals;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.OrderType;
import trading.safety.v1.ReasonCode;
import trading.safety.v1.Side;
import trading.safety.v1.TimeInForce;

class RoutingGateTest {

    private static final OrderIntent ENTRY = intent(IntentPurpose.ENTRY);
    private static final OrderIntent EXIT = intent(IntentPurpose.EXIT);
    private static final OrderIntent FLATTEN = intent(IntentPurpose.FLATTEN);

    @Test
    void passesEverythingWhenNoControlIsActive() {
        RouterControls none = RouterControls.empty();

        assertThat(RoutingGate.check(ENTRY, none, "paper", false)).isEmpty();
        assertThat(RoutingGate.check(EXIT, none, "paper", false)).isEmpty();
        assertThat(RoutingGate.check(FLATTEN, none, "paper", false)).isEmpty();
    }

    @Test
    void haltOnlyBlocksEntriesAndLetsExitsAndFlattensThrough() {
        for (String key : new String[] {"kill-switch", "kill-switch/account/ACC-1"}) {
            RouterControls halted = controls(Map.of(key, record(key, true, "HALT_ONLY")));

            assertThat(RoutingGate.check(ENTRY, halted, "paper", false)).get().extracting(RoutingGate.Refusal::reason)
                    .isEqualTo(ReasonCode.KILL_SWITCH);
            assertThat(RoutingGate.check(EXIT, halted, "paper", false)).as(key).isEmpty();
            assertThat(RoutingGate.check(FLATTEN, halted, "paper", false)).as(key).isEmpty();
        }
    }

    @Test
    void closePositionsBlocksAllButFlattenOrders() {
        RouterControls closing = controls(Map.of("kill-switch", record("kill-switch", true, "CLOSE_POSITIONS")));

        assertThat(RoutingGate.check(ENTRY, closing, "paper", false)).isPresent();
        assertThat(RoutingGate.check(EXIT, closing, "paper", false)).get().extracting(RoutingGate.Refusal::detail)
                .asString().contains("CLOSE_POSITIONS");
        assertThat(RoutingGate.check(FLATTEN, closing, "paper", false)).isEmpty();
    }

    @Test
    void anotherAccountsSwitchAndAnInactiveRecordDoNotBlock() {
        RouterControls other = controls(Map.of("kill-switch/account/ACC-2", record("kill-switch/account/ACC-2", true,
                "HALT_ONLY"), "kill-switch", record("kill-switch", false, "HALT_ONLY")));

        assertThat(RoutingGate.check(ENTRY, other, "paper", false)).isEmpty();
    }

    @Test
    void anUnknownModeOrAnUnreadableRecordCountsAsHaltOnly() {
        RouterControls unknownMode = controls(Map.of("kill-switch", record("kill-switch", true, "SOMETHING_NEW")));
        RouterControls unreadable = new RouterControls(Map.of(), Set.of("strategy/momentum"));

        assertThat(RoutingGate.check(ENTRY, unknownMode, "paper", false)).isPresent();
        assertThat(RoutingGate.check(EXIT, unknownMode, "paper", false)).isEmpty();
        assertThat(RoutingGate.check(ENTRY, unreadable, "paper", false)).get().extracting(RoutingGate.Refusal::reason)
                .isEqualTo(ReasonCode.KILL_SWITCH);
        assertThat(RoutingGate.check(EXIT, unreadable, "paper", false)).isEmpty();
    }

    @Test
    void aDisabledStrategyBlocksItsEntriesOnly() {
        RouterControls disabled = controls(Map.of("strategy/momentum", record("strategy/momentum", true, null)));

        assertThat(RoutingGate.check(ENTRY, disabled, "paper", false)).get().extracting(RoutingGate.Refusal::reason)
                .isEqualTo(ReasonCode.STRATEGY_DISABLED);
        assertThat(RoutingGate.check(EXIT, disabled, "paper", false)).isEmpty();
    }

    @Test
    void anOpenBreakerOfTheTargetBrokerBlocksEverything() {
        String key = "circuit-breaker/broker/paper";
        RouterControls open = controls(Map.of(key, record(key, true, null)));

        assertThat(RoutingGate.check(FLATTEN, open, "paper", false)).get().extracting(RoutingGate.Refusal::reason)
                .isEqualTo(ReasonCode.BROKER_UNAVAILABLE);
        assertThat(RoutingGate.check(ENTRY, open, "alpaca", false)).isEmpty();
    }

    @Test
    void aPausedBrokerTakesExitsAndFlattensOnly() {
        RouterControls none = RouterControls.empty();

        assertThat(RoutingGate.check(ENTRY, none, "tradier", true)).get().satisfies(r -> {
            assertThat(r.reason()).isEqualTo(ReasonCode.BROKER_UNAVAILABLE);
            assertThat(r.detail()).contains("tradier", "token expired");
        });
        assertThat(RoutingGate.check(EXIT, none, "tradier", true)).isEmpty();
        assertThat(RoutingGate.check(FLATTEN, none, "tradier", true)).isEmpty();
    }

    @Test
    void theActiveBrokerComesFromAnActiveRecordOnly() {
        Map<String, String> params = new HashMap<>(Map.of("brokerId", "alpaca"));
        ControlRecord active = record("broker/active", true, null);
        active = ControlRecord.newBuilder(active).setParams(params).build();

        assertThat(controls(Map.of("broker/active", active)).activeBroker()).contains("alpaca");
        assertThat(RouterControls.empty().activeBroker()).isEmpty();
    }

    private static RouterControls controls(Map<String, ControlRecord> records) {
        return new RouterControls(records, Set.of());
    }

    private static ControlRecord record(String key, boolean active, String mode) {
        return ControlRecord.newBuilder().setEventId("e-" + key).setCausationId(null).setKey(key).setActive(active)
                .setMode(mode).setReason("test").setOperator("ops").setOrigin("MANUAL").setCommandId("c-" + key)
                .setAt(Instant.EPOCH).setParams(Map.of()).build();
    }

    private static OrderIntent intent(IntentPurpose purpose) {
        return OrderIntent.newBuilder().setEventId("e").setCausationId(null).setIntentId("i-" + purpose)
                .setSignalId(null).setAccountId("ACC-1").setStrategyId("momentum").setSymbol("AAPL").setSide(Side.BUY)
                .setQuantity(Decimals.of(1)).setOrderType(OrderType.MARKET).setLimitPrice(null)
                .setTimeInForce(TimeInForce.DAY).setPurpose(purpose).setCreatedAt(Instant.EPOCH).build();
    }
}
