package trading.safety.console.view;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The console is DOWN when its views have not been read for {@code staleAfter}: what it would show (kill
 * switch, brokers, alerts) could be out of date, and a load balancer or an operator must know that.
 */
public final class ViewsHealth implements HealthIndicator {

    private final ConsoleViews views;
    private final Clock clock;
    private final Duration staleAfter;
    private final Instant started;

    public ViewsHealth(ConsoleViews views, Clock clock, Duration staleAfter) {
        this.views = views;
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.started = clock.instant();
    }

    @Override
    public Health health() {
        Instant last = views.lastPoll();
        Instant since = last == null ? started : last;
        Duration age = Duration.between(since, clock.instant());
        Health.Builder health = age.compareTo(staleAfter) > 0 ? Health.down() : Health.up();
        return health.withDetail("lastPoll", last == null ? "not yet" : last.toString())
                .withDetail("caughtUp", views.caughtUp()).build();
    }
}
