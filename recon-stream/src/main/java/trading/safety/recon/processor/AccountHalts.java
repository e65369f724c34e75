package trading.safety.recon.processor;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.contract.control.ControlAudit;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.control.ControlOrigin;
import trading.safety.contract.control.KillSwitchMode;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.Severity;

/**
 * What recon-stream's automatic rules do to an account: halt it (an alert, and {@code kill-switch/account/{id}}
 * in HALT_ONLY with the rule as origin and every automatic rule that wants the halt in {@code rules}, with its
 * audit event) and lift a halt only the lifting rule wanted (never an operator's, never another rule's).
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

    /**
     * Halts the account for {@code rule}: raises the alert and, unless the account's kill switch is already on
     * for this rule, writes it (with its audit event). A switch an operator set, or one in CLOSE_POSITIONS, is
     * left as it is. A switch another automatic rule set is written again with this rule added to its
     * {@code rules}, so that no single rule's lift can end a halt another rule still wants.
     *
     * @param causationId what caused this halt (the control record's cause)
     * @param alertCause the cause the alert is raised under (its id), so a rule can keep one alert per episode
     * @param alert whether to raise the alert even when nothing is written
     * @return true when this call wrote the kill switch
     */
    boolean halt(String accountId, String rule, Severity severity, String alertType, String reason,
            String causationId, String alertCause, long timestamp, boolean alert) {
        Instant at = Instant.ofEpochMilli(timestamp);
        ControlKey key = new ControlKey.AccountKillSwitch(accountId);
        ControlReader.Current current = controls.read(key);
        Set<String> rules = new TreeSet<>();
        if (current.active()) {
            ControlRecord on = current.record();
            Set<String> already = ControlReader.rules(on);
            if (!ControlOrigin.isAutomatic(on.getOrigin()) || !KillSwitchMode.HALT_ONLY.name().equals(on.getMode())
                    || already.contains(rule)) {
                if (alert) {
                    raise(severity, alertType, accountId, reason, alertCause, at, timestamp);
                    metrics.ruleFired(rule);
                }
                log.warn("account {}: {} ({}); its kill switch is already on ({}), left as it is", accountId,
                        reason, rule, on.getOrigin());
                return false;
            }
            rules.addAll(already);
        }
        rules.add(rule);
        raise(severity, alertType, accountId, reason, alertCause, at, timestamp);
        metrics.ruleFired(rule);
        log.error("account {}: {}; account kill switch on (AUTO:{}, rules {})", accountId, reason, rule, rules);
        ControlRecord kill = ReconRecords.accountKillSwitch(accountId, rule, rules, reason, causationId, at);
        write(kill, current.record(), timestamp);
        return true;
    }

    /**
     * Lifts the account's kill switch if {@code rule} alone set it and it is still on.
     *
     * @return true when it was lifted
     */
    boolean liftIfOnlySetBy(String accountId, String rule, String reason, String causationId, long timestamp) {
        ControlKey key = new ControlKey.AccountKillSwitch(accountId);
        ControlReader.Current current = controls.read(key);
        if (!current.setBy(rule) || !ControlReader.rules(current.record()).equals(Set.of(rule))) {
            return false;
        }
        log.info("account {}: {}; account kill switch of AUTO:{} lifted", accountId, reason, rule);
        write(ReconRecords.liftAccountKillSwitch(accountId, rule, reason, causationId,
                Instant.ofEpochMilli(timestamp)), current.record(), timestamp);
        return true;
    }

    /** Writes a control record and its audit event, and remembers it until the global store has it. */
    void write(ControlRecord record, ControlRecord before, long timestamp) {
        controls.remember(record);
        forward(record.getKey(), record, timestamp, sinks.control());
        forward(record.getKey(), ControlAudit.of(record, before), timestamp, sinks.audit());
    }

    private void raise(Severity severity, String alertType, String subject, String reason, String causationId,
            Instant at, long timestamp) {
        forward(alertType, ReconRecords.alert(severity, alertType, subject, reason, causationId, at), timestamp,
                sinks.alerts());
    }

    void forward(String key, SpecificRecord value, long timestamp, String sink) {
        context.forward(new Record<>(key, value, timestamp), sink);
    }
}
