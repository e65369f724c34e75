package trading.safety.recon.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import trading.safety.recon.domain.ExecutionKillRules.Activity;
import trading.safety.recon.domain.ExecutionKillRules.Result;
import trading.safety.recon.domain.ExecutionKillRules.Rule;

class ExecutionKillRulesTest {

    private static final Instant T0 = Instant.parse("2026-11-02T14:30:00Z");

    private final ExecutionKillRules rules = new ExecutionKillRules(ExecutionKillRules.Settings.defaults());

    @Test
    void fiveRejectionsOutOfNineFireAndFourOutOfFourDoNot() {
        Activity activity = Activity.none();
        for (int i = 0; i < 4; i++) {
            Result r = rules.answered(activity, T0.plusSeconds(i), true);
            assertThat(r.trigger()).as("rejection %d", i + 1).isEmpty();
            activity = r.activity();
        }
        for (int i = 0; i < 4; i++) {
            activity = rules.answered(activity, T0.plusSeconds(10 + i), false).activity();
        }

        Result fifth = rules.answered(activity, T0.plusSeconds(20), true);

        assertThat(fifth.trigger()).get().satisfies(t -> {
            assertThat(t.rule()).isEqualTo(Rule.REJECTION_RATE);
            assertThat(t.reason()).contains("5 of 9");
        });
        assertThat(fifth.activity().slices()).as("the evidence is consumed").isEmpty();
    }

    @Test
    void exactlyHalfRejectedDoesNotFire() {
        Activity activity = Activity.none();
        for (int i = 0; i < 5; i++) {
            activity = rules.answered(activity, T0.plusSeconds(i), false).activity();
        }
        Result last = null;
        for (int i = 0; i < 5; i++) {
            last = rules.answered(activity, T0.plusSeconds(10 + i), true);
            activity = last.activity();
        }

        assertThat(last.trigger()).as("5 of 10 is not more than 50%").isEmpty();
        assertThat(rules.answered(activity, T0.plusSeconds(20), true).trigger()).isPresent();
    }

    @Test
    void rejectionsLeaveTheWindowOneSliceAtATime() {
        Activity activity = Activity.none();
        for (int i = 0; i < 2; i++) {
            activity = rules.answered(activity, T0.plusSeconds(i), true).activity();
        }
        for (int i = 0; i < 2; i++) {
            activity = rules.answered(activity, T0.plusSeconds(60 + i), true).activity();
        }
        assertThat(activity.slices()).as("one slice per minute of the hour").hasSize(2);

        Result stillIn = rules.answered(activity, T0.plus(Duration.ofHours(1)).plusSeconds(59), false);
        Result firstSliceOut = rules.answered(activity, T0.plus(Duration.ofHours(1)).plusSeconds(60), true);

        assertThat(stillIn.activity().rejections()).as("the first slice ends within the hour before").isEqualTo(4);
        assertThat(firstSliceOut.trigger()).isEmpty();
        assertThat(firstSliceOut.activity().rejections()).isEqualTo(3);
        assertThat(firstSliceOut.activity().answers()).isEqualTo(3);
    }

    @Test
    void theWindowStaysSmallAtAHighOrderRate() {
        Activity activity = Activity.none();
        for (int i = 0; i < 36_000; i++) {
            activity = rules.answered(activity, T0.plusMillis(i * 200L), i % 10 == 0).activity();
        }

        assertThat(activity.slices()).hasSizeLessThanOrEqualTo(ExecutionKillRules.SLICES + 1);
        assertThat(activity.answers()).as("the last hour and one slice, five answers a second").isEqualTo(18_300);
        assertThat(activity.rejections()).isEqualTo(1_830);
    }

    @Test
    void threeFailuresInARowFireAndAnAnswerBreaksTheRun() {
        Activity activity = rules.failed(rules.failed(Activity.none()).activity()).activity();
        activity = rules.answered(activity, T0, false).activity();
        activity = rules.failed(rules.failed(activity).activity()).activity();

        Result third = rules.failed(activity);

        assertThat(activity.consecutiveFailures()).isEqualTo(2);
        assertThat(third.trigger()).get().extracting(ExecutionKillRules.Trigger::rule)
                .isEqualTo(Rule.CONSECUTIVE_FAILURES);
        assertThat(third.activity().consecutiveFailures()).isZero();
        assertThat(Rule.CONSECUTIVE_FAILURES.critical()).isTrue();
        assertThat(Rule.REJECTION_RATE.critical()).as("the runbook's WARNING").isFalse();
    }

    @Test
    void anyDuplicateIntentFires() {
        assertThat(rules.duplicateIntent(Activity.none(), "sig-7", "momentum").trigger()).get().satisfies(t -> {
            assertThat(t.rule()).isEqualTo(Rule.DUPLICATE_INTENT);
            assertThat(t.reason()).contains("momentum", "sig-7");
        });
    }
}
