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
 * Immutable and pure: time is the events' own.
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
            Objects.requireNonNull(rejectionWindow, "rejectionWindow");
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

    /** One broker answer to a submission in the window. */
    public record Answer(Instant at, boolean rejected) {
    }

    /** An account's evidence: the answers in the window, oldest first, and the current run of failures. */
    public record Activity(List<Answer> answers, int consecutiveFailures) {

        public Activity {
            answers = List.copyOf(answers);
        }

        public static Activity none() {
            return new Activity(List.of(), 0);
        }
    }

    /** An activity after an event, and the rule it made fire, if any. */
    public record Result(Activity activity, Optional<Trigger> trigger) {
    }

    private final Settings settings;

    public ExecutionKillRules(Settings settings) {
        this.settings = settings;
    }

    /** The broker answered a submission (accepted it, or rejected it). */
    public Result answered(Activity activity, Instant at, boolean rejected) {
        Deque<Answer> window = new ArrayDeque<>(activity.answers());
        window.addLast(new Answer(at, rejected));
        Instant from = at.minus(settings.rejectionWindow());
        while (!window.isEmpty() && window.peekFirst().at().isBefore(from)) {
            window.removeFirst();
        }
        long rejections = window.stream().filter(Answer::rejected).count();
        if (rejections >= settings.minRejections() && rejections > settings.maxRejectionRatio() * window.size()) {
            return new Result(Activity.none(), Optional.of(new Trigger(Rule.REJECTION_RATE, rejections + " of "
                    + window.size() + " orders rejected by the broker within " + settings.rejectionWindow()
                    + " (more than " + Math.round(settings.maxRejectionRatio() * 100) + "% with at least "
                    + settings.minRejections() + ")")));
        }
        return new Result(new Activity(List.copyOf(window), 0), Optional.empty());
    }

    /** A submission got no usable answer from the broker. */
    public Result failed(Activity activity) {
        int run = activity.consecutiveFailures() + 1;
        if (run >= settings.maxConsecutiveFailures()) {
            return new Result(new Activity(activity.answers(), 0), Optional.of(new Trigger(
                    Rule.CONSECUTIVE_FAILURES, run + " consecutive execution failures")));
        }
        return new Result(new Activity(activity.answers(), run), Optional.empty());
    }

    /** risk-stream rejected a signal as a duplicate intent. */
    public Result duplicateIntent(Activity activity, String signalId, String strategyId) {
        return new Result(activity, Optional.of(new Trigger(Rule.DUPLICATE_INTENT, "duplicate intent from strategy "
                + strategyId + " (signal " + signalId + "): its idempotency is broken")));
    }
}
