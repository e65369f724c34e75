package trading.safety.contract.alert;

import java.time.Instant;
import trading.safety.v1.Alert;
import trading.safety.v1.Severity;

/**
 * Alerts as every service writes them: the alert id is {@code type:subject:causationId}, so the same cause
 * raises the same alert however often it is seen, and its all-clear ({@code resolved}) names the same id.
 */
public final class Alerts {

    private Alerts() {
    }

    public static Alert of(String service, Severity severity, String type, String subject, String message,
            String causationId, boolean resolved, Instant at) {
        String id = type + ":" + subject + ":" + causationId;
        return Alert.newBuilder()
                .setEventId(resolved ? id + ":resolved" : id)
                .setCausationId(causationId)
                .setAlertId(id)
                .setSeverity(severity)
                .setType(type)
                .setSubject(subject)
                .setMessage(message)
                .setResolved(resolved)
                .setService(service)
                .setAt(at)
                .build();
    }
}
