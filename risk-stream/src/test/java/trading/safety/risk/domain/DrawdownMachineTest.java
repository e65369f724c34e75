package trading.safety.risk.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import trading.safety.v1.DrawdownState;

class DrawdownMachineTest {

    private static final LocalDate MON = LocalDate.of(2026, 3, 2);
    private static final TradingCalendar CALENDAR = new TradingCalendar(ZoneId.of("America/New_York"), Set.of());
    private static final HealthCheck.Inputs HEALTHY = new HealthCheck.Inputs(true, Instant.parse("2026-03-17T14:00:00Z"),
            0, 3);

    private final DrawdownMachine machine = new DrawdownMachine(DrawdownPolicy.runbookDefaults(), CALENDAR,
            new HealthCheck(Duration.ofHours(72)));

    @Test
    void runbookScenarioOneHaltsAtNineTwentyCoolsDownTenTradingDaysRampsUpAtHalfForFiveAndReturnsToNormal() {
        DrawdownStatus status = machine.start(money("1000"));

        DrawdownMachine.Step halt = machine.onEquity(status, money("920"), MON.plusDays(1));
        assertThat(halt.status().state()).isEqualTo(DrawdownState.HALT);
        assertThat(halt.status().drawdown()).isEqualByComparingTo("0.08");
        assertThat(halt.status().cooldownEndsOn()).isEqualTo(LocalDate.of(2026, 3, 17));
        assertThat(halt.status().allowsEntries()).isFalse();
        assertThat(halt.transitions()).singleElement().satisfies(t -> {
            assertThat(t.from()).isEqualTo(DrawdownState.NORMAL);
            assertThat(t.to()).isEqualTo(DrawdownState.HALT);
            assertThat(t.reason()).contains("8%");
            assertThat(t.flatten()).isFalse();
        });

        DrawdownMachine.Step dayBefore = machine.onDay(halt.status(), LocalDate.of(2026, 3, 16), HEALTHY, at(16));
        assertThat(dayBefore.status().state()).isEqualTo(DrawdownState.HALT);
        assertThat(dayBefore.transitions()).isEmpty();

        DrawdownMachine.Step rampup = machine.onDay(dayBefore.status(), LocalDate.of(2026, 3, 17), HEALTHY, at(17));
        assertThat(rampup.status().state()).isEqualTo(DrawdownState.RAMPUP);
        assertThat(rampup.status().rampupEndsOn()).isEqualTo(LocalDate.of(2026, 3, 24));
        assertThat(rampup.status().lastHealthCheck().result().passed()).isTrue();
        assertThat(machine.sizingFactor(rampup.status())).isEqualByComparingTo("0.5");
        assertThat(rampup.status().allowsEntries()).isTrue();

        DrawdownMachine.Step stillRamping = machine.onDay(rampup.status(), LocalDate.of(2026, 3, 23), HEALTHY, at(23));
        assertThat(stillRamping.status().state()).isEqualTo(DrawdownState.RAMPUP);

        DrawdownMachine.Step normal = machine.onDay(stillRamping.status(), LocalDate.of(2026, 3, 24), HEALTHY, at(24));
        assertThat(normal.status().state()).isEqualTo(DrawdownState.NORMAL);
        assertThat(machine.sizingFactor(normal.status())).isEqualByComparingTo("1");
        assertThat(normal.transitions()).singleElement()
                .satisfies(t -> assertThat(t.to()).isEqualTo(DrawdownState.NORMAL));
    }

