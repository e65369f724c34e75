package trading.safety.risk.domain;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.control.ControlKey.BreakerName;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.v1.ControlRecord;

/**
 * The control topic's latest records as the pre-trade checks need them for one signal: kill switches,
 * the strategy switch and the two breakers. A record that cannot be understood (an unknown kill-switch
 * mode, an unreadable recovery time) makes the view unknown, which fails closed, and names the problem
 * so it can be alerted.
 *
 * @param problems why the view is not fully known; empty when it is
 */
public record ControlView(boolean known, KillSwitchMode globalKill, KillSwitchMode accountKill,
        boolean strategyDisabled, PreTradeContext.Breaker systemBreaker, PreTradeContext.Breaker strategyBreaker,
        List<String> problems) {

    public ControlView {
        problems = List.copyOf(problems);
    }

    /**
     * Reads the view for {@code accountId} and {@code strategyId} from {@code latest} (control key to its
     * latest record, or null). {@code probeTaken} says whether risk-stream already let a half-open
     * breaker's probe through, by breaker key.
     */
    public static ControlView of(Function<String, ControlRecord> latest, String accountId, String strategyId,
            Function<String, Boolean> probeTaken) {
        List<String> problems = new ArrayList<>();
        KillSwitchMode global = killMode(latest.apply(new ControlKey.GlobalKillSwitch().value()), problems);
        KillSwitchMode account = killMode(latest.apply(new ControlKey.AccountKillSwitch(accountId).value()), problems);
        ControlRecord strategy = latest.apply(new ControlKey.StrategySwitch(strategyId).value());
        String systemKey = new ControlKey.CircuitBreaker(new BreakerName.System()).value();
        String strategyKey = new ControlKey.CircuitBreaker(new BreakerName.Strategy(strategyId)).value();
        PreTradeContext.Breaker system = breaker(latest.apply(systemKey), Boolean.TRUE.equals(probeTaken.apply(systemKey)),
                problems);
        PreTradeContext.Breaker strategyBreaker = breaker(latest.apply(strategyKey),
                Boolean.TRUE.equals(probeTaken.apply(strategyKey)), problems);
        return new ControlView(problems.isEmpty(), global, account, strategy != null && strategy.getActive(), system,
                strategyBreaker, problems);
    }

    private static KillSwitchMode killMode(ControlRecord record, List<String> problems) {
        if (record == null || !record.getActive()) {
            return null;
        }
        try {
            return KillSwitchMode.valueOf(String.valueOf(record.getMode()));
        } catch (IllegalArgumentException e) {
            problems.add(record.getKey() + " is active with unknown mode '" + record.getMode() + "'");
            return KillSwitchMode.HALT_ONLY;
        }
    }

    private static PreTradeContext.Breaker breaker(ControlRecord record, boolean probeTaken, List<String> problems) {
        if (record == null || !record.getActive()) {
            return PreTradeContext.Breaker.CLOSED;
        }
        String recoveryAt = record.getParams().get("recoveryAt");
        if (recoveryAt == null) {
            return new PreTradeContext.Breaker(true, null, probeTaken);
        }
        try {
            return new PreTradeContext.Breaker(true, Instant.parse(recoveryAt), probeTaken);
        } catch (DateTimeParseException e) {
            problems.add(record.getKey() + " has an unreadable recoveryAt '" + recoveryAt + "'");
            return new PreTradeContext.Breaker(true, null, probeTaken);
        }
    }
}
