package trading.safety.console.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.StandardEnvironment;
import trading.safety.contract.registry.InMemorySchemaRegistry;

/** The refusals that need no broker: a bad range, and a second replay while one runs. */
class AuditReplayGuardTest {

    private static final Instant FROM = Instant.parse("2026-03-02T14:30:00Z");

    /** A replay against a port nobody listens on: it runs until its read timeout. */
    private final AuditReplay replay = new AuditReplay(
            Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1"), new InMemorySchemaRegistry(),
            RiskSettingsLoader.settings(new StandardEnvironment()),
            new ReplayLimits(10, 10, Duration.ofSeconds(3), 1));

    @Test
    void refusesARangeThatEndsBeforeItStarts() {
        assertThatThrownBy(() -> replay.replay(FROM, FROM.minusMillis(1)))
                .isInstanceOf(InvalidReplayRangeException.class)
                .hasMessageContaining("is after");
        assertThatThrownBy(() -> replay.replay(null, FROM)).isInstanceOf(InvalidReplayRangeException.class);
        assertThat(replay.running()).isFalse();
    }

    @Test
    void refusesASecondReplayWhileOneRuns() {
        CompletableFuture<ReplayReport> first = CompletableFuture.supplyAsync(() -> replay.replay(FROM, FROM));
        await().atMost(Duration.ofSeconds(2)).until(replay::running);

        assertThatThrownBy(() -> replay.replay(FROM, FROM.plusSeconds(1)))
                .isInstanceOf(ReplayBusyException.class)
                .isInstanceOf(ReplayRefusedException.class);

        await().atMost(Duration.ofSeconds(30)).until(first::isDone);
        assertThat(first).isCompletedExceptionally();
        assertThat(replay.running()).as("a failed replay frees the slot").isFalse();
    }
}
