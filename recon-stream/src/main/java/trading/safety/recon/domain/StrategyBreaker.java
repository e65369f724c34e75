package trading.safety.recon.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The circuit breaker of one strategy (the design's check 3, the runbooks' circuit breakers): {@code failures}
 * execution failures of its orders within {@code window} open it until {@code recovery} has passed; then
 * risk-stream lets one signal through (half-open), and the broker's answer to it closes the breaker while
 * another failure opens it again for another {@code recovery}. Events from before the recovery time (orders
 * already in flight when it opened) change nothing. Immutable and pure: time is the events' own, the breaker's
 * state is its control record's.
 */
public final class StrategyBreaker {

    /** The thresholds; defaults in {@link #defaults()}. */
    public record Settings(int failures, Duration window, Duration recovery) {

        public Settings {
            if (failures < 1) {
                throw new IllegalArgumentException("failures must be at least 1");
            }
            if (window == null || window.isNegative() || window.isZero()) {
                throw new IllegalArgumentException("window must be positive");
            }
            if (recovery == null || recovery.isNegative() || recovery.isZero()) {
                throw new IllegalArgumentException("recovery must be positive");
            }
        }

        public static Settings defaults() {
            return new Settings(5, Duration.ofMinutes(5), Duration.ofSeconds(60));
        }
    }

    /** The breaker as its control record says: open or not, and when it may be probed. */
    public record State(boolean open, Instant recoveryAt) {

        public static final State CLOSED = new State(false, null);

        boolean probing(Instant at) {
            return open && recoveryAt != null && !at.isBefore(recoveryAt);
        }
    }

    /** The strategy's recent failures while its breaker is closed, oldest first (at most {@code failures}). */
    public record Failures(List<Instant> at) {

        public Failures {
            at = List.copyOf(at);
        }

        public static Failures none() {
            return new Failures(List.of());
        }
    }

    /** What to do to the breaker. */
    public enum Action { NONE, OPEN, REOPEN, CLOSE }

    /** The failures after an event, the action, and for OPEN and REOPEN the new recovery time and why. */
    public record Result(Failures failures, Action action, Instant recoveryAt, String reason) {
    }

    private final Settings settings;

    public StrategyBreaker(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    public Settings settings() {
        return settings;
    }

    /** One of the strategy's orders got no usable answer from the broker. */
    public Result failed(Failures failures, State breaker, Instant at) {
        if (breaker.probing(at)) {
            return new Result(Failures.none(), Action.REOPEN, at.plus(settings.recovery()),
                    "the half-open probe failed at the broker");
        }
        if (breaker.open()) {
            return new Result(failures, Action.NONE, null, null);
        }
        List<Instant> recent = new ArrayList<>(failures.at().size() + 1);
        Instant from = at.minus(settings.window());
        for (Instant t : failures.at()) {
            if (!t.isBefore(from)) {
                recent.add(t);
            }
        }
        recent.add(at);
        if (recent.size() >= settings.failures()) {
            return new Result(Failures.none(), Action.OPEN, at.plus(settings.recovery()), recent.size()
                    + " execution failures within " + settings.window());
        }
        return new Result(new Failures(recent), Action.NONE, null, null);
    }

    /** The broker answered one of the strategy's orders (accepted or rejected it: the path works). */
    public Result answered(Failures failures, State breaker, Instant at) {
        if (breaker.probing(at)) {
            return new Result(Failures.none(), Action.CLOSE, null, "the half-open probe was answered by the broker");
        }
        return new Result(failures, Action.NONE, null, null);
    }
}
