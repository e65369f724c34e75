package trading.safety.risk.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;

/**
 * Which days an exchange trades: weekdays that are not configured holidays, in the exchange's time
 * zone. Cooldowns and ramp-ups count these days, never calendar days.
 */
public final class TradingCalendar {

    private final ZoneId zone;
    private final Set<LocalDate> holidays;

    public TradingCalendar(ZoneId zone, Set<LocalDate> holidays) {
        this.zone = zone;
        this.holidays = Set.copyOf(holidays);
    }

    public boolean isTradingDay(LocalDate day) {
        DayOfWeek weekday = day.getDayOfWeek();
        return weekday != DayOfWeek.SATURDAY && weekday != DayOfWeek.SUNDAY && !holidays.contains(day);
    }

    /** The exchange's calendar date at {@code instant}. */
    public LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, zone);
    }

    /** The {@code count}-th trading day after {@code day} ({@code count} >= 0; 0 gives {@code day} itself). */
    public LocalDate plusTradingDays(LocalDate day, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more: " + count);
        }
        LocalDate result = day;
        for (int remaining = count; remaining > 0; ) {
            result = result.plusDays(1);
            if (isTradingDay(result)) {
                remaining--;
            }
        }
        return result;
    }
}
