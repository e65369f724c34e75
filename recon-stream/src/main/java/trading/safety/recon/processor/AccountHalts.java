package trading.safety.recon.processor;

import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.contract.control.ControlAudit;
import trading.safety.contract.control.ControlKey;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.Severity;

/**
 * What recon-stream's automatic rules do to an account: halt it (an alert, and unless its kill switch is
 * already on, {@code kill-switch/account/{id}} in HALT_ONLY with the rule as origin and the audit event that
 * goes with it) and lift a halt the same rule set (never an operator's, never another rule's).
 */
public final class AccountHalts {

    /** The sinks the records go to. */
    public record Sinks(String alerts, String control, String audit) {
    }

    private static final Logger log = LoggerFactory.getLogger(AccountHalts.class);

    private final ProcessorContext<String, SpecificRecord> context;
    private final ControlReader controls;
    private final Sinks sinks;
    private final ReconMetrics metrics;

    AccountHalts(ProcessorContext<String, SpecificRecord> context, ControlReader controls, Sinks sinks,
            ReconMetrics metrics) {
        this.context = context;
        this.controls = controls;
        this.sinks = sinks;
        this.metrics = metrics;
    }

    /** @return true when this call switched the account's kill switch on */
    boolean halt(String accountId, String rule, Severity severity, String alertType, String reason,
            String causationId, long timestamp) {
        Instant at = Instant.ofEpochMilli(timestamp);
        forward(alertType, ReconRecords.alert(severity, alertType, accountId, reason, causationId, at), timestamp,
                sinks.alerts());
        metrics.ruleFired(rule);
        ControlKey key = new ControlKey.AccountKillSwitch(accountId);
        ControlReader.Current current = controls.read(key);
        if (current.active()) {
            log.warn("account {}: {} ({}); its kill switch is already on ({}), left as it is", accountId, reason,
                    rule, current.record().getOrigin());
            return false;
        }
        log.error("account {}: {}; account kill switch on (AUTO:{})", accountId, reason, rule);
        ControlRecord kill = ReconRecords.accountKillSwitch(accountId, rule, reason, causationId, at);
        forward(kill.getKey(), kill, timestamp, sinks.control());
        forward(kill.getKey(), ControlAudit.of(kill, current.record()), timestamp, sinks.audit());
        return true;
    }

    /**
     * Lifts the account's kill switch if {@code rule} set it and it is still on, and resolves the alert that
     * went with it.
     *
     * @return true when it was lifted
     */
    boolean liftIfSetBy(String accountId, String rule, String alertType, String reason, String causationId,
            long timestamp) {
        ControlKey key = new ControlKey.AccountKillSwitch(accountId);
        ControlReader.Current current = controls.read(key);
        if (!current.setBy(rule)) {
            return false;
        }
        Instant at = Instant.ofEpochMilli(timestamp);
        log.info("account {}: {}; account kill switch of AUTO:{} lifted", accountId, reason, rule);
        ControlRecord lift = ReconRecords.liftAccountKillSwitch(accountId, rule, reason, causationId, at);
        forward(lift.getKey(), lift, timestamp, sinks.control());
        forward(lift.getKey(), ControlAudit.of(lift, current.record()), timestamp, sinks.audit());
        forward(alertType, ReconRecords.resolved(alertType, accountId, reason, current.record().getCausationId(),
                at), timestamp, sinks.alerts());
        return true;
    }

    void forward(String key, SpecificRecord value, long timestamp, String sink) {
        context.forward(new Record<>(key, value, timestamp), sink);
    }
}
