package trading.safety.router.domain;

import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.control.InvalidControlKeyException;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.v1.ControlRecord;

/**
 * Which live changes of the control topic make the router act, and what each asks of the brokers. A kill
 * switch acts when it turns active or turns to CLOSE_POSITIONS. An operator's command
 * ({@code orders/cancel-all[/{accountId}]}, {@code positions/flatten[/{accountId}]}) is a request, not a state:
 * it acts once per command id, on an active record whose command id is new to this router. A command id is
 * known once acted on, or once found in force in the record a change replaces (history read at start was
 * acted on when it happened, by whichever router saw it live). Called from one thread only.
 */
public final class ControlActions {

    /** What made the router act; its label names it in logs and order-event reasons. */
    public enum Kind {
        KILL_SWITCH("kill switch"),
        CANCEL_ALL("cancel-all"),
        FLATTEN("flatten");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * Cancel the scope's open orders at every broker, write a FLATTEN intent per position of the scope's
     * accounts at the active broker, or both.
     *
     * @param accountId the one account in scope, or null for every account
     * @param commandId the control record's command id; flatten intent ids derive from it
     */
    public record Action(Kind kind, String accountId, boolean cancelOrders, boolean flatten, String commandId,
            String operator) {

        /** The scope in words: "global" or "account ACC-1". */
        public String scope() {
            return accountId == null ? "global" : "account " + accountId;
        }
    }

    private final Set<String> knownCommands = new HashSet<>();

    /**
     * The action a live change of one key asks for, if any.
     *
     * @param before the key's record before the change (null: none, or unreadable)
     * @param after the key's record now (null: deleted, or unreadable)
     */
    public Optional<Action> changed(String key, ControlRecord before, ControlRecord after) {
        ControlKey parsed;
        try {
            parsed = ControlKey.parse(key);
        } catch (InvalidControlKeyException notAKey) {
            return Optional.empty();
        }
        if (parsed instanceof ControlKey.GlobalKillSwitch) {
            return killSwitch(null, before, after);
        }
        if (parsed instanceof ControlKey.AccountKillSwitch account) {
            return killSwitch(account.accountId(), before, after);
        }
        if (parsed instanceof ControlKey.CancelAllOrders cancel) {
            return command(Kind.CANCEL_ALL, cancel.accountId(), before, after);
        }
        if (parsed instanceof ControlKey.FlattenPositions flatten) {
            return command(Kind.FLATTEN, flatten.accountId(), before, after);
        }
        return Optional.empty();
    }

    private static Optional<Action> killSwitch(String accountId, ControlRecord before, ControlRecord after) {
        if (!active(after)) {
            return Optional.empty();
        }
        KillSwitchMode mode = RouterControls.modeOf(after);
        boolean newlyActive = !active(before);
        boolean escalated = !newlyActive && !Objects.equals(before.getMode(), after.getMode())
                && mode == KillSwitchMode.CLOSE_POSITIONS;
        if (!newlyActive && !escalated) {
            return Optional.empty();
        }
        return Optional.of(new Action(Kind.KILL_SWITCH, accountId, true, mode == KillSwitchMode.CLOSE_POSITIONS,
                after.getCommandId(), after.getOperator()));
    }

    private Optional<Action> command(Kind kind, String accountId, ControlRecord before, ControlRecord after) {
        if (active(before)) {
            knownCommands.add(before.getCommandId());
        }
        if (!active(after) || !knownCommands.add(after.getCommandId())) {
            return Optional.empty();
        }
        return Optional.of(new Action(kind, accountId, kind == Kind.CANCEL_ALL, kind == Kind.FLATTEN,
                after.getCommandId(), after.getOperator()));
    }

    private static boolean active(ControlRecord record) {
        return record != null && record.getActive();
    }
}
