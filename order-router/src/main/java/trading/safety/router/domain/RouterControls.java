package trading.safety.router.domain;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.v1.ControlRecord;

/**
 * The control topic as the router reads it: the latest record per key, and the keys whose latest record
 * could not be read. Immutable; the reader thread publishes a new one on every change.
 */
public record RouterControls(Map<String, ControlRecord> records, Set<String> unreadable) {

    public RouterControls {
        records = Map.copyOf(records);
        unreadable = Set.copyOf(unreadable);
    }

    public static RouterControls empty() {
        return new RouterControls(Map.of(), Set.of());
    }

    /**
     * The kill switch in force for an account: the stricter of the global and the account's. An active
     * switch with a mode this build does not know, or an unreadable kill-switch record, counts as
     * HALT_ONLY: entries stop, exits and flatten orders pass.
     */
    public Optional<KillSwitchMode> killSwitch(String accountId) {
        KillSwitchMode global = mode(new ControlKey.GlobalKillSwitch().value());
        String accountKey = key(() -> new ControlKey.AccountKillSwitch(accountId));
        KillSwitchMode account = accountKey == null ? null : mode(accountKey);
        if (global == KillSwitchMode.CLOSE_POSITIONS || account == KillSwitchMode.CLOSE_POSITIONS) {
            return Optional.of(KillSwitchMode.CLOSE_POSITIONS);
        }
        return Optional.ofNullable(global != null ? global : account);
    }

    public boolean strategyDisabled(String strategyId) {
        String key = key(() -> new ControlKey.StrategySwitch(strategyId));
        return key != null && active(key);
    }

    /** The broker's circuit breaker ({@code circuit-breaker/broker/{id}}) is open. */
    public boolean brokerBreakerOpen(String brokerId) {
        String key = key(() -> new ControlKey.CircuitBreaker(new ControlKey.BreakerName.Broker(brokerId)));
        return key != null && active(key);
    }

    /** The broker named by an active {@code broker/active} record, if any. */
    public Optional<String> activeBroker() {
        ControlRecord record = records.get(new ControlKey.ActiveBroker().value());
        return record == null || !record.getActive() ? Optional.empty()
                : Optional.ofNullable(record.getParams().get("brokerId"));
    }

    /** Whether any key's latest record is unreadable: the router then stops entries everywhere. */
    public boolean anyUnreadable() {
        return !unreadable.isEmpty();
    }

    public Optional<ControlRecord> record(String key) {
        return Optional.ofNullable(records.get(key));
    }

    /** A key's text, or null for an id no control key can have (so no record can name it). */
    private static String key(Supplier<ControlKey> key) {
        try {
            return key.get().value();
        } catch (IllegalArgumentException | NullPointerException notAnId) {
            return null;
        }
    }

    private boolean active(String key) {
        ControlRecord record = records.get(key);
        return unreadable.contains(key) || (record != null && record.getActive());
    }

    private KillSwitchMode mode(String key) {
        if (unreadable.contains(key)) {
            return KillSwitchMode.HALT_ONLY;
        }
        ControlRecord record = records.get(key);
        if (record == null || !record.getActive()) {
            return null;
        }
        return modeOf(record);
    }

    /** A kill-switch record's mode; none, or one this build does not know, counts as HALT_ONLY. */
    public static KillSwitchMode modeOf(ControlRecord record) {
        try {
            return record.getMode() == null ? KillSwitchMode.HALT_ONLY : KillSwitchMode.valueOf(record.getMode());
        } catch (IllegalArgumentException unknownMode) {
            return KillSwitchMode.HALT_ONLY;
        }
    }
}
