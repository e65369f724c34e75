package trading.safety.router.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trading.safety.v1.ControlRecord;

class ControlActionsTest {

    private final ControlActions actions = new ControlActions();

    @Test
    void aNewCommandAsksForItsKindsActionInItsScope() {
        assertThat(newCommand("orders/cancel-all", "cmd-1")).isEqualTo(new ControlActions.Action(
                ControlActions.Kind.CANCEL_ALL, null, true, false, "cmd-1", "alice"));
        assertThat(newCommand("orders/cancel-all/ACC-1", "cmd-2")).isEqualTo(new ControlActions.Action(
                ControlActions.Kind.CANCEL_ALL, "ACC-1", true, false, "cmd-2", "alice"));
        assertThat(newCommand("positions/flatten", "cmd-3")).isEqualTo(new ControlActions.Action(
                ControlActions.Kind.FLATTEN, null, false, true, "cmd-3", "alice"));
        ControlActions.Action account = newCommand("positions/flatten/ACC-1", "cmd-4");
        assertThat(account).isEqualTo(new ControlActions.Action(ControlActions.Kind.FLATTEN, "ACC-1", false, true,
                "cmd-4", "alice"));
        assertThat(account.scope()).isEqualTo("account ACC-1");
    }

    @Test
    void aCommandActsOncePerCommandId() {
        ControlRecord first = command("orders/cancel-all", "cmd-1", true);
        ControlRecord second = command("orders/cancel-all", "cmd-2", true);

        assertThat(actions.changed("orders/cancel-all", null, first)).isPresent();
        assertThat(actions.changed("orders/cancel-all", first, first)).as("the same record again").isEmpty();
        assertThat(actions.changed("orders/cancel-all", first, second)).as("a new command").isPresent();
        assertThat(actions.changed("orders/cancel-all", second, first)).as("an earlier command again").isEmpty();
    }

    @Test
    void aCommandIdKnownUnderOneKeyDoesNotActUnderAnother() {
        actions.changed("positions/flatten/ACC-1", null, command("positions/flatten/ACC-1", "cmd-1", true));

        assertThat(actions.changed("positions/flatten", null, command("positions/flatten", "cmd-1", true)))
                .isEmpty();
    }

    @Test
    void theCommandInForceAtStartIsNotActedOnAgainWhenItsRecordReturns() {
        ControlRecord history = command("positions/flatten", "cmd-old", true);
        ControlRecord newer = command("positions/flatten", "cmd-new", true);

        assertThat(actions.changed("positions/flatten", history, history)).isEmpty();
        assertThat(actions.changed("positions/flatten", history, newer)).isPresent();
        assertThat(actions.changed("positions/flatten", newer, history)).isEmpty();
    }

    @Test
    void anInactiveCommandRecordDoesNothingAndDoesNotUseUpItsCommandId() {
        ControlRecord inactive = command("orders/cancel-all", "cmd-1", false);

        assertThat(actions.changed("orders/cancel-all", null, inactive)).isEmpty();
        assertThat(actions.changed("orders/cancel-all", inactive, command("orders/cancel-all", "cmd-1", true)))
                .isPresent();
        assertThat(actions.changed("orders/cancel-all", null, null)).as("a deleted or unreadable record").isEmpty();
    }

    @Test
    void aKillSwitchActsWhenItTurnsActiveOrEscalatesToClosePositions() {
        ControlRecord halt = killSwitch("kill-switch/account/ACC-1", true, "HALT_ONLY");
        ControlRecord close = killSwitch("kill-switch/account/ACC-1", true, "CLOSE_POSITIONS");

        assertThat(actions.changed("kill-switch/account/ACC-1", null, halt)).contains(new ControlActions.Action(
                ControlActions.Kind.KILL_SWITCH, "ACC-1", true, false, "cmd-kill-switch/account/ACC-1", "alice"));
        assertThat(actions.changed("kill-switch/account/ACC-1", halt, halt)).as("still active").isEmpty();
        assertThat(actions.changed("kill-switch/account/ACC-1", halt, close)).get()
                .extracting(ControlActions.Action::flatten).isEqualTo(true);
        assertThat(actions.changed("kill-switch/account/ACC-1", close, halt)).as("de-escalation").isEmpty();
    }

    @Test
    void aGlobalKillSwitchInClosePositionsCancelsAndFlattensEverything() {
        ControlRecord close = killSwitch("kill-switch", true, "CLOSE_POSITIONS");

        assertThat(actions.changed("kill-switch", killSwitch("kill-switch", false, "HALT_ONLY"), close))
                .contains(new ControlActions.Action(ControlActions.Kind.KILL_SWITCH, null, true, true,
                        "cmd-kill-switch", "alice"));
        assertThat(actions.changed("kill-switch", close, killSwitch("kill-switch", false, "CLOSE_POSITIONS")))
                .as("deactivation").isEmpty();
    }

    @Test
    void otherKeysAndTextThatIsNoKeyDoNothing() {
        assertThat(actions.changed("strategy/momentum", null, command("strategy/momentum", "cmd-1", true)))
                .isEmpty();
        assertThat(actions.changed("orders/cancel-all/", null, command("orders/cancel-all/", "cmd-2", true)))
                .isEmpty();
    }

    private ControlActions.Action newCommand(String key, String commandId) {
        return actions.changed(key, null, command(key, commandId, true)).orElseThrow();
    }

    private static ControlRecord command(String key, String commandId, boolean active) {
        return record(key, commandId, active, null);
    }

    private static ControlRecord killSwitch(String key, boolean active, String mode) {
        return record(key, "cmd-" + key, active, mode);
    }

    private static ControlRecord record(String key, String commandId, boolean active, String mode) {
        return ControlRecord.newBuilder().setEventId("ctl-" + commandId).setCausationId(null).setKey(key)
                .setActive(active).setMode(mode).setReason("test").setOperator("alice").setOrigin("MANUAL")
                .setCommandId(commandId).setAt(Instant.parse("2026-01-05T14:00:00Z")).setParams(Map.of()).build();
    }
}
