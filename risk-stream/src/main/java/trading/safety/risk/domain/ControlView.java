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

    /** The origin given to a stand-in for a control record whose bytes could not be read. */
    public static final String UNREADABLE_ORIGIN = "UNREADABLE";

    public ControlView {
        problems = List.copyOf(problems);
    }

    /**
     * A stand-in for a control record that exists but cannot be read: active, HALT_ONLY, no params. Read
     * as a kill switch it halts entries, as a strategy switch it disables, as a breaker it stays open,
     * and {@link #of} names it as a problem, so an unreadable control fails closed and is alerted.
     */
    public static ControlRecord unreadable(String key, String error) {
        return ControlRecord.newBuilder().setEventId("unreadable:" + key).setCausationId(null).setKey(key)
                .setActive(true).setMode(KillSwitchMode.HALT_ONLY.name()).setReason(error)
                .setOperator(UNREADABLE_ORIGIN).setOrigin(UNREADABLE_ORIGIN).setCommandId("unreadable:" + key)
                .setAt(Instant.EPOCH).setParams(java.util.Map.of()).build();
    }

    /** This view, made unknown by one more problem found outside the control records it reads. */
    public ControlView withProblem(String problem) {
        List<String> more = new ArrayList<>(problems);
        more.add(problem);
        return new ControlView(false, globalKill, accountKill, strategyDisabled, systemBreaker, strategyBreaker, more);
    }

    /**
     * Reads the view for {@code accountId} and {@code strategyId} from {@code latest} (control key to its
     * latest record, or null). {@code probeTaken} says whether risk-stream already let a half-open
     * breaker's probe through, by breaker key.
     */
    public static ControlView of(Function<String, ControlRecord> latest, String accountId, String strategyId,
            Function<String, Boolean> probeTaken) {
        List<String> problems = new ArrayList<>();
        Function<String, ControlRecord> readable = key -> {
            ControlRecord record = latest.apply(key);
            if (record != null && UNREADABLE_ORIGIN.equals(record.getOrigin())) {
                problems.add(key + " cannot be read: " + record.getReason());
            }
            return record;
        };
        KillSwitchMode global = killMode(readable.apply(new ControlKey.GlobalKillSwitch().value()), problems);
        KillSwitchMode account = killMode(readable.apply(new ControlKey.AccountKillSwitch(accountId).value()), problems);
        ControlRecord strategy = readable.apply(new ControlKey.StrategySwitch(strategyId).value());
        String systemKey = new ControlKey.CircuitBreaker(new BreakerName.System()).value();
        String strategyKey = new ControlKey.CircuitBreaker(new BreakerName.Strategy(strategyId)).value();
        PreTradeContext.Breaker system = breaker(readable.apply(systemKey), Boolean.TRUE.equals(probeTaken.apply(systemKey)),
                problems);
        PreTradeContext.Breaker strategyBreaker = breaker(readable.apply(strategyKey),
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
