package trading.safety.recon.processor;

import static trading.safety.contract.control.ControlAudit.jsonString;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import trading.safety.contract.alert.Alerts;
import trading.safety.contract.control.AutomaticControls;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.contract.serde.Decimals;
import trading.safety.recon.domain.AccountLedger;
import trading.safety.recon.domain.Reconciler;
import trading.safety.v1.Alert;
import trading.safety.v1.AuditEvent;
import trading.safety.v1.BrokerSnapshot;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.Discrepancy;
import trading.safety.v1.DiscrepancyKind;
import trading.safety.v1.Fill;
import trading.safety.v1.ReconStatus;
import trading.safety.v1.ReconciliationResult;
import trading.safety.v1.Severity;
import trading.safety.v1.Side;

/**
 * The records recon-stream writes: reconciliation results, alerts, automatic account kill switches and their
 * lifting.
 */
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
                        .setExplanation(d.explanation())
                        .build()).toList())
                .setConsecutiveFailures(outcome.consecutiveFailures())
                .build();
    }

    /** What a fill changes in a ledger. */
    public static AccountLedger.Trade trade(Fill fill) {
        return new AccountLedger.Trade(fill.getSymbol(), fill.getSide() == Side.BUY, fill.getQuantity(),
                fill.getPrice(), fill.getFee());
    }

    /**
     * The audit of an operator's sync applied to a snapshot: actor and reason are the sync's; before is the
     * ledger's cash and positions, after the adjusting entries (per figure: ledger, broker, adjustment).
     */
    public static AuditEvent syncAudit(ControlRecord sync, AccountLedger before, AccountLedger after,
            BrokerSnapshot snapshot, Instant at) {
        StringBuilder entries = new StringBuilder("{\"snapshot\":").append(jsonString(snapshot.getEventId()))
                .append(",\"broker\":").append(jsonString(snapshot.getBrokerId()))
                .append(",\"cash\":").append(entry(before.cash(), after.cash()))
                .append(",\"positions\":{");
        TreeSet<String> symbols = new TreeSet<>(before.holdings().keySet());
        symbols.addAll(after.holdings().keySet());
        String separator = "";
        for (String symbol : symbols) {
            if (before.quantity(symbol).compareTo(after.quantity(symbol)) != 0) {
                entries.append(separator).append(jsonString(symbol)).append(':')
                        .append(entry(before.quantity(symbol), after.quantity(symbol)));
                separator = ",";
            }
        }
        entries.append("}}");
        StringBuilder ledger = new StringBuilder("{\"cash\":\"").append(before.cash().toPlainString())
                .append("\",\"positions\":{");
        separator = "";
        for (Map.Entry<String, AccountLedger.Holding> h : before.holdings().entrySet()) {
            ledger.append(separator).append(jsonString(h.getKey())).append(":\"")
                    .append(h.getValue().quantity().toPlainString()).append('"');
            separator = ",";
        }
        ledger.append("}}");
        String requestId = sync.getCommandId();
        return AuditEvent.newBuilder()
                .setEventId("audit:recon-sync-applied:" + requestId + ":" + snapshot.getEventId())
                .setCausationId(snapshot.getEventId())
                .setActor(sync.getOperator())
                .setAction("RECON_SYNC_APPLIED")
                .setSubject(sync.getKey())
                .setReason(sync.getReason())
                .setBefore(ledger.toString())
                .setAfter(entries.toString())
                .setAt(at)
                .setRequestId(requestId)
                .build();
    }

    private static String entry(java.math.BigDecimal ledger, java.math.BigDecimal broker) {
        return "{\"ledger\":\"" + ledger.toPlainString() + "\",\"broker\":\"" + broker.toPlainString()
                + "\",\"adjustment\":\"" + broker.subtract(ledger).toPlainString() + "\"}";
    }

    /**
     * {@code kill-switch/account/{id}} in HALT_ONLY, written by the automatic rule {@code rule}; {@code rules}
     * lists every automatic rule that wants the halt (a param, comma-separated).
     */
    public static ControlRecord accountKillSwitch(String accountId, String rule, Set<String> rules, String reason,
            String causationId, Instant at) {
        return AutomaticControls.activate(SERVICE, new ControlKey.AccountKillSwitch(accountId),
                KillSwitchMode.HALT_ONLY.name(), rule, accountId, reason, causationId, at,
                Map.of("rule", rule, "rules", String.join(",", new TreeSet<>(rules))));
    }

    /** The deactivation of an automatic account kill switch by the rule that set it. */
    public static ControlRecord liftAccountKillSwitch(String accountId, String rule, String reason,
            String causationId, Instant at) {
        return AutomaticControls.deactivate(SERVICE, new ControlKey.AccountKillSwitch(accountId), rule, accountId,
                reason, causationId, at);
    }

    /**
     * A strategy's circuit breaker opened by the execution-failure rule: params {@code openedAt},
     * {@code recoveryAt} (when risk-stream lets one probe through), {@code threshold}, and
     * {@code firstOpenedBy} (the cause of the first opening of this run, whose alert the closing resolves).
     */
    public static ControlRecord breakerOpen(ControlKey key, String strategyId, String reason, String causationId,
            Instant at, Instant recoveryAt, int threshold, String firstOpenedBy) {
        return AutomaticControls.activate(SERVICE, key, null, ExecutionRulesProcessor.BREAKER_RULE, strategyId,
                reason, causationId, at, Map.of("openedAt", at.toString(), "recoveryAt", recoveryAt.toString(),
                        "threshold", Integer.toString(threshold), "rule", ExecutionRulesProcessor.BREAKER_RULE,
                        "firstOpenedBy", firstOpenedBy));
    }

    /** A strategy's circuit breaker closed by the rule after its half-open probe was answered. */
    public static ControlRecord breakerClose(ControlKey key, String strategyId, String reason, String causationId,
            Instant at) {
        return AutomaticControls.deactivate(SERVICE, key, ExecutionRulesProcessor.BREAKER_RULE, strategyId, reason,
                causationId, at);
    }

    /** The all-clear of the alert raised for {@code raisedBy} (same alert id). */
    public static Alert resolved(String type, String subject, String message, String raisedBy, Instant at) {
        return Alerts.of(SERVICE, Severity.INFO, type, subject, message, raisedBy, true, at);
    }

    public static Alert alert(Severity severity, String type, String subject, String message, String causationId,
            Instant at) {
        return Alerts.of(SERVICE, severity, type, subject, message, causationId, false, at);
    }
}
