package trading.safety.router.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import trading.safety.router.domain.BrokerRecords.TokenState;
import trading.safety.v1.Severity;

class TokenStateTest {

    private static final Instant NOW = Instant.parse("2026-11-02T09:00:00Z");
    private static final Duration WARN = Duration.ofHours(48);

    @Test
    void warnsUnder48HoursUnlessTheTokenRenewsItself() {
        assertThat(TokenState.of(NOW.plus(WARN), false, NOW, WARN)).isEqualTo(TokenState.VALID);
        assertThat(TokenState.of(NOW.plus(WARN).minusMillis(1), false, NOW, WARN)).isEqualTo(TokenState.EXPIRING);
        assertThat(TokenState.of(NOW.plusSeconds(1), true, NOW, WARN)).isEqualTo(TokenState.VALID);
    }

    @Test
    void expiredAtTheExpiryInstantWhateverRenewsIt() {
        assertThat(TokenState.of(NOW, true, NOW, WARN)).isEqualTo(TokenState.EXPIRED);
        assertThat(TokenState.of(NOW.minusSeconds(1), false, NOW, WARN)).isEqualTo(TokenState.EXPIRED);
    }

    @Test
    void expiringWarnsAndExpiredIsCritical() {
        assertThat(TokenState.EXPIRING.severity()).isEqualTo(Severity.WARNING);
        assertThat(TokenState.EXPIRED.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(TokenState.EXPIRED.alertType()).isEqualTo("BROKER_TOKEN_EXPIRED");
        assertThat(TokenState.VALID.alertType()).isNull();
    }
}
