package trading.safety.console.lag;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import trading.safety.contract.alert.Alerts;
import trading.safety.v1.Alert;
import trading.safety.v1.Severity;

/**
 * The consumer-lag state machine per group: OK, then EXCEEDING from the first observation above the
 * threshold, then ALERTING once that has lasted the sustain time (a WARNING is raised), then OK again at
 * or below the threshold (the alert is resolved). An episode is named by the instant it started
 * exceeding, so its raise and its all-clear share one alert id. Time comes from the injected clock only.
 * Not thread-safe.
 */
public final class LagAlerting {

    public static final String ALERT_TYPE = "CONSUMER_LAG";
    public static final String SERVICE = "ops-console";

    private final LagPolicy policy;
    private final Clock clock;
    private final Map<String, GroupStatus> groups = new HashMap<>();

    public LagAlerting(LagPolicy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** A group's state, since when it has held (for EXCEEDING and ALERTING: since the episode began). */
    public record GroupStatus(LagState state, Instant since, long threshold) {
    }

    /**
     * Takes the total lag of every group that exists now; a tracked group missing from the map is gone (its
     * open alert is resolved). Returns the alerts to publish, in order.
     */
    public List<Alert> observe(Map<String, Long> totalLagByGroup) {
        Instant now = clock.instant();
        List<Alert> alerts = new ArrayList<>();
        for (Iterator<Map.Entry<String, GroupStatus>> it = groups.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, GroupStatus> tracked = it.next();
            if (!totalLagByGroup.containsKey(tracked.getKey())) {
                if (tracked.getValue().state() == LagState.ALERTING) {
                    alerts.add(alert(tracked.getKey(), tracked.getValue(),
                            "consumer group " + tracked.getKey() + " no longer exists", true, now));
                }
                it.remove();
            }
        }
        new TreeMap<>(totalLagByGroup).forEach((group, lag) -> groups.put(group, next(group, lag, now, alerts)));
        return List.copyOf(alerts);
    }

    /** The group's status as of the last observation, if the group was in it. */
    public Optional<GroupStatus> status(String groupId) {
        return Optional.ofNullable(groups.get(groupId));
    }

    private GroupStatus next(String group, long lag, Instant now, List<Alert> alerts) {
        long threshold = policy.thresholdFor(group);
        GroupStatus current = groups.get(group);
        LagState was = current == null ? LagState.OK : current.state();
        if (lag <= threshold) {
            if (was == LagState.ALERTING) {
                alerts.add(alert(group, current, "consumer group " + group + " lags " + lag
                        + " records, at or below its threshold of " + threshold, true, now));
            }
            return current != null && was == LagState.OK ? current : new GroupStatus(LagState.OK, now, threshold);
        }
        if (was == LagState.ALERTING) {
            return current;
        }
        Instant episodeStart = was == LagState.EXCEEDING ? current.since() : now;
        if (now.isBefore(episodeStart.plus(policy.sustain()))) {
            return new GroupStatus(LagState.EXCEEDING, episodeStart, threshold);
        }
        GroupStatus alerting = new GroupStatus(LagState.ALERTING, episodeStart, threshold);
        alerts.add(alert(group, alerting, "consumer group " + group + " lags " + lag
                + " records, above its threshold of " + threshold + " since " + episodeStart, false, now));
        return alerting;
    }

    /** The raise, or ({@code resolved}) the all-clear of the same episode; both WARNING, as raised. */
    private static Alert alert(String group, GroupStatus episode, String message, boolean resolved, Instant now) {
        return Alerts.of(SERVICE, Severity.WARNING, ALERT_TYPE, group, message, episodeId(episode.since()),
                resolved, now);
    }

    /** The causation id naming one episode of a group's lag: the instant it started exceeding. */
    static String episodeId(Instant exceedingSince) {
        return "exceeding-since:" + exceedingSince;
    }
}
