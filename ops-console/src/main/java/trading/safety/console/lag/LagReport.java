package trading.safety.console.lag;

import java.time.Instant;
import java.util.List;

/**
 * Consumer lag per group as of the last successful check ({@code checkedAt}, null before the first). When
 * the latest check failed the groups are those of the last successful one, {@code stale} is true and
 * {@code error} says why; otherwise {@code error} is null.
 */
public record LagReport(Instant checkedAt, boolean stale, String error, List<GroupLag> groups) {

    public LagReport {
        groups = List.copyOf(groups);
    }

    /** The report before any check has succeeded. */
    public static LagReport notChecked() {
        return new LagReport(null, true, "no lag check has completed yet", List.of());
    }

    /** This report's groups, marked stale because a later check failed with {@code error}. */
    public LagReport staleBecause(String error) {
        return new LagReport(checkedAt, true, error, groups);
    }
}
