package trading.safety.contract.control;

import java.time.Instant;
import java.util.Map;
import trading.safety.v1.ControlRecord;

/**
 * Control records written by an automatic rule rather than an operator: active, origin {@code AUTO:<rule>},
 * the writing service as operator, and a command id derived from the rule, the subject and the cause, so a
 * rule that sees the same cause twice writes the same command.
 */
public final class AutomaticControls {

    private AutomaticControls() {
    }

    /**
     * @param subject what the command is about (an account, a broker), part of its command id
     * @param mode the key's mode, or null for keys without one
     */
    public static ControlRecord activate(String service, ControlKey key, String mode, String rule, String subject,
            String reason, String causationId, Instant at, Map<String, String> params) {
        return record(service, key, true, mode, rule, subject, reason, causationId, at, params);
    }

    /**
     * The rule lifting what it set itself (an operator's record is never lifted automatically; callers check the
     * current record's origin first). Deactivation is a record, never a deletion, so the who and why survive.
     */
    public static ControlRecord deactivate(String service, ControlKey key, String rule, String subject, String reason,
            String causationId, Instant at) {
        return record(service, key, false, null, rule, subject, reason, causationId, at, Map.of("rule", rule));
    }

    private static ControlRecord record(String service, ControlKey key, boolean active, String mode, String rule,
            String subject, String reason, String causationId, Instant at, Map<String, String> params) {
        String commandId = "auto-" + rule.toLowerCase().replace('_', '-') + (active ? "" : "-lift") + ":" + subject
                + ":" + causationId;
        return ControlRecord.newBuilder()
                .setEventId(commandId)
                .setCausationId(causationId)
                .setKey(key.value())
                .setActive(active)
                .setMode(mode)
                .setReason(reason)
                .setOperator(service)
                .setOrigin(ControlOrigin.auto(rule))
                .setCommandId(commandId)
                .setAt(at)
                .setParams(params)
                .build();
    }
}
