package trading.safety.contract.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trading.safety.v1.AuditEvent;
import trading.safety.v1.ControlRecord;

class ControlAuditTest {

    private static final Instant AT = Instant.parse("2026-11-20T14:30:00Z");

    @Test
    void anAutomaticRuleIsAuditedWithItsServiceAndOriginAsActor() {
        ControlRecord on = AutomaticControls.activate("recon-stream", new ControlKey.AccountKillSwitch("acct-1"),
                "HALT_ONLY", "DUPLICATE_INTENT", "acct-1", "duplicate \"intent\"\nfrom s1", "evt-9", AT,
                Map.of("rule", "DUPLICATE_INTENT"));

        AuditEvent audit = ControlAudit.of(on, null);

        assertThat(audit.getActor()).isEqualTo("recon-stream AUTO:DUPLICATE_INTENT");
        assertThat(audit.getAction()).isEqualTo("KILL_SWITCH_ACTIVATE");
        assertThat(audit.getSubject()).isEqualTo("kill-switch/account/acct-1");
        assertThat(audit.getReason()).isEqualTo("duplicate \"intent\"\nfrom s1");
        assertThat(audit.getRequestId()).isEqualTo(on.getCommandId()).isEqualTo(
                "auto-duplicate-intent:acct-1:evt-9");
        assertThat(audit.getEventId()).isEqualTo("audit:auto-duplicate-intent:acct-1:evt-9");
        assertThat(audit.getCausationId()).isEqualTo(on.getEventId());
        assertThat(audit.getBefore()).isNull();
        assertThat(audit.getAfter()).isEqualTo("{\"key\":\"kill-switch/account/acct-1\",\"active\":true,"
                + "\"mode\":\"HALT_ONLY\",\"origin\":\"AUTO:DUPLICATE_INTENT\",\"operator\":\"recon-stream\","
                + "\"commandId\":\"auto-duplicate-intent:acct-1:evt-9\",\"at\":\"2026-11-20T14:30:00Z\","
                + "\"params\":{\"rule\":\"DUPLICATE_INTENT\"}}");
        assertThat(audit.getAt()).isEqualTo(AT);
    }

    @Test
    void liftingNamesTheRecordItReplacesAndADistinctCommand() {
        ControlRecord on = AutomaticControls.activate("recon-stream", new ControlKey.AccountKillSwitch("acct-1"),
                "HALT_ONLY", "RECONCILIATION", "acct-1", "failed", "snap-2", AT, Map.of());
        ControlRecord off = AutomaticControls.deactivate("recon-stream", new ControlKey.AccountKillSwitch("acct-1"),
                "RECONCILIATION", "acct-1", "passes again", "snap-2", AT.plusSeconds(60));

        AuditEvent audit = ControlAudit.of(off, on);

        assertThat(off.getActive()).isFalse();
        assertThat(off.getMode()).isNull();
        assertThat(off.getCommandId()).isEqualTo("auto-reconciliation-lift:acct-1:snap-2")
                .isNotEqualTo(on.getCommandId());
        assertThat(audit.getAction()).isEqualTo("KILL_SWITCH_DEACTIVATE");
        assertThat(audit.getBefore()).contains("\"active\":true", "\"mode\":\"HALT_ONLY\"");
        assertThat(audit.getAfter()).contains("\"active\":false", "\"mode\":null");
    }

    @Test
    void anOperatorsSyncIsAuditedUnderTheOperator() {
        ControlRecord sync = ControlRecord.newBuilder().setEventId("e1").setKey("recon/sync/acct-1")
                .setActive(true).setReason("manual trade confirmed").setOperator("alice")
                .setOrigin(ControlOrigin.MANUAL).setCommandId("cmd-1").setAt(AT).build();

        AuditEvent audit = ControlAudit.of(sync, null);

        assertThat(audit.getActor()).isEqualTo("alice");
        assertThat(audit.getAction()).isEqualTo("RECON_SYNC_ACTIVATE");
        assertThat(audit.getRequestId()).isEqualTo("cmd-1");
    }

    @Test
    void operatorCommandsNameTheirOwnKind() {
        ControlRecord cancel = ControlRecord.newBuilder().setEventId("e2").setKey("orders/cancel-all/acct-1")
                .setActive(true).setReason("runaway orders").setOperator("bob").setOrigin(ControlOrigin.MANUAL)
                .setCommandId("cmd-2").setAt(AT).build();
        ControlRecord flatten = ControlRecord.newBuilder(cancel).setKey("positions/flatten").setCommandId("cmd-3")
                .build();

        assertThat(ControlAudit.of(cancel, null).getAction()).isEqualTo("CANCEL_ALL_ORDERS_ACTIVATE");
        assertThat(ControlAudit.of(flatten, null).getAction()).isEqualTo("FLATTEN_POSITIONS_ACTIVATE");
    }
}
