package trading.safety.risk.domain;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which days an exchange trades: days outside its weekend that are not configured holidays, in the
 * exchange's time zone. Cooldowns and ramp-ups count these days, never calendar days.
 */
public final class TradingCalendar {

    /** Saturday and Sunday, the weekend of most exchanges. */
    public static final Set<DayOfWeek> SATURDAY_SUNDAY = Set.copyOf(EnumSet.of(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY));

    private final ZoneId zone;
    private final Set<LocalDate> holidays;
    private final Set<DayOfWeek> weekend;

    public TradingCalendar(ZoneId zone, Set<LocalDate> holidays) {
        this(zone, holidays, SATURDAY_SUNDAY);
    }

    /** A calendar whose weekly closed days are {@code weekend} (empty: the exchange trades every day). */
    public TradingCalendar(ZoneId zone, Set<LocalDate> holidays, Set<DayOfWeek> weekend) {
        this.zone = zone;
        this.holidays = Set.copyOf(holidays);
        this.weekend = Set.copyOf(weekend);
    }

    public boolean isTradingDay(LocalDate day) {
        return !weekend.contains(day.getDayOfWeek()) && !holidays.contains(day);
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
