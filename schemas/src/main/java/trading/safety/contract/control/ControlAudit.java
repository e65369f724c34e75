package trading.safety.contract.control;

import java.util.Map;
import java.util.TreeMap;
import trading.safety.v1.AuditEvent;
import trading.safety.v1.ControlRecord;

/**
 * The audit event that goes with a control record, as every writer of control records makes it: the actor is
 * the operator (for an automatic rule, the service and its origin), the action names the kind of control and
 * whether it was switched on or off, the subject is the control key, and before and after are the records'
 * state as JSON. The request id is the record's command id, so a control record and its audit find each
 * other.
 */
public final class ControlAudit {

    private ControlAudit() {
    }

    /**
     * @param record the control record written
     * @param before the record it replaced, or null when there was none (or it is unknown)
     */
    public static AuditEvent of(ControlRecord record, ControlRecord before) {
        String origin = record.getOrigin();
        return AuditEvent.newBuilder()
                .setEventId("audit:" + record.getCommandId())
                .setCausationId(record.getEventId())
                .setActor(ControlOrigin.isAutomatic(origin) ? record.getOperator() + " " + origin
                        : record.getOperator())
                .setAction(action(record))
                .setSubject(record.getKey())
                .setReason(record.getReason())
                .setBefore(before == null ? null : json(before))
                .setAfter(json(record))
                .setAt(record.getAt())
                .setRequestId(record.getCommandId())
                .build();
    }

    /** {@code KILL_SWITCH_ACTIVATE}, {@code RECON_SYNC_ACTIVATE}, {@code CIRCUIT_BREAKER_DEACTIVATE}, ... */
    public static String action(ControlRecord record) {
        return kind(ControlKey.parse(record.getKey())) + (record.getActive() ? "_ACTIVATE" : "_DEACTIVATE");
    }

    private static String kind(ControlKey key) {
        if (key instanceof ControlKey.GlobalKillSwitch || key instanceof ControlKey.AccountKillSwitch) {
            return "KILL_SWITCH";
        } else if (key instanceof ControlKey.StrategySwitch) {
            return "STRATEGY_SWITCH";
        } else if (key instanceof ControlKey.CircuitBreaker) {
            return "CIRCUIT_BREAKER";
        } else if (key instanceof ControlKey.ActiveBroker) {
            return "ACTIVE_BROKER";
        } else if (key instanceof ControlKey.DrawdownOverride) {
            return "DRAWDOWN_OVERRIDE";
        } else if (key instanceof ControlKey.RiskLimits) {
            return "RISK_LIMITS";
        } else if (key instanceof ControlKey.CancelAllOrders) {
            return "CANCEL_ALL_ORDERS";
        } else if (key instanceof ControlKey.FlattenPositions) {
            return "FLATTEN_POSITIONS";
        }
        return "RECON_SYNC";
    }

    /** A control record's state as a JSON object, fields in a fixed order. */
    static String json(ControlRecord record) {
        StringBuilder out = new StringBuilder("{\"key\":").append(jsonString(record.getKey()))
                .append(",\"active\":").append(record.getActive())
                .append(",\"mode\":").append(record.getMode() == null ? "null" : jsonString(record.getMode()))
                .append(",\"origin\":").append(jsonString(record.getOrigin()))
                .append(",\"operator\":").append(jsonString(record.getOperator()))
                .append(",\"commandId\":").append(jsonString(record.getCommandId()))
                .append(",\"at\":").append(jsonString(record.getAt().toString()))
                .append(",\"params\":{");
        Map<String, String> params = new TreeMap<>(record.getParams());
        String separator = "";
        for (Map.Entry<String, String> e : params.entrySet()) {
            out.append(separator).append(jsonString(e.getKey())).append(':').append(jsonString(e.getValue()));
            separator = ",";
        }
        return out.append("}}").toString();
    }

    /** {@code text} as a JSON string literal (quotes, backslashes and control characters escaped). */
    public static String jsonString(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
