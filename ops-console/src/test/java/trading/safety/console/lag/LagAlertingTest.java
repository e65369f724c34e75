package trading.safety.console.lag;

import static org.assertj.core.api.Assertions.assertThat;
import static trading.safety.console.lag.AlertAssertions.singleAllClear;
import static trading.safety.console.lag.AlertAssertions.singleRaise;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import trading.safety.service.testing.SettableClock;
import trading.safety.v1.Alert;
import trading.safety.v1.Severity;

class LagAlertingTest {

    private static final Instant START = Instant.parse("2026-11-23T14:30:00Z");
    private static final Duration SUSTAIN = Duration.ofSeconds(30);
    private static final Duration TICK = Duration.ofSeconds(5);

    private final SettableClock clock = new SettableClock(START);
    private final LagAlerting alerting = new LagAlerting(new LagPolicy(100, Map.of("replay", 10_000L), SUSTAIN),
            clock);

    @Test
    void staysOkAtTheThreshold() {
        List<Alert> alerts = alerting.observe(Map.of("risk", 100L));

        assertThat(alerts).isEmpty();
        assertThat(alerting.status("risk")).contains(new LagAlerting.GroupStatus(LagState.OK, START, 100));
    }

    @Test
    void exceedingIsSilentUntilTheSustainTimeHasPassed() {
        alerting.observe(Map.of("risk", 101L));
        clock.advance(SUSTAIN.minusMillis(1));

        List<Alert> alerts = alerting.observe(Map.of("risk", 500L));

        assertThat(alerts).isEmpty();
        assertThat(alerting.status("risk")).contains(new LagAlerting.GroupStatus(LagState.EXCEEDING, START, 100));
    }

    @Test
    void raisesOneWarningWhenExceedingHasLastedTheSustainTime() {
        alerting.observe(Map.of("risk", 101L));
        clock.advance(SUSTAIN);

        List<Alert> raised = alerting.observe(Map.of("risk", 250L));
        clock.advance(TICK);
        List<Alert> again = alerting.observe(Map.of("risk", 900L));

        Alert alert = singleRaise(raised, "risk");
        assertThat(alert.getAt()).isEqualTo(START.plus(SUSTAIN));
        assertThat(alert.getCausationId()).isEqualTo("exceeding-since:" + START);
        assertThat(alert.getAlertId()).isEqualTo("CONSUMER_LAG:risk:exceeding-since:" + START);
        assertThat(alert.getMessage()).contains("250").contains("100");
        assertThat(again).isEmpty();
        assertThat(alerting.status("risk")).contains(new LagAlerting.GroupStatus(LagState.ALERTING, START, 100));
    }

    @Test
    void resolvesUnderTheSameAlertIdWhenLagFallsToTheThreshold() {
        Alert raised = raiseFor("risk", 1_000L);
        clock.advance(TICK);

        List<Alert> cleared = alerting.observe(Map.of("risk", 100L));

        Alert clear = singleAllClear(cleared, raised);
        assertThat(clear.getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(clear.getAt()).isEqualTo(clock.instant());
        assertThat(alerting.status("risk")).contains(
                new LagAlerting.GroupStatus(LagState.OK, clock.instant(), 100));
    }

    @Test
    void exceedingThatRecoversBeforeTheSustainTimeEmitsNothingAndStartsAFreshEpisodeNextTime() {
        alerting.observe(Map.of("risk", 500L));
        clock.advance(SUSTAIN.minus(TICK));
        List<Alert> recovered = alerting.observe(Map.of("risk", 0L));
        clock.advance(TICK);
        Instant secondEpisode = clock.instant();
        alerting.observe(Map.of("risk", 500L));
        clock.advance(SUSTAIN.minus(TICK));

        List<Alert> stillSilent = alerting.observe(Map.of("risk", 500L));
        clock.advance(TICK);
        List<Alert> raised = alerting.observe(Map.of("risk", 500L));

        assertThat(recovered).isEmpty();
        assertThat(stillSilent).isEmpty();
        assertThat(singleRaise(raised, "risk").getCausationId()).isEqualTo("exceeding-since:" + secondEpisode);
    }

    @Test
    void aNewEpisodeAfterAnAllClearGetsANewAlertId() {
        Alert first = raiseFor("risk", 1_000L);
        clock.advance(TICK);
        alerting.observe(Map.of("risk", 0L));
        clock.advance(TICK);

        Alert second = raiseFor("risk", 1_000L);

        assertThat(second.getAlertId()).isNotEqualTo(first.getAlertId());
    }

    @Test
    void resolvesTheAlertOfAGroupThatDisappears() {
        Alert raised = raiseFor("risk", 1_000L);
        clock.advance(TICK);

        List<Alert> alerts = alerting.observe(Map.of("router", 0L));

        assertThat(singleAllClear(alerts, raised).getMessage()).contains("no longer exists");
        assertThat(alerting.status("risk")).isEmpty();
    }

    @Test
    void forgetsAnExceedingGroupThatDisappearsWithoutAlerting() {
        alerting.observe(Map.of("risk", 1_000L));
        clock.advance(SUSTAIN);

        List<Alert> gone = alerting.observe(Map.of());
        List<Alert> back = alerting.observe(Map.of("risk", 1_000L));

        assertThat(gone).isEmpty();
        assertThat(back).isEmpty();
        assertThat(alerting.status("risk")).contains(
                new LagAlerting.GroupStatus(LagState.EXCEEDING, clock.instant(), 100));
    }

    @Test
    void usesAGroupsOwnThresholdOverTheDefault() {
        alerting.observe(Map.of("replay", 10_000L, "risk", 10_000L));
        clock.advance(SUSTAIN);

        List<Alert> alerts = alerting.observe(Map.of("replay", 10_000L, "risk", 10_000L));

        assertThat(alerts).extracting(Alert::getSubject).containsExactly("risk");
        assertThat(alerting.status("replay")).map(LagAlerting.GroupStatus::threshold).contains(10_000L);
        assertThat(alerting.status("replay")).map(LagAlerting.GroupStatus::state).contains(LagState.OK);
    }

    @Test
    void aZeroSustainTimeAlertsOnTheFirstObservationAboveTheThreshold() {
        LagAlerting immediate = new LagAlerting(new LagPolicy(0, Map.of(), Duration.ZERO), clock);

        List<Alert> alerts = immediate.observe(Map.of("risk", 1L));

        singleRaise(alerts, "risk");
        assertThat(immediate.status("risk")).map(LagAlerting.GroupStatus::state).contains(LagState.ALERTING);
    }

    @Test
    void emitsAlertsOfSeveralGroupsInGroupOrder() {
        alerting.observe(Map.of("b", 1_000L, "a", 1_000L, "c", 1_000L));
        clock.advance(SUSTAIN);

        List<Alert> alerts = alerting.observe(Map.of("c", 1_000L, "b", 1_000L, "a", 1_000L));

        assertThat(alerts).extracting(Alert::getSubject).containsExactly("a", "b", "c");
    }

    private Alert raiseFor(String group, long lag) {
        alerting.observe(Map.of(group, lag));
        clock.advance(SUSTAIN);
        return singleRaise(alerting.observe(Map.of(group, lag)), group);
    }
}
