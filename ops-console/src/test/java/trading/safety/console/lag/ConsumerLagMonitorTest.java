package trading.safety.console.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static trading.safety.console.lag.AlertAssertions.singleAllClear;
import static trading.safety.console.lag.AlertAssertions.singleRaise;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import trading.safety.service.testing.SettableClock;
import trading.safety.v1.Alert;

class ConsumerLagMonitorTest {

    private static final Instant START = Instant.parse("2026-11-23T14:30:00Z");
    private static final Duration SUSTAIN = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofSeconds(5);

    private final SettableClock clock = new SettableClock(START);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<Alert> published = new ArrayList<>();
    private Map<String, List<PartitionLag>> kafka = Map.of();
    private Exception failure;
    private final ConsumerLagMonitor monitor = new ConsumerLagMonitor(this::read,
            new LagPolicy(100, Map.of(), SUSTAIN), clock, registry, published::add);

    @Test
    void reportsEachGroupsPartitionsTotalsAndStateWithTheCheckTime() {
        kafka = Map.of("risk", List.of(PartitionLag.of("signals", 0, 10, 40), PartitionLag.of("signals", 1, 5, 5)));

        monitor.check();

        LagReport report = monitor.report();
        assertThat(report.checkedAt()).isEqualTo(START);
        assertThat(report.stale()).isFalse();
        assertThat(report.error()).isNull();
        assertThat(report.groups()).containsExactly(new GroupLag("risk", 100, 30, 30, LagState.OK, START,
                List.of(PartitionLag.of("signals", 0, 10, 40), PartitionLag.of("signals", 1, 5, 5))));
        assertThat(partitionGauge("risk", "signals", "0")).isEqualTo(30);
        assertThat(partitionGauge("risk", "signals", "1")).isZero();
        assertThat(groupGauge(LagMetrics.GROUP_TOTAL_LAG, "risk")).isEqualTo(30);
        assertThat(groupGauge(LagMetrics.ALERTING, "risk")).isZero();
    }

    @Test
    void publishesTheRaiseAfterTheSustainTimeAndTheAllClearWhenLagRecovers() {
        kafka = lagging("risk", 500);
        monitor.check();
        clock.advance(SUSTAIN);
        monitor.check();
        Alert raised = singleRaise(published, "risk");
        double alertGaugeWhileAlerting = groupGauge(LagMetrics.ALERTING, "risk");
        LagState stateWhileAlerting = monitor.report().groups().get(0).state();
        published.clear();

        kafka = lagging("risk", 0);
        clock.advance(TICK);
        monitor.check();

        singleAllClear(published, raised);
        assertThat(alertGaugeWhileAlerting).isEqualTo(1);
        assertThat(stateWhileAlerting).isEqualTo(LagState.ALERTING);
        assertThat(groupGauge(LagMetrics.ALERTING, "risk")).isZero();
        assertThat(monitor.report().groups().get(0).state()).isEqualTo(LagState.OK);
    }

    @Test
    void aFailedCheckKeepsTheLastReportMarkedStaleAndNeverClearsAnAlert() {
        kafka = lagging("risk", 500);
        monitor.check();
        clock.advance(SUSTAIN);
        monitor.check();
        published.clear();

        failure = new ExecutionException(new TimeoutException("Timed out waiting for a node assignment"));
        clock.advance(TICK);
        monitor.check();

        LagReport report = monitor.report();
        assertThat(report.stale()).isTrue();
        assertThat(report.error()).isEqualTo("TimeoutException: Timed out waiting for a node assignment");
        assertThat(report.checkedAt()).isEqualTo(START.plus(SUSTAIN));
        assertThat(report.groups()).extracting(GroupLag::groupId, GroupLag::totalLag, GroupLag::state)
                .containsExactly(tuple("risk", 500L, LagState.ALERTING));
        assertThat(published).isEmpty();
        assertThat(groupGauge(LagMetrics.ALERTING, "risk")).isEqualTo(1);
    }

