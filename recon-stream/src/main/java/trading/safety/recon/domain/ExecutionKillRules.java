package trading.safety.recon.domain;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The runbooks' automatic kill rules on one account's execution: more than {@code maxRejectionRatio} of the
 * broker's answers in the window are rejections, with at least {@code minRejections} of them (WARNING); at
 * least {@code maxConsecutiveFailures} submissions in a row without a usable answer (CRITICAL); any duplicate
 * intent (CRITICAL: a strategy's idempotency is broken). A rule that fires consumes its evidence (the window
 * or the run starts again), so an operator who resumes trading is not halted again by the same events.
 * The window is kept in {@link #SLICES} slices, so an answer leaves it up to one slice (a minute of the default
 * hour) late, never early. Immutable and pure: time is the events' own.
 */
public final class ExecutionKillRules {

    /** The automatic rules, by the name their control records carry as origin ({@code AUTO:<name>}). */
    public enum Rule {
        REJECTION_RATE(false), CONSECUTIVE_FAILURES(true), DUPLICATE_INTENT(true);

        private final boolean critical;

        Rule(boolean critical) {
            this.critical = critical;
        }

        public boolean critical() {
            return critical;
        }
    }

    /** The thresholds (runbook defaults in {@link #defaults()}). */
    public record Settings(Duration rejectionWindow, double maxRejectionRatio, int minRejections,
            int maxConsecutiveFailures) {

        public Settings {
            if (Objects.requireNonNull(rejectionWindow, "rejectionWindow").isNegative() || rejectionWindow.isZero()) {
                throw new IllegalArgumentException("rejectionWindow must be positive");
            }
            if (maxRejectionRatio < 0 || maxRejectionRatio > 1) {
                throw new IllegalArgumentException("maxRejectionRatio must be within [0, 1]");
            }
            if (minRejections < 1 || maxConsecutiveFailures < 1) {
                throw new IllegalArgumentException("minRejections and maxConsecutiveFailures must be at least 1");
            }
        }

        public static Settings defaults() {
            return new Settings(Duration.ofHours(1), 0.5, 5, 3);
        }
    }

    /** A rule that fired, and why in words an operator reads in the kill switch's reason. */
    public record Trigger(Rule rule, String reason) {
    }

    /**
     * The broker's answers that began within one slice of the window ({@link #SLICES} slices per window): the
     * window is kept as counts, so its size does not grow with the order rate.
     */
    public record Slice(Instant start, int answers, int rejections) {
    }

    /** An account's evidence: the window's slices, oldest first, and the current run of failures. */
    public record Activity(List<Slice> slices, int consecutiveFailures) {

        public Activity {
            slices = List.copyOf(slices);
        }

        public static Activity none() {
            return new Activity(List.of(), 0);
        }

        public int answers() {
            return slices.stream().mapToInt(Slice::answers).sum();
        }

        public int rejections() {
            return slices.stream().mapToInt(Slice::rejections).sum();
        }
    }

    /** An activity after an event, and the rule it made fire, if any. */
    public record Result(Activity activity, Optional<Trigger> trigger) {
    }

    /** Slices per window: the window moves in steps of one slice (one minute for the default hour). */
    public static final int SLICES = 60;

    private final Settings settings;
    private final long sliceMillis;

    public ExecutionKillRules(Settings settings) {
        this.settings = settings;
        this.sliceMillis = Math.max(1, settings.rejectionWindow().toMillis() / SLICES);
    }

    /** The broker answered a submission (accepted it, or rejected it); an answer ends a run of failures. */
    public Result answered(Activity activity, Instant at, boolean rejected) {
        Instant sliceStart = Instant.ofEpochMilli(at.toEpochMilli() - Math.floorMod(at.toEpochMilli(), sliceMillis));
        Instant from = at.minus(settings.rejectionWindow());
        Deque<Slice> window = new ArrayDeque<>(activity.slices().size() + 1);
        for (Slice slice : activity.slices()) {
            // A slice stays while any part of it is in the window: an answer counts up to one slice longer.
            if (slice.start().plusMillis(sliceMillis).isAfter(from)) {
                window.addLast(slice);
            }
        }
        Slice last = window.peekLast();
        if (last != null && last.start().equals(sliceStart)) {
            window.removeLast();
            window.addLast(new Slice(sliceStart, last.answers() + 1, last.rejections() + (rejected ? 1 : 0)));
        } else {
            window.addLast(new Slice(sliceStart, 1, rejected ? 1 : 0));
        }
        Activity next = new Activity(List.copyOf(window), 0);
        int rejections = next.rejections();
        int answers = next.answers();
        if (rejections >= settings.minRejections() && rejections > settings.maxRejectionRatio() * answers) {
            return new Result(Activity.none(), Optional.of(new Trigger(Rule.REJECTION_RATE, rejections + " of "
                    + answers + " orders rejected by the broker within " + settings.rejectionWindow()
                    + " (more than " + Math.round(settings.maxRejectionRatio() * 100) + "% with at least "
                    + settings.minRejections() + ")")));
        }
        return new Result(next, Optional.empty());
    }

    /** A submission got no usable answer from the broker. */
    public Result failed(Activity activity) {
        int run = activity.consecutiveFailures() + 1;
        if (run >= settings.maxConsecutiveFailures()) {
            return new Result(new Activity(activity.slices(), 0), Optional.of(new Trigger(
                    Rule.CONSECUTIVE_FAILURES, run + " consecutive execution failures")));
        }
        return new Result(new Activity(activity.slices(), run), Optional.empty());
    }

    /** risk-stream rejected a signal as a duplicate intent. */
    public Result duplicateIntent(Activity activity, String signalId, String strategyId) {
        return new Result(activity, Optional.of(new Trigger(Rule.DUPLICATE_INTENT, "duplicate intent from strategy "
                + strategyId + " (signal " + signalId + "): its idempotency is broken")));
    }
}