    @Test
    void extendsTheCooldownByFiveTradingDaysWhenAHealthCheckFailsThenResumesWhenTheyPass() {
        DrawdownStatus halted = machine.onEquity(machine.start(money("1000")), money("920"), MON.plusDays(1)).status();
        HealthCheck.Inputs reconFailed = new HealthCheck.Inputs(false, Instant.parse("2026-03-17T14:00:00Z"), 0, 3);

        DrawdownMachine.Step failed = machine.onDay(halted, LocalDate.of(2026, 3, 17), reconFailed, at(17));

        assertThat(failed.status().state()).isEqualTo(DrawdownState.HALT);
        assertThat(failed.status().cooldownEndsOn()).isEqualTo(LocalDate.of(2026, 3, 24));
        assertThat(failed.status().lastHealthCheck().result().failures()).singleElement()
                .satisfies(f -> assertThat(f).startsWith("RECONCILIATION"));
        assertThat(failed.transitions()).singleElement().satisfies(t -> assertThat(t.reason()).contains("extended"));
        assertThat(machine.onDay(failed.status(), LocalDate.of(2026, 3, 18), HEALTHY, at(18)).transitions()).isEmpty();

        DrawdownMachine.Step resumed = machine.onDay(failed.status(), LocalDate.of(2026, 3, 24),
                new HealthCheck.Inputs(true, Instant.parse("2026-03-24T14:00:00Z"), 0, 1), at(24));
        assertThat(resumed.status().state()).isEqualTo(DrawdownState.RAMPUP);
    }

    @Test
    void haltsAtExactlyEightPercentButNotJustAbove() {
        DrawdownStatus start = machine.start(money("1000"));

        assertThat(machine.onEquity(start, money("920.00000001"), MON).status().state()).isEqualTo(DrawdownState.NORMAL);
        assertThat(machine.onEquity(start, money("920"), MON).status().state()).isEqualTo(DrawdownState.HALT);
    }

    @Test
    void panicsAtExactlyTenPercentWithTwentyDaysAndAFlattenRequest() {
        DrawdownStatus start = machine.start(money("1000"));

        assertThat(machine.onEquity(start, money("900.01"), MON).status().state()).isEqualTo(DrawdownState.HALT);
        DrawdownMachine.Step panic = machine.onEquity(start, money("900"), MON);

        assertThat(panic.status().state()).isEqualTo(DrawdownState.PANIC);
        assertThat(panic.status().cooldownEndsOn()).isEqualTo(CALENDAR.plusTradingDays(MON, 20));
        assertThat(panic.transitions()).singleElement().satisfies(t -> assertThat(t.flatten()).isTrue());
    }

    @Test
    void escalatesFromHaltToPanicWhenLossesContinue() {
        DrawdownStatus halted = machine.onEquity(machine.start(money("1000")), money("930"), MON).status();
        assertThat(halted.state()).isEqualTo(DrawdownState.NORMAL);
        halted = machine.onEquity(halted, money("915"), MON).status();
        assertThat(halted.state()).isEqualTo(DrawdownState.HALT);

        DrawdownMachine.Step panic = machine.onEquity(halted, money("899"), MON.plusDays(2));

        assertThat(panic.status().state()).isEqualTo(DrawdownState.PANIC);
        assertThat(panic.status().cooldownEndsOn()).isEqualTo(CALENDAR.plusTradingDays(MON.plusDays(2), 20));
        assertThat(machine.onEquity(panic.status(), money("850"), MON.plusDays(3)).transitions()).isEmpty();
    }

    @Test
    void measuresDrawdownFromTheHighestPeakAndFromTheResumePointAfterRampup() {
        DrawdownStatus status = machine.onEquity(machine.start(money("1000")), money("1100"), MON).status();
        assertThat(status.peakEquity()).isEqualByComparingTo("1100");
        assertThat(machine.onEquity(status, money("1012"), MON).status().state()).isEqualTo(DrawdownState.HALT);

        DrawdownStatus halted = machine.onEquity(status, money("1012"), MON).status();
        DrawdownStatus rampup = machine.onDay(halted, halted.cooldownEndsOn(), HEALTHY,
                halted.cooldownEndsOn().atStartOfDay().toInstant(ZoneOffset.UTC)).status();
        assertThat(rampup.peakEquity()).isEqualByComparingTo("1012");
        assertThat(machine.onEquity(rampup, money("1000"), rampup.rampupEndsOn()).status().state())
                .isEqualTo(DrawdownState.RAMPUP);
        assertThat(machine.onEquity(rampup, money("931"), rampup.rampupEndsOn()).status().state())
                .as("a new 8% loss during ramp-up halts again").isEqualTo(DrawdownState.HALT);
    }

