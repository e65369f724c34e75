package trading.safety.router.app;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The router's metrics, named as the runbooks' dashboards know them: {@code orders_submitted_total},
 * {@code orders_filled_total}, {@code order_submit_latency_seconds}, {@code execution_failures_total},
 * {@code broker_connection_status}, {@code oauth_token_expires_at}, plus
 * refusals by reason, broker rejections, dead letters and the control actions taken (kill switches, operator
 * commands) by kind.
 */
public final class RouterMetrics {

    private final MeterRegistry registry;

    public RouterMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void submitted(String brokerId, long micros) {
        count("orders.submitted", "Orders sent to a broker that answered", "broker", brokerId);
        Timer.builder("order.submit.latency").description("Time a broker took to answer a submission")
                .tag("broker", brokerId).publishPercentileHistogram().register(registry)
                .record(micros, TimeUnit.MICROSECONDS);
    }

    void filled(String brokerId) {
        count("orders.filled", "Executions published as fills", "broker", brokerId);
    }

    void rejected(String brokerId) {
        count("orders.rejected", "Submissions a broker rejected", "broker", brokerId);
    }

    void failure(String brokerId) {
        count("execution.failures", "Broker calls that got no usable answer", "broker", brokerId);
    }

    void refused(String reason) {
        count("orders.refused", "Intents the router's own control check refused", "reason", reason);
    }

    /** A kill switch's or an operator command's action, by {@code ControlActions.Kind}. */
    void acted(String kind) {
        count("control.actions", "Kill-switch activations and operator commands the router acted on", "kind", kind);
    }

    void deadLetter() {
        Counter.builder("router.dead.letters").description("Unreadable intents sent to the dead-letter topic")
                .register(registry).increment();
    }

    /** {@code broker_connection_status}: 1 while the broker's last call got an answer, else 0. */
    void connection(String brokerId, BooleanSupplier connected) {
        Gauge.builder("broker.connection.status", () -> connected.getAsBoolean() ? 1 : 0)
                .description("1 while the broker answers, 0 after a call without a usable answer")
                .tag("broker", brokerId).register(registry);
    }

    /**
     * {@code oauth_token_expires_at}: when the broker's access token expires, in seconds since the epoch; and
     * {@code oauth_token_renews_itself}: 1 while the router renews it (a refresh token, no failed renewal).
     */
    void token(String brokerId, Supplier<Optional<Instant>> expiresAt, BooleanSupplier renewsItself) {
        Gauge.builder("oauth.token.renews.itself", () -> renewsItself.getAsBoolean() ? 1 : 0)
                .description("1 while the router renews the broker's access token itself, else 0")
                .tag("broker", brokerId).register(registry);
        Gauge.builder("oauth.token.expires.at", () -> expiresAt.get().map(i -> (double) i.getEpochSecond())
                        .orElse(Double.NaN))
                .description("When the broker's OAuth access token expires (seconds since the epoch)")
                .tag("broker", brokerId).register(registry);
    }

    private void count(String name, String description, String tag, String value) {
        Counter.builder(name).description(description).tag(tag, value).register(registry).increment();
    }
}
