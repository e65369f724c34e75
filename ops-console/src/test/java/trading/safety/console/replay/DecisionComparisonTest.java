package trading.safety.console.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static trading.safety.console.replay.Decisions.approved;
import static trading.safety.console.replay.Decisions.rejectedByKillSwitch;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import trading.safety.console.replay.Mismatch.FieldDifference;
import trading.safety.console.replay.Mismatch.Kind;
import trading.safety.contract.serde.Decimals;
import trading.safety.v1.SignalDecision;

class DecisionComparisonTest {

    @Test
    void equalDecisionsMatchOneForOne() {
        List<SignalDecision> recorded = List.of(approved("s1").build(), rejectedByKillSwitch("s2"));
        List<SignalDecision> replayed = List.of(rejectedByKillSwitch("s2"), approved("s1").build());

        DecisionComparison.Result result = DecisionComparison.compare(recorded, replayed);

        assertThat(result.checked()).isEqualTo(2);
        assertThat(result.matched()).isEqualTo(2);
        assertThat(result.mismatches()).isEmpty();
    }

    @Test
    void decimalsMatchByValueWhateverTheirScale() {
        SignalDecision recorded = approved("s1").setSizingFactor(Decimals.of("0.5")).build();
        SignalDecision replayed = approved("s1").setSizingFactor(new BigDecimal("0.50")).build();

        assertThat(DecisionComparison.compare(List.of(recorded), List.of(replayed)).mismatches()).isEmpty();
    }

    @Test
    void aChangedOutcomeIsDifferentAndNamesEachDifferingFieldAndCheck() {
        SignalDecision recorded = approved("s1").build();
        SignalDecision replayed = rejectedByKillSwitch("s1");

        DecisionComparison.Result result = DecisionComparison.compare(List.of(recorded), List.of(replayed));

        assertThat(result.checked()).isEqualTo(1);
        assertThat(result.matched()).isZero();
        Mismatch mismatch = result.mismatches().get(0);
        assertThat(mismatch.kind()).isEqualTo(Kind.DIFFERENT);
        assertThat(mismatch.signalId()).isEqualTo("s1");
        assertThat(mismatch.decisionId()).isEqualTo("decision:s1");
        assertThat(mismatch.accountId()).isEqualTo("ACC-1");
        assertThat(mismatch.strategyId()).isEqualTo("momentum");
        assertThat(mismatch.fields()).extracting(FieldDifference::field)
                .containsExactly("outcome", "primaryReason", "checks[0]");
        assertThat(mismatch.fields().get(0)).isEqualTo(new FieldDifference("outcome", "APPROVED", "REJECTED"));
        assertThat(mismatch.summary()).contains("recorded APPROVED (NONE)", "replayed REJECTED (KILL_SWITCH)");
    }

    @Test
    void aDecisionOnlyTheReplayMakesIsNotRecorded() {
        DecisionComparison.Result result = DecisionComparison.compare(List.of(), List.of(approved("s1").build()));

        assertThat(result.mismatches()).extracting(Mismatch::kind).containsExactly(Kind.NOT_RECORDED);
        assertThat(result.mismatches().get(0).fields()).isEmpty();
        assertThat(result.checked()).isEqualTo(1);
        assertThat(result.matched()).isZero();
    }

    @Test
    void aRecordedDecisionTheReplayDoesNotMakeIsNotReplayed() {
        DecisionComparison.Result result = DecisionComparison.compare(List.of(approved("s1").build(),
                approved("forged").build()), List.of(approved("s1").build()));

        assertThat(result.mismatches()).extracting(Mismatch::kind, Mismatch::signalId)
                .containsExactly(tuple(Kind.NOT_REPLAYED, "forged"));
        assertThat(result.checked()).isEqualTo(2);
        assertThat(result.matched()).isEqualTo(1);
    }

    @Test
    void aSecondRecordedDecisionForOneSignalIsADuplicateWhicheverComesFirst() {
        SignalDecision genuine = approved("s1").build();
        SignalDecision forged = rejectedByKillSwitch("s1");

        for (List<SignalDecision> recorded : List.of(List.of(genuine, forged), List.of(forged, genuine))) {
            DecisionComparison.Result result = DecisionComparison.compare(recorded, List.of(genuine));

            assertThat(result.mismatches()).hasSize(1);
            Mismatch mismatch = result.mismatches().get(0);
            assertThat(mismatch.kind()).isEqualTo(Kind.DUPLICATE_RECORDED);
            assertThat(mismatch.fields()).extracting(FieldDifference::field).contains("outcome");
            assertThat(mismatch.summary()).contains("2 decisions recorded", "REJECTED (KILL_SWITCH)");
            assertThat(result.matched()).isZero();
        }
    }

    @Test
    void twoRecordedDecisionsThatBothDifferAreOneDifferentAndOneDuplicate() {
        SignalDecision replayed = approved("s1").build();
        List<SignalDecision> recorded = List.of(rejectedByKillSwitch("s1"),
                approved("s1").setSymbol("MSFT").build());

        assertThat(DecisionComparison.compare(recorded, List.of(replayed)).mismatches()).extracting(Mismatch::kind)
                .containsExactly(Kind.DIFFERENT, Kind.DUPLICATE_RECORDED);
    }

    @Test
    void aSignalDecidedTwiceOnBothSidesMatches() {
        // A signal sent again after the replay window is decided again, live and in the replay alike.
        SignalDecision first = approved("s1").build();
        SignalDecision again = approved("s1").setDecidedAt(Decisions.AT.plusSeconds(90_000)).build();

        DecisionComparison.Result result = DecisionComparison.compare(List.of(first, again), List.of(first, again));

        assertThat(result.mismatches()).isEmpty();
        assertThat(result.matched()).isEqualTo(1);
    }
}
