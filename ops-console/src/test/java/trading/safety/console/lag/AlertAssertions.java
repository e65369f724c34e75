package trading.safety.console.lag;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import trading.safety.v1.Alert;
import trading.safety.v1.Severity;

/** Checks on the CONSUMER_LAG alerts tests receive. */
final class AlertAssertions {

    private AlertAssertions() {
    }

    /** Asserts that {@code alerts} is one WARNING raise for {@code group}, and returns it. */
    static Alert singleRaise(List<Alert> alerts, String group) {
        assertThat(alerts).hasSize(1);
        Alert raised = alerts.get(0);
        assertThat(raised.getResolved()).isFalse();
        assertThat(raised.getType()).isEqualTo(LagAlerting.ALERT_TYPE);
        assertThat(raised.getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(raised.getSubject()).isEqualTo(group);
        assertThat(raised.getService()).isEqualTo("ops-console");
        return raised;
    }

    /** Asserts that {@code alerts} is one all-clear of {@code raised} (same alert id, another event), and returns it. */
    static Alert singleAllClear(List<Alert> alerts, Alert raised) {
        assertThat(alerts).hasSize(1);
        Alert clear = alerts.get(0);
        assertThat(clear.getResolved()).isTrue();
        assertThat(clear.getAlertId()).isEqualTo(raised.getAlertId());
        assertThat(clear.getEventId()).isNotEqualTo(raised.getEventId());
        assertThat(clear.getSubject()).isEqualTo(raised.getSubject());
        assertThat(clear.getType()).isEqualTo(LagAlerting.ALERT_TYPE);
        return clear;
    }
}
