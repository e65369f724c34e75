package trading.safety.console.replay;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import trading.safety.console.replay.Mismatch.FieldDifference;
import trading.safety.console.replay.Mismatch.Kind;
import trading.safety.v1.SignalDecision;

/**
 * Compares the decisions recorded for a range with the ones a re-run made, per signal: each recorded decision
 * must equal a replayed one, one for one. Values are compared field by field through the Avro schema (the
 * generated {@code equals} cannot compare checks with optional decimals), so a decision written with an older
 * compatible schema still matches. Pure.
 */
final class DecisionComparison {

    private static final List<Schema.Field> FIELDS = SignalDecision.getClassSchema().getFields();

    /**
     * @param checked signals with a decision on either side
     * @param matched signals without a mismatch
     * @param mismatches every mismatch, per signal in the order signals first appear (recorded side first)
     */
    record Result(long checked, long matched, List<Mismatch> mismatches) {
    }

    private DecisionComparison() {
    }

    /** Both lists hold only decisions within the range, each in the order it was written. */
    static Result compare(List<SignalDecision> recorded, List<SignalDecision> replayed) {
        Map<String, Sides> bySignal = new LinkedHashMap<>();
        for (SignalDecision decision : recorded) {
            bySignal.computeIfAbsent(decision.getSignalId(), id -> new Sides()).recorded.add(decision);
        }
        for (SignalDecision decision : replayed) {
            bySignal.computeIfAbsent(decision.getSignalId(), id -> new Sides()).replayed.add(decision);
        }
        List<Mismatch> mismatches = new ArrayList<>();
        long matched = 0;
        for (Sides sides : bySignal.values()) {
            int before = mismatches.size();
            compareOneSignal(sides, mismatches);
            if (mismatches.size() == before) {
                matched++;
            }
        }
        return new Result(bySignal.size(), matched, mismatches);
    }

    /** The fields in which two decisions differ; a list field is compared element by element. */
    static List<FieldDifference> differences(SignalDecision recorded, SignalDecision replayed) {
        List<FieldDifference> differences = new ArrayList<>();
        for (Schema.Field field : FIELDS) {
            Object a = recorded.get(field.pos());
            Object b = replayed.get(field.pos());
            if (a instanceof List<?> as && b instanceof List<?> bs && as.size() == bs.size()) {
                for (int i = 0; i < as.size(); i++) {
                    if (!same(as.get(i), bs.get(i))) {
                        differences.add(difference(field.name() + "[" + i + "]", as.get(i), bs.get(i)));
                    }
                }
            } else if (!same(a, b)) {
                differences.add(difference(field.name(), a, b));
            }
        }
        return differences;
    }

    private static void compareOneSignal(Sides sides, List<Mismatch> mismatches) {
        List<SignalDecision> unmatchedRecorded = new ArrayList<>(sides.recorded);
        List<SignalDecision> unmatchedReplayed = new ArrayList<>();
        for (SignalDecision replayed : sides.replayed) {
            int equal = indexOfSame(unmatchedRecorded, replayed);
            if (equal >= 0) {
                unmatchedRecorded.remove(equal);
            } else {
                unmatchedReplayed.add(replayed);
            }
        }
        int paired = Math.min(unmatchedRecorded.size(), unmatchedReplayed.size());
        for (int i = 0; i < paired; i++) {
            SignalDecision recorded = unmatchedRecorded.get(i);
            SignalDecision replayed = unmatchedReplayed.get(i);
            List<FieldDifference> fields = differences(recorded, replayed);
            mismatches.add(mismatch(Kind.DIFFERENT, recorded, fields, "recorded " + verdict(recorded) + ", replayed "
                    + verdict(replayed) + "; differs in " + String.join(", ", fields.stream()
                            .map(FieldDifference::field).toList())));
        }
        for (SignalDecision extra : unmatchedRecorded.subList(paired, unmatchedRecorded.size())) {
            if (sides.replayed.isEmpty()) {
                mismatches.add(mismatch(Kind.NOT_REPLAYED, extra, List.of(), "recorded " + verdict(extra)
                        + " at " + extra.getDecidedAt() + "; the replay makes no decision for this signal"));
            } else {
                SignalDecision replayed = sides.replayed.get(0);
                mismatches.add(mismatch(Kind.DUPLICATE_RECORDED, extra, differences(extra, replayed),
                        sides.recorded.size() + " decisions recorded, the replay makes " + sides.replayed.size()
                                + "; this extra one says " + verdict(extra) + " at " + extra.getDecidedAt()));
            }
        }
        for (SignalDecision missing : unmatchedReplayed.subList(paired, unmatchedReplayed.size())) {
            mismatches.add(mismatch(Kind.NOT_RECORDED, missing, List.of(), "no decision recorded; the replay decides "
                    + verdict(missing) + " at " + missing.getDecidedAt()));
        }
    }

    private static int indexOfSame(List<SignalDecision> candidates, SignalDecision decision) {
        for (int i = 0; i < candidates.size(); i++) {
            if (same(candidates.get(i), decision)) {
                return i;
            }
        }
        return -1;
    }

    /** Structural equality through the schema; decimals by value. */
    private static boolean same(Object a, Object b) {
        if (a instanceof IndexedRecord ra && b instanceof IndexedRecord rb) {
            if (!ra.getSchema().getFullName().equals(rb.getSchema().getFullName())) {
                return false;
            }
            for (Schema.Field field : ra.getSchema().getFields()) {
                if (!same(ra.get(field.pos()), rb.get(field.pos()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> as && b instanceof List<?> bs) {
            if (as.size() != bs.size()) {
                return false;
            }
            for (int i = 0; i < as.size(); i++) {
                if (!same(as.get(i), bs.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof BigDecimal da && b instanceof BigDecimal db) {
            return da.compareTo(db) == 0;
        }
        return Objects.equals(a, b);
    }

    private static FieldDifference difference(String field, Object recorded, Object replayed) {
        return new FieldDifference(field, recorded == null ? null : recorded.toString(),
                replayed == null ? null : replayed.toString());
    }

    private static Mismatch mismatch(Kind kind, SignalDecision about, List<FieldDifference> fields, String summary) {
        return new Mismatch(kind, about.getSignalId(), about.getDecisionId(), about.getAccountId(),
                about.getStrategyId(), fields, summary);
    }

    private static String verdict(SignalDecision decision) {
        return decision.getOutcome() + " (" + decision.getPrimaryReason() + ")";
    }

    /** One signal's decisions on each side. */
    private static final class Sides {
        private final List<SignalDecision> recorded = new ArrayList<>();
        private final List<SignalDecision> replayed = new ArrayList<>();
    }
}
