package trading.safety.router.domain;

import java.util.Optional;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.v1.IntentPurpose;
import trading.safety.v1.OrderIntent;
import trading.safety.v1.ReasonCode;

/**
 * The router's second look at the controls, immediately before a broker call (defence in depth: risk-stream
 * checked the same switches when it approved the intent, but they may have changed since). Pure.
 */
public final class RoutingGate {

    /** Why an intent may not go to the broker now. */
    public record Refusal(ReasonCode reason, String detail) {
    }

    private RoutingGate() {
    }

    /**
     * A FLATTEN intent passes every kill switch (it is the switch's own action); an EXIT passes HALT_ONLY and
     * a disabled strategy; nothing passes an open breaker of the broker it would go to. A paused broker (its
     * access token expired) takes exits and flatten orders only.
     */
    public static Optional<Refusal> check(OrderIntent intent, RouterControls controls, String brokerId,
            boolean brokerPaused) {
        IntentPurpose purpose = intent.getPurpose();
        boolean flatten = purpose == IntentPurpose.FLATTEN;
        boolean exit = purpose == IntentPurpose.EXIT;
        Optional<KillSwitchMode> kill = controls.killSwitch(intent.getAccountId());
        if (kill.isPresent() && !flatten) {
            if (kill.get() == KillSwitchMode.CLOSE_POSITIONS) {
                return refuse(ReasonCode.KILL_SWITCH, "kill switch in CLOSE_POSITIONS: only flatten orders pass");
            }
            if (!exit) {
                return refuse(ReasonCode.KILL_SWITCH, "kill switch in HALT_ONLY: entries blocked");
            }
        }
        if (controls.anyUnreadable() && !flatten && !exit) {
            return refuse(ReasonCode.KILL_SWITCH, "control state unknown (unreadable control records "
                    + controls.unreadable() + "): entries blocked");
        }
        if (!flatten && !exit && controls.strategyDisabled(intent.getStrategyId())) {
            return refuse(ReasonCode.STRATEGY_DISABLED, "strategy " + intent.getStrategyId() + " is disabled");
        }
        if (brokerPaused && !flatten && !exit) {
            return refuse(ReasonCode.BROKER_UNAVAILABLE, "broker " + brokerId + " is paused (access token expired): "
                    + "entries blocked until it is renewed");
        }
        if (controls.brokerBreakerOpen(brokerId)) {
            return refuse(ReasonCode.BROKER_UNAVAILABLE, "circuit breaker of broker " + brokerId + " is open");
        }
        return Optional.empty();
    }

    private static Optional<Refusal> refuse(ReasonCode reason, String detail) {
        return Optional.of(new Refusal(reason, detail));
    }
}
