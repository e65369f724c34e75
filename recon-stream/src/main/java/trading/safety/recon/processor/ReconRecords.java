package trading.safety.recon.processor;

import java.time.Instant;
import java.util.Map;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.alert.Alerts;
import trading.safety.contract.control.AutomaticControls;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.contract.serde.Decimals;
import trading.safety.recon.domain.Reconciler;
import trading.safety.v1.Alert;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.Discrepancy;
import trading.safety.v1.DiscrepancyKind;
import trading.safety.v1.ReconStatus;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.Severity;

/** The records recon-stream writes: reconciliation results, alerts and automatic account kill switches. */
public final class ReconRecords {

    /** The reconciliation rule's name in control records' origin. */
    public static final String RECONCILIATION_RULE = "RECONCILIATION";
    private static final String SERVICE = "recon-stream";

    private ReconRecords() {
    }

    public static ReconciliationResult result(String accountId, String brokerId, Instant snapshotAsOf,
            Reconciler.Outcome outcome, String causationId) {
        return ReconciliationResult.newBuilder()
                .setEventId("recon:" + accountId + ":" + causationId)
                .setCausationId(causationId)
                .setAccountId(accountId)
                .setBrokerId(brokerId)
                .setSnapshotAsOf(snapshotAsOf)
                .setStatus(ReconStatus.valueOf(outcome.status().name()))
                .setDiscrepancies(outcome.discrepancies().stream().map(d -> Discrepancy.newBuilder()
                        .setKind(DiscrepancyKind.valueOf(d.kind().name()))
                        .setSymbol(d.symbol())
                        .setLedger(Decimals.of(d.ledger()))
                        .setBroker(Decimals.of(d.broker()))
                        .setDiffPct(d.diffPct() == null ? null : Decimals.of(d.diffPct()))
                        .build()).toList())
                .setConsecutiveFailures(outcome.consecutiveFailures())
                .build();
    }

    /** {@code kill-switch/account/{id}} in HALT_ONLY, written by an automatic rule. */
    public static ControlRecord accountKillSwitch(String accountId, String rule, String reason, String causationId,
            Instant at) {
        return AutomaticControls.activate(SERVICE, new ControlKey.AccountKillSwitch(accountId),
                KillSwitchMode.HALT_ONLY.name(), rule, accountId, reason, causationId, at, Map.of("rule", rule));
    }

    public static Alert alert(Severity severity, String type, String subject, String message, String causationId,
            Instant at) {
        return Alerts.of(SERVICE, severity, type, subject, message, causationId, false, at);
    }
}
