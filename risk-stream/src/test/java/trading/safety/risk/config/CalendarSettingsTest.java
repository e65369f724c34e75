package trading.safety.risk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import trading.safety.risk.domain.TradingCalendar;

class CalendarSettingsTest {

    private static final LocalDate SATURDAY = LocalDate.of(2026, 3, 7);
    private static final LocalDate FRIDAY = LocalDate.of(2026, 3, 6);

    @Test
    void withoutAWeekendSettingSaturdayAndSundayAreClosed() {
        TradingCalendar calendar = bind(Map.of("zone", "America/New_York", "holidays", "2026-03-06")).toCalendar();

        assertThat(calendar.isTradingDay(SATURDAY)).isFalse();
        assertThat(calendar.isTradingDay(SATURDAY.plusDays(1))).isFalse();
        assertThat(calendar.isTradingDay(FRIDAY)).as("a holiday").isFalse();
        assertThat(calendar.plusTradingDays(FRIDAY, 1)).isEqualTo(LocalDate.of(2026, 3, 9));
    }

    @Test
    void anEmptyWeekendAndNoHolidaysMakeEveryDayATradingDay() {
        TradingCalendar calendar = bind(Map.of("zone", "+05:17:30", "holidays", "", "weekend", "")).toCalendar();

        assertThat(calendar.isTradingDay(SATURDAY)).isTrue();
        assertThat(calendar.plusTradingDays(FRIDAY, 2)).isEqualTo(SATURDAY.plusDays(1));
    }

    @Test
    void aConfiguredWeekendReplacesSaturdayAndSunday() {
        TradingCalendar calendar = bind(Map.of("zone", "Asia/Riyadh", "weekend", "friday, SATURDAY")).toCalendar();

        assertThat(calendar.isTradingDay(SATURDAY.plusDays(1))).as(DayOfWeek.SUNDAY.name()).isTrue();
        assertThat(calendar.isTradingDay(FRIDAY)).isFalse();
        assertThat(calendar.isTradingDay(SATURDAY)).isFalse();
    }

    @Test
    void namesEveryBadCalendarField() {
        RiskProperties.Calendar bad = bind(Map.of("zone", "Nowhere/City", "holidays", "2026-13-01",
                "weekend", "FUNDAY"));

        assertThatThrownBy(bad::toCalendar).hasMessageContaining("calendar.zone")
                .hasMessageContaining("calendar.holidays: '2026-13-01'").hasMessageContaining("calendar.weekend: 'FUNDAY'");
    }

    private static RiskProperties.Calendar bind(Map<String, String> settings) {
        Map<String, String> prefixed = new java.util.HashMap<>();
        settings.forEach((k, v) -> prefixed.put("safety.risk.calendar." + k, v));
        return new Binder(new MapConfigurationPropertySource(prefixed))
                .bind("safety.risk.calendar", Bindable.of(RiskProperties.Calendar.class)).get();
    }
}
