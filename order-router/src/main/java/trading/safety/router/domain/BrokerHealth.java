package trading.safety.router.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the router has seen of each broker: consecutive calls without a usable answer, the last error, and
 * since when it has been unreachable. Decides when the active broker has failed: at the N-th consecutive
 * failure, or when it has been unreachable for the configured time. One thread records (the routing
 * thread); others may read. Time comes from the caller.
 */
public final class BrokerHealth {

    /** One broker's record. */
    public record Status(int consecutiveFailures, String lastError, Instant unreachableSince, Instant lastSuccess) {

        public boolean connected() {
            return consecutiveFailures == 0;
        }
    }

    private final int maxConsecutiveFailures;
    private final Duration maxUnreachable;
    private final Map<String, Status> brokers = new ConcurrentHashMap<>();

    public BrokerHealth(int maxConsecutiveFailures, Duration maxUnreachable) {
        if (maxConsecutiveFailures < 1) {
            throw new IllegalArgumentException("maxConsecutiveFailures must be at least 1");
        }
        this.maxConsecutiveFailures = maxConsecutiveFailures;
        this.maxUnreachable = maxUnreachable;
    }

    /** Records an answer; returns true when this ends a run of failures (the broker came back). */
    public boolean success(String brokerId, Instant at) {
        Status before = status(brokerId);
        brokers.put(brokerId, new Status(0, before.lastError(), null, at));
        return before.consecutiveFailures() > 0;
    }

    /** Records a call without a usable answer; {@code connectivity} when the broker could not be reached. */
    public void failure(String brokerId, String error, boolean connectivity, Instant at) {
        Status before = status(brokerId);
        Instant since = before.unreachableSince() != null ? before.unreachableSince() : connectivity ? at : null;
        brokers.put(brokerId, new Status(before.consecutiveFailures() + 1, error, since, before.lastSuccess()));
    }

    public Status status(String brokerId) {
        return brokers.getOrDefault(brokerId, new Status(0, null, null, null));
    }

    /** Why the broker counts as failed now, if it does. */
    public Optional<String> failed(String brokerId, Instant now) {
        Status s = status(brokerId);
        if (s.consecutiveFailures() >= maxConsecutiveFailures) {
            return Optional.of(s.consecutiveFailures() + " consecutive failures (last: " + s.lastError() + ")");
        }
        if (s.unreachableSince() != null && !Duration.between(s.unreachableSince(), now).minus(maxUnreachable)
                .isNegative()) {
            return Optional.of("unreachable since " + s.unreachableSince() + " (last: " + s.lastError() + ")");
        }
        return Optional.empty();
    }
}
