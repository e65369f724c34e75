package trading.safety.console.replay;

import java.time.Instant;

/** The range is not a range: {@code from} is after {@code to}, or a bound is missing (a 400). */
public final class InvalidReplayRangeException extends ReplayRefusedException {

    public InvalidReplayRangeException(Instant from, Instant to) {
        super(from == null || to == null ? "a replay needs both from and to"
                : "from (" + from + ") is after to (" + to + ")");
    }
}
