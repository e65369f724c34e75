package trading.safety.console.lag;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import trading.safety.v1.Alert;

/**
 * Checks every consumer group's lag on each {@link #check()}: reads it from Kafka, runs it through
 * {@link LagAlerting}, hands each alert to the sink, updates the gauges and the {@link #report()}. A failed
 * read never throws: the last report is kept, marked stale with the error, the gauges keep their last values
 * and no alert state changes, so a failure never clears an alert. An alert the sink refuses (throws) is
 * offered again, in order, on the next check. {@code check()} calls are serialized; {@code report()} may be
 * read from any thread.
 */
public final class ConsumerLagMonitor {

    public static final Duration DEFAULT_ADMIN_TIMEOUT = Duration.ofSeconds(5);

    private static final Logger log = LoggerFactory.getLogger(ConsumerLagMonitor.class);

    private final CommittedLagReader reader;
    private final LagAlerting alerting;
    private final Clock clock;
    private final LagMetrics metrics;
    private final Consumer<Alert> alertSink;
    private final Deque<Alert> undelivered = new ArrayDeque<>();
    private boolean failing;
    private volatile LagReport report = LagReport.notChecked();

    /**
     * @param admin        the client the lag is read with; the caller owns and closes it
     * @param adminTimeout the most each admin call may take
     * @param alertSink    receives each raise and all-clear (the app publishes them to trading.alerts.v1)
     */
    public ConsumerLagMonitor(Admin admin, LagPolicy policy, Duration adminTimeout, Clock clock,
            MeterRegistry registry, Consumer<Alert> alertSink) {
        this(new AdminLagReader(admin, adminTimeout), policy, clock, registry, alertSink);
    }

    ConsumerLagMonitor(CommittedLagReader reader, LagPolicy policy, Clock clock, MeterRegistry registry,
            Consumer<Alert> alertSink) {
        this.reader = reader;
        this.alerting = new LagAlerting(policy, clock);
        this.clock = clock;
        this.metrics = new LagMetrics(registry);
        this.alertSink = alertSink;
    }

    /** Reads the lag once and acts on it; never throws. */
    public synchronized void check() {
        Map<String, List<PartitionLag>> lag;
        try {
            lag = reader.read();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            markStale(e);
            deliver();
            return;
        }
        Instant checkedAt = clock.instant();
        Map<String, Long> totals = new TreeMap<>();
        lag.forEach((group, partitions) -> totals.put(group, PartitionLag.total(partitions)));
        undelivered.addAll(alerting.observe(totals));
        List<GroupLag> groups = new ArrayList<>();
        new TreeMap<>(lag).forEach((group, partitions) -> groups.add(GroupLag.of(group, partitions,
                alerting.status(group).orElseThrow())));
        metrics.update(groups);
        if (failing) {
            log.info("consumer lag check succeeded again");
            failing = false;
        }
        report = new LagReport(checkedAt, false, null, groups);
        deliver();
    }

    /** Lag per group as of the last successful check, stale with the error when the latest one failed. */
    public LagReport report() {
        return report;
    }

    private void markStale(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String error = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (failing) {
            log.debug("consumer lag check failed again: {}", error);
        } else {
            log.warn("consumer lag check failed, keeping the last report and alert states: {}", error);
            failing = true;
        }
        report = report.staleBecause(error);
    }

    private void deliver() {
        while (!undelivered.isEmpty()) {
            Alert alert = undelivered.peek();
            try {
                alertSink.accept(alert);
            } catch (RuntimeException e) {
                log.warn("could not hand over alert {}, {} waiting; trying again on the next check: {}",
                        alert.getEventId(), undelivered.size(), e.toString());
                return;
            }
            undelivered.poll();
        }
    }
}
