package trading.safety.console.replay;

import java.time.Instant;
import java.util.List;

/**
 * What an audit replay found over {@code [from, to]}: how much it read and decided, and every decision that
 * differs between the record and the re-run (up to the configured number; {@code mismatchCount} counts them
 * all). Plain values, serializable as JSON as they are.
 *
 * @param inputRecords input records the topology re-read (history before {@code from} included)
 * @param inputRecordsLeftOut input records not fed to it: later than {@code to}, or control records the
 *     topology writes itself
 * @param unreadableInputs input records the topology dead-lettered, as the service did
 * @param recordedDecisions readable decisions on the decisions topic whose {@code decidedAt} is within the range
 *     (an unreadable record there is a mismatch of its own)
 * @param replayedDecisions decisions the re-run made within the range
 * @param checked signals with a recorded or a replayed decision within the range
 * @param matched signals whose recorded decisions equal their replayed ones, one for one
 * @param mismatchCount every mismatch found, whether listed or not
 * @param decisionsPerSecond signals checked per second of the whole replay, reading included
 */
public record ReplayReport(Instant from, Instant to, long inputRecords, long inputRecordsLeftOut,
        long unreadableInputs, long recordedDecisions, long replayedDecisions, long checked, long matched,
        long mismatchCount, List<Mismatch> mismatches, long elapsedMs, double decisionsPerSecond) {

    public ReplayReport {
        mismatches = List.copyOf(mismatches);
    }

    /** True when every recorded decision in the range was reproduced exactly and nothing else was decided. */
    public boolean consistent() {
        return mismatchCount == 0;
    }
}
