package trading.safety.console.lag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * When a consumer group's lag alerts: its total lag (records, summed over its partitions) stays above the
 * group's threshold for at least {@code sustain}. A group without an entry in {@code groupThresholds} uses
 * {@code defaultThreshold}.
 */
public record LagPolicy(long defaultThreshold, Map<String, Long> groupThresholds, Duration sustain) {

    public static final long DEFAULT_THRESHOLD_RECORDS = 1_000;
    public static final Duration DEFAULT_SUSTAIN = Duration.ofSeconds(30);

    public LagPolicy {
        groupThresholds = groupThresholds == null ? Map.of() : Map.copyOf(groupThresholds);
        List<String> problems = new ArrayList<>();
        if (defaultThreshold < 0) {
            problems.add("defaultThreshold must be at least 0, was " + defaultThreshold);
        }
        groupThresholds.forEach((group, threshold) -> {
            if (threshold < 0) {
                problems.add("groupThresholds[" + group + "] must be at least 0, was " + threshold);
            }
        });
        if (sustain == null || sustain.isNegative()) {
            problems.add("sustain must be zero or positive, was " + sustain);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid lag policy: " + String.join("; ", problems));
        }
    }

    /** The default threshold and sustain time for every group. */
    public static LagPolicy defaults() {
        return new LagPolicy(DEFAULT_THRESHOLD_RECORDS, Map.of(), DEFAULT_SUSTAIN);
    }

    /** The most records this group may lag without counting as exceeding. */
    public long thresholdFor(String groupId) {
        return groupThresholds.getOrDefault(groupId, defaultThreshold);
    }
}
