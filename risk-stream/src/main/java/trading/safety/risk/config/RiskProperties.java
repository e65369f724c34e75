package trading.safety.risk.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;
import trading.safety.risk.domain.DataQualityGate;
import trading.safety.risk.domain.DrawdownPolicy;
import trading.safety.risk.domain.RiskLimits;
import trading.safety.risk.domain.TradingCalendar;

/**
 * risk-stream's settings: Kafka Streams, and every threshold of the pre-trade controls (the runbooks'
 * defaults are in {@code risk-stream.yml}). The domain's own records bind directly, so their
 * constructors' checks apply to configuration too.
 *
 * @param applicationId the Streams application id (consumer group and internal topic prefix)
 * @param stateDir where RocksDB keeps the stores
 * @param processingGuarantee exactly_once_v2 in production; at_least_once only for experiments
 * @param commitInterval how often transactions commit: the floor of decision latency under exactly-once
 * @param streamThreads stream threads in this instance (tasks, one per input partition, are spread over them)
 * @param producerLinger how long the Streams producer lets a batch fill (Kafka Streams' own default is 100 ms);
 *     under exactly-once what is still lingering is flushed at every commit, so a short linger spreads the
 *     sending over the commit interval instead of bunching it into the commit
 * @param replayWindow how long a decided signalId is remembered so that a replay of it is absorbed
 * @param calendar the exchange calendar cooldowns and ramp-ups count in
 */
@Validated
@ConfigurationProperties("safety.risk")
public record RiskProperties(@NotBlank String applicationId, @NotBlank String stateDir,
        @NotNull @Pattern(regexp = "exactly_once_v2|at_least_once") String processingGuarantee,
        @NotNull Duration commitInterval, @Min(1) int streamThreads, @NotNull Duration producerLinger,
        @NotNull Duration replayWindow, @NotNull @Valid Calendar calendar,
        @NotNull DrawdownPolicy drawdown, @NotNull RiskLimits limits, @NotNull DataQualityGate dataQuality) {

    /**
     * @param zone the exchange's time zone, which decides a record's trading date
     * @param holidays ISO dates on which the exchange is closed
     * @param weekend the days of the week it never trades ({@code SATURDAY,SUNDAY} when unset; empty: none)
     */
    public record Calendar(@NotBlank String zone, List<String> holidays, List<String> weekend) {

        public TradingCalendar toCalendar() {
            List<String> problems = new ArrayList<>();
            ZoneId zoneId = null;
            try {
                zoneId = ZoneId.of(zone);
            } catch (DateTimeException e) {
                problems.add("safety.risk.calendar.zone: '" + zone + "' is not a time zone");
            }
            Set<LocalDate> days = new HashSet<>();
            for (String holiday : holidays == null ? List.<String>of() : holidays) {
                if (holiday.isBlank()) {
                    continue;
                }
                try {
                    days.add(LocalDate.parse(holiday.trim()));
                } catch (DateTimeException e) {
                    problems.add("safety.risk.calendar.holidays: '" + holiday + "' is not an ISO date");
                }
            }
            Set<DayOfWeek> closed = weekend == null ? TradingCalendar.SATURDAY_SUNDAY : new HashSet<>();
            for (String day : weekend == null ? List.<String>of() : weekend) {
                if (day.isBlank()) {
                    continue;
                }
                try {
                    closed.add(DayOfWeek.valueOf(day.trim().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    problems.add("safety.risk.calendar.weekend: '" + day + "' is not a day of the week");
                }
            }
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return new TradingCalendar(zoneId, days, closed);
        }
    }
}
