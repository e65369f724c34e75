package trading.safety.console.replay;

/**
 * The inputs up to {@code to} hold more records than a replay may take (a 422): they are kept in memory and
 * re-run in one go. An earlier {@code to}, or a larger configured limit, lets it run.
 */
public final class ReplayTooLargeException extends ReplayRefusedException {

    private final long maxInputRecords;

    public ReplayTooLargeException(long maxInputRecords) {
        super("the recorded inputs up to the end of the range hold more than " + maxInputRecords
                + " records, the most a replay may read; choose an earlier end");
        this.maxInputRecords = maxInputRecords;
    }

    public long maxInputRecords() {
        return maxInputRecords;
    }
}
