package trading.safety.router.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import trading.safety.service.testing.SettableClock;

class OAuthTokenTest {

    private static final Instant START = Instant.parse("2026-11-02T09:00:00Z");

    private final SettableClock clock = new SettableClock(START);
    private final List<String> refreshedWith = new ArrayList<>();
    private int renewals;

    @TempDir
    Path dir;

    private OAuthToken.Grant renew(String refreshToken) {
        refreshedWith.add(refreshToken);
        renewals++;
        return new OAuthToken.Grant("access-" + renewals, "refresh-" + renewals, clock.instant().plus(Duration.ofHours(24)));
    }

    @Test
    void renewsWithTheRefreshTokenOnlyOnceExpiryIsWithinTheLeadTime() throws Exception {
        OAuthToken token = new OAuthToken("tradier", new OAuthToken.Grant("access-0", "refresh-0",
                START.plus(Duration.ofHours(3))), this::renew, Duration.ofHours(1), Duration.ofMinutes(1), null, clock);

        assertThat(token.refreshIfDue()).isFalse();
        clock.advance(Duration.ofMinutes(119));
        assertThat(token.refreshIfDue()).isFalse();
        clock.advance(Duration.ofMinutes(1));
        assertThat(token.refreshIfDue()).isTrue();

        assertThat(refreshedWith).containsExactly("refresh-0");
        assertThat(token.accessToken()).isEqualTo("access-1");
        assertThat(token.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofHours(24)));
        assertThat(token.refreshIfDue()).isFalse();
    }

    @Test
    void withoutARefreshTokenItExpires() throws Exception {
        OAuthToken token = new OAuthToken("tradier", new OAuthToken.Grant("access-0", null, START.plusSeconds(60)),
                this::renew, Duration.ofHours(1), Duration.ofMinutes(1), null, clock);

        assertThat(token.refreshIfDue()).isFalse();
        assertThat(token.expired()).isFalse();
        clock.advance(Duration.ofSeconds(60));
        assertThat(token.expired()).isTrue();
        assertThat(refreshedWith).isEmpty();
    }

    @Test
    void aFailedRenewalKeepsTheTokenAndWaitsBeforeTheNextAttempt() throws Exception {
        int[] attempts = {0};
        OAuthToken token = new OAuthToken("tradier", new OAuthToken.Grant("access-0", "refresh-0",
                START.plusSeconds(600)), refreshToken -> {
                    attempts[0]++;
                    throw new BrokerException("tradier answered 500", false, null);
                }, Duration.ofHours(1), Duration.ofMinutes(1), null, clock);

        assertThatThrownBy(token::refreshIfDue).isInstanceOf(BrokerException.class);
        clock.advance(Duration.ofSeconds(59));
        assertThat(token.refreshIfDue()).isFalse();
        assertThat(attempts[0]).isEqualTo(1);
        clock.advance(Duration.ofSeconds(1));
        assertThatThrownBy(token::refreshIfDue).isInstanceOf(BrokerException.class);
        assertThat(attempts[0]).isEqualTo(2);
        assertThat(token.accessToken()).isEqualTo("access-0");
    }

    @Test
    void aRenewedGrantIsStoredOwnerOnlyAndPreferredAtTheNextStart() throws Exception {
        Path store = dir.resolve("tokens/tradier.json");
        OAuthToken.Grant configured = new OAuthToken.Grant("access-0", "refresh-0", START.plusSeconds(60));
        OAuthToken first = new OAuthToken("tradier", configured, this::renew, Duration.ofHours(1),
                Duration.ofMinutes(1), store, clock);
        first.refreshIfDue();

        OAuthToken restarted = new OAuthToken("tradier", configured, this::renew, Duration.ofHours(1),
                Duration.ofMinutes(1), store, clock);

        assertThat(restarted.accessToken()).isEqualTo("access-1");
        assertThat(restarted.expiresAt()).isEqualTo(first.expiresAt());
        assertThat(Files.getPosixFilePermissions(store)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.readString(store)).doesNotContain("access-0");
    }

    @Test
    void aRenewalWithoutANewRefreshTokenKeepsTheOldOne() throws Exception {
        OAuthToken token = new OAuthToken("tradier", new OAuthToken.Grant("access-0", "refresh-0",
                START.plusSeconds(60)), refreshToken -> {
                    refreshedWith.add(refreshToken);
                    return new OAuthToken.Grant("access-" + refreshedWith.size(), null,
                            clock.instant().plus(Duration.ofHours(24)));
                }, Duration.ofHours(1), Duration.ofMinutes(1), null, clock);

        token.refreshIfDue();
        clock.advance(Duration.ofHours(23));
        token.refreshIfDue();

        assertThat(refreshedWith).containsExactly("refresh-0", "refresh-0");
        assertThat(token.accessToken()).isEqualTo("access-2");
    }

    @Test
    void grantsNeverPrintTheirTokens() {
        assertThat(new OAuthToken.Grant("secret-access", "secret-refresh", START).toString())
                .doesNotContain("secret").contains("expiresAt=" + START);
    }
}