    @Test
    void countsOnlyTradingDaysSkippingWeekendsAndHolidays() {
        TradingCalendar withHoliday = new TradingCalendar(ZoneId.of("America/New_York"), Set.of(LocalDate.of(2026, 3, 10)));
        DrawdownMachine holidayMachine = new DrawdownMachine(DrawdownPolicy.runbookDefaults(), withHoliday,
                new HealthCheck(Duration.ofHours(72)));

        DrawdownStatus halted = holidayMachine.onEquity(holidayMachine.start(money("1000")), money("920"),
                MON.plusDays(1)).status();

        assertThat(halted.cooldownEndsOn()).isEqualTo(LocalDate.of(2026, 3, 18));
        assertThat(CALENDAR.plusTradingDays(LocalDate.of(2026, 3, 6), 1)).isEqualTo(LocalDate.of(2026, 3, 9));
        assertThat(CALENDAR.isTradingDay(LocalDate.of(2026, 3, 7))).isFalse();
    }

    @Test
    void letsAnOperatorForceAnyKnownStateWithAReason() {
        DrawdownStatus halted = machine.onEquity(machine.start(money("1000")), money("920"), MON).status();

        DrawdownMachine.Step normal = machine.override(halted, DrawdownState.NORMAL, MON.plusDays(1), "broker error");
        assertThat(normal.status().state()).isEqualTo(DrawdownState.NORMAL);
        assertThat(normal.status().peakEquity()).isEqualByComparingTo("920");
        assertThat(normal.transitions()).singleElement()
                .satisfies(t -> assertThat(t.reason()).isEqualTo("operator override: broker error"));

        DrawdownMachine.Step panic = machine.override(normal.status(), DrawdownState.PANIC, MON.plusDays(1), "manual");
        assertThat(panic.status().state()).isEqualTo(DrawdownState.PANIC);
        assertThat(panic.transitions().get(0).flatten()).isTrue();
        assertThat(machine.override(normal.status(), DrawdownState.RAMPUP, MON, "r").status().rampupEndsOn())
                .isEqualTo(CALENDAR.plusTradingDays(MON, 5));
        assertThat(machine.override(panic.status(), DrawdownState.HALT, MON, "h").status().cooldownEndsOn())
                .isEqualTo(CALENDAR.plusTradingDays(MON, 10));
        assertThatThrownBy(() -> machine.override(halted, DrawdownState.UNKNOWN, MON, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void keepsAnUnknownStateBlockedUntilAnOperatorActs() {
        DrawdownStatus unknown = new DrawdownStatus(DrawdownState.UNKNOWN, money("1000"), money("1000"),
                money("0"), null, null, null);

        assertThat(unknown.allowsEntries()).isFalse();
        assertThat(machine.sizingFactor(unknown)).isZero();
        assertThat(machine.onEquity(unknown, money("1200"), MON).status().state()).isEqualTo(DrawdownState.UNKNOWN);
        assertThat(machine.onDay(unknown, MON.plusDays(40), HEALTHY, at(24)).transitions()).isEmpty();
    }

    @Test
    void refusesAnInconsistentPolicy() {
        assertThatThrownBy(() -> new DrawdownPolicy(new BigDecimal("0.10"), new BigDecimal("0.08"), 10, 20, 5, 5,
                new BigDecimal("0.5"), true)).hasMessageContaining("panicAt");
        assertThatThrownBy(() -> new DrawdownPolicy(new BigDecimal("0.08"), new BigDecimal("0.10"), 0, 20, 5, 5,
                new BigDecimal("1.5"), true)).hasMessageContaining("cooldowns").hasMessageContaining("rampupSizing");
    }

    private static BigDecimal money(String value) {
        return new BigDecimal(value);
    }

    private static Instant at(int marchDay) {
        return LocalDate.of(2026, 3, marchDay).atTime(15, 0).toInstant(ZoneOffset.UTC);
    }
}