    @Test
    void theAlertStaysOpenAcrossAFailureAndIsResolvedOnceAReadShowsRecovery() {
        kafka = lagging("risk", 500);
        monitor.check();
        clock.advance(SUSTAIN);
        monitor.check();
        Alert raised = published.remove(0);
        failure = new IllegalStateException("admin client closed");
        monitor.check();
        failure = null;

        kafka = lagging("risk", 500);
        clock.advance(TICK);
        monitor.check();
        List<Alert> whileStillLagging = List.copyOf(published);
        kafka = lagging("risk", 3);
        clock.advance(TICK);
        monitor.check();

        assertThat(whileStillLagging).isEmpty();
        singleAllClear(published, raised);
        assertThat(monitor.report().stale()).isFalse();
        assertThat(monitor.report().error()).isNull();
    }

    @Test
    void aFailureBeforeAnySuccessReportsNoGroupsStaleWithTheError() {
        failure = new RuntimeException("boom");

        monitor.check();

        LagReport report = monitor.report();
        assertThat(report.checkedAt()).isNull();
        assertThat(report.stale()).isTrue();
        assertThat(report.error()).isEqualTo("RuntimeException: boom");
        assertThat(report.groups()).isEmpty();
    }

    @Test
    void stopsReportingGroupsAndPartitionsThatAreGone() {
        kafka = Map.of("risk", List.of(PartitionLag.of("signals", 0, 0, 7), PartitionLag.of("signals", 1, 0, 9)),
                "router", List.of(PartitionLag.of("intents", 0, 0, 2)));
        monitor.check();

        kafka = Map.of("risk", List.of(PartitionLag.of("signals", 1, 0, 9)));
        monitor.check();

        assertThat(registry.find(LagMetrics.PARTITION_LAG).gauges()).extracting(g -> g.getId().getTag("partition"))
                .containsExactly("1");
        assertThat(registry.find(LagMetrics.GROUP_TOTAL_LAG).gauges()).extracting(g -> g.getId().getTag("group"))
                .containsExactly("risk");
        assertThat(registry.find(LagMetrics.ALERTING).tag("group", "router").gauges()).isEmpty();
        assertThat(monitor.report().groups()).extracting(GroupLag::groupId).containsExactly("risk");
    }

    @Test
    void rendersThePrometheusNamesWithoutCollidingOnTheTotal() {
        PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ConsumerLagMonitor scraped = new ConsumerLagMonitor(this::read, new LagPolicy(100, Map.of(), SUSTAIN), clock,
                prometheus, published::add);
        kafka = Map.of("risk", List.of(PartitionLag.of("signals", 2, 0, 7), PartitionLag.of("signals", 3, 0, 4)));

        scraped.check();

        assertThat(prometheus.scrape().lines().filter(line -> !line.startsWith("#")))
                .contains("consumer_group_lag{group=\"risk\",partition=\"2\",topic=\"signals\"} 7.0",
                        "consumer_group_lag{group=\"risk\",partition=\"3\",topic=\"signals\"} 4.0",
                        "consumer_group_total_lag{group=\"risk\"} 11.0",
                        "consumer_lag_alert{group=\"risk\"} 0.0");
    }

    @Test
    void offersAnAlertTheSinkRefusedAgainOnTheNextCheck() {
        List<Alert> accepted = new ArrayList<>();
        boolean[] sinkDown = {true};
        ConsumerLagMonitor refusing = new ConsumerLagMonitor(this::read, new LagPolicy(100, Map.of(), SUSTAIN),
                clock, new SimpleMeterRegistry(), alert -> {
                    if (sinkDown[0]) {
                        throw new IllegalStateException("producer fenced");
                    }
                    accepted.add(alert);
                });
        kafka = lagging("risk", 500);
        refusing.check();
        clock.advance(SUSTAIN);
        refusing.check();
        List<Alert> whileDown = List.copyOf(accepted);

        sinkDown[0] = false;
        clock.advance(TICK);
        refusing.check();

        assertThat(whileDown).isEmpty();
        singleRaise(accepted, "risk");
    }

    private Map<String, List<PartitionLag>> read() throws Exception {
        if (failure != null) {
            throw failure;
        }
        return kafka;
    }

    private static Map<String, List<PartitionLag>> lagging(String group, long lag) {
        return Map.of(group, List.of(PartitionLag.of("signals", 0, 1_000, 1_000 + lag)));
    }

    private double partitionGauge(String group, String topic, String partition) {
        Gauge gauge = registry.get(LagMetrics.PARTITION_LAG).tags("group", group, "topic", topic,
                "partition", partition).gauge();
        return gauge.value();
    }

    private double groupGauge(String name, String group) {
        return registry.get(name).tag("group", group).gauge().value();
    }
}
