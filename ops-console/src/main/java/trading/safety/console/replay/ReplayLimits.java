package trading.safety.console.replay;

import java.time.Duration;
import java.util.Objects;

/**
 * What one replay may take.
 *
 * @param maxInputRecords the most input records a replay reads (they are held in memory while it runs)
 * @param maxMismatchesListed the most mismatches a report lists; it counts all of them
 * @param readTimeout how long reading the topics may take before the replay gives up
 * @param threads how many threads re-run the account partitions in parallel (each thread also reads
 *     all of control and market data)
 */
public record ReplayLimits(long maxInputRecords, int maxMismatchesListed, Duration readTimeout, int threads) {

    public ReplayLimits {
        if (maxInputRecords < 1) {
            throw new IllegalArgumentException("maxInputRecords must be positive");
        }
        if (maxMismatchesListed < 0) {
            throw new IllegalArgumentException("maxMismatchesListed must not be negative");
        }
        Objects.requireNonNull(readTimeout, "readTimeout");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive");
        }
    }

    /**
     * A million input records (about 1 GB of heap at their largest), a thousand listed mismatches, 5 minutes, a
     * thread per processor.
     */
    public static ReplayLimits defaults() {
        return new ReplayLimits(1_000_000, 1_000, Duration.ofMinutes(5), Runtime.getRuntime().availableProcessors());
    }
}
