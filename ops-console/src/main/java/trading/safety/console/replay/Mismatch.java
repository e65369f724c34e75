package trading.safety.console.replay;

import java.util.List;

/**
 * One way the record and the re-run disagree about a signal's decision.
 *
 * @param kind what disagrees
 * @param fields the fields that differ, recorded against replayed (empty when one side has no decision)
 * @param summary one line for a person
 */
public record Mismatch(Kind kind, String signalId, String decisionId, String accountId, String strategyId,
        List<FieldDifference> fields, String summary) {

    public Mismatch {
        fields = List.copyOf(fields);
    }

    /** The kinds of disagreement. */
    public enum Kind {
        /** The recorded decision and the replayed one differ in the named fields. */
        DIFFERENT,
        /** The re-run decided a signal for which no decision was recorded (a decision went missing). */
        NOT_RECORDED,
        /** A decision was recorded that the re-run does not make (a forged or misplaced record). */
        NOT_REPLAYED,
        /** More decisions were recorded for a signal than the re-run makes; this one is the extra. */
        DUPLICATE_RECORDED,
        /** A record on the decisions topic within the range cannot be read at all. */
        UNREADABLE_RECORDED
    }

    /** A field that differs, with both values as text ({@code null} when absent). */
    public record FieldDifference(String field, String recorded, String replayed) {
    }
}
