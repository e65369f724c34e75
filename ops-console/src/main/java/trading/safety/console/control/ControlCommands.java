package trading.safety.console.control;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import trading.safety.console.auth.Caller;
import trading.safety.console.view.ConsoleViews;
import trading.safety.contract.control.ControlAudit;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.control.ControlOrigin;
import trading.safety.contract.topic.Topics;
import trading.safety.v1.AuditEvent;
import trading.safety.v1.ControlRecord;

/**
 * Every operator action as the console records it: a control record under the operator the token names,
 * with origin MANUAL, a fresh command id and the reason given, and the audit event that goes with it,
 * committed together before the caller gets an answer.
 */
public final class ControlCommands {

    /** What a command wrote, as the API answers it. */
    public record Applied(String key, boolean active, String mode, Map<String, String> params, String reason,
            String operator, String commandId, Instant at, String auditEventId) {
    }

    private final ControlWriter writer;
    private final ConsoleViews views;
    private final Clock clock;

    public ControlCommands(ControlWriter writer, ConsoleViews views, Clock clock) {
        this.writer = writer;
        this.views = views;
        this.clock = clock;
    }

    /**
     * Writes {@code key} with the given state and its audit event, and returns once Kafka acknowledged both.
     *
     * @throws NotAcknowledgedException when Kafka did not acknowledge in time
     */
    public Applied apply(Caller caller, ControlKey key, boolean active, String mode, String reason,
            Map<String, String> params) {
        String commandId = UUID.randomUUID().toString();
        Instant at = clock.instant();
        ControlRecord record = ControlRecord.newBuilder()
                .setEventId("control:" + commandId)
                .setCausationId(null)
                .setKey(key.value())
                .setActive(active)
                .setMode(mode)
                .setReason(reason)
                .setOperator(caller.operator())
                .setOrigin(ControlOrigin.MANUAL)
                .setCommandId(commandId)
                .setAt(at)
                .setParams(new TreeMap<>(params))
                .build();
        AuditEvent audit = ControlAudit.of(record, views.control(key.value()));
        try {
            writer.write(List.of(new ControlWriter.Write<>(Topics.CONTROL, key.value(), record),
                    new ControlWriter.Write<>(Topics.AUDIT, key.value(), audit)));
        } catch (ControlWriter.WriteFailedException e) {
            throw new NotAcknowledgedException(key.value(), commandId, e);
        }
        return new Applied(key.value(), active, mode, record.getParams(), reason, caller.operator(), commandId, at,
                audit.getEventId());
    }

    /** Kafka did not acknowledge a command in time; it may still have been committed if its commit had begun. */
    public static final class NotAcknowledgedException extends RuntimeException {

        private final String key;
        private final String commandId;

        NotAcknowledgedException(String key, String commandId, Throwable cause) {
            super("command " + commandId + " on " + key + " was not acknowledged: " + cause.getMessage(), cause);
            this.key = key;
            this.commandId = commandId;
        }

        public String key() {
            return key;
        }

        public String commandId() {
            return commandId;
        }
    }
}
