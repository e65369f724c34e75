package trading.safety.router.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import trading.safety.contract.control.ControlKey;
import trading.safety.contract.alert.Alerts;
import trading.safety.contract.control.AutomaticControls;
import trading.safety.v1.Alert;
import trading.safety.v1.BrokerRole;
import trading.safety.v1.BrokerStatus;
import trading.safety.v1.ControlRecord;
import trading.safety.v1.Severity;

/** The records of broker health and failover: status, the automatic switch, and its alert. */
public final class BrokerRecords {

    /** The automatic rule's name in control records' origin. */
    public static final String FAILOVER_RULE = "BROKER_FAILOVER";
    private static final String SERVICE = "order-router";

    private BrokerRecords() {
    }

    public static BrokerStatus status(String brokerId, BrokerRole role, boolean active, boolean paused,
            BrokerHealth.Status health, Instant tokenExpiresAt, Instant at) {
        return BrokerStatus.newBuilder()
                .setEventId("broker-status:" + brokerId + ":" + at.toEpochMilli())
                .setCausationId(null)
                .setBrokerId(brokerId)
                .setRole(role)
                .setActive(active)
                .setConnected(health.connected())
                .setPaused(paused)
                .setConsecutiveFailures(health.consecutiveFailures())
                .setLastError(health.lastError())
                .setTokenExpiresAt(tokenExpiresAt)
                .setUpdatedAt(at)
                .build();
    }

    /**
     * How close a broker's access token is to expiry, for its alerts. A token the router renews by itself does
     * not warn before it expires (brokers with one-day tokens would warn all the time); one that needs an
     * operator, or whose renewal failed, warns {@code warnAhead} before.
     */
    public enum TokenState {
        VALID, EXPIRING, EXPIRED;

        public static TokenState of(Instant expiresAt, boolean renewsItself, Instant now, Duration warnAhead) {
            if (!now.isBefore(expiresAt)) {
                return EXPIRED;
            }
            return !renewsItself && Duration.between(now, expiresAt).compareTo(warnAhead) < 0 ? EXPIRING : VALID;
        }

        /** The alert this state raises (none for VALID). */
        public String alertType() {
            return this == VALID ? null : "BROKER_TOKEN_" + name();
        }

        public Severity severity() {
            return this == EXPIRED ? Severity.CRITICAL : Severity.WARNING;
        }
    }

    /** {@code broker/active} naming the secondary, written by the failover rule. */
    public static ControlRecord failover(String from, String to, String why, Instant at) {
        return AutomaticControls.activate(SERVICE, new ControlKey.ActiveBroker(), null, FAILOVER_RULE, from,
                "broker " + from + " failed: " + why + "; failback is manual", to + ":" + at.toEpochMilli(), at,
                Map.of("brokerId", to, "from", from));
    }

    public static Alert alert(Severity severity, String type, String subject, String message, String causationId,
            Instant at) {
        return alert(severity, type, subject, message, causationId, false, at);
    }

    /** An alert, or ({@code resolved}) the all-clear of the alert with the same type, subject and cause. */
    public static Alert alert(Severity severity, String type, String subject, String message, String causationId,
            boolean resolved, Instant at) {
        return Alerts.of(SERVICE, severity, type, subject, message, causationId, resolved, at);
    }
}
