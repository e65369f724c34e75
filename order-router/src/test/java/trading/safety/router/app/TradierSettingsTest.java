package trading.safety.router.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import trading.safety.router.config.RouterProperties;

class TradierSettingsTest {

    private static final Instant EXPIRES = Instant.parse("2026-11-03T09:00:00Z");

    @Test
    void aRefreshTokenNeedsTheApplicationsCredentialsAndTheErrorNamesTheSettingNotTheSecret() {
        assertThatThrownBy(() -> OrderRouterApplication.tradier(settings("access-secret", EXPIRES, "refresh-secret",
                null), Clock.systemUTC()))
                .hasMessageContaining("safety.router.tradier.client-id")
                .hasMessageNotContaining("refresh-secret").hasMessageNotContaining("access-secret");
    }

    @Test
    void anAccessTokenAndItsExpiryAreRequired() {
        assertThatThrownBy(() -> OrderRouterApplication.tradier(settings(" ", EXPIRES, null, null),
                Clock.systemUTC())).hasMessageContaining("safety.router.tradier.access-token");
        assertThatThrownBy(() -> OrderRouterApplication.tradier(settings("access", null, null, null),
                Clock.systemUTC())).hasMessageContaining("safety.router.tradier.token-expires-at");
    }

    @Test
    void withoutARefreshTokenTheTokenDoesNotRenewItself() {
        var tradier = OrderRouterApplication.tradier(settings("access", EXPIRES, null, null), Clock.systemUTC());

        assertThat(tradier.tokenExpiresAt()).contains(EXPIRES);
        assertThat(tradier.tokenRenewsItself()).isFalse();
        assertThat(OrderRouterApplication.tradier(settings("access", EXPIRES, "refresh", "client"),
                Clock.systemUTC()).tokenRenewsItself()).isTrue();
    }

    @Test
    void printsNoSecret() {
        assertThat(settings("access-secret", EXPIRES, "refresh-secret", "client").toString())
                .doesNotContain("access-secret", "refresh-secret", "client-secret");
    }

    private static RouterProperties.Tradier settings(String accessToken, Instant expiresAt, String refreshToken,
            String client) {
        return new RouterProperties.Tradier(URI.create("http://127.0.0.1:1/"), List.of("VA-1"), accessToken,
                expiresAt, refreshToken, client, client == null ? null : "client-secret", null, Duration.ofHours(1),
                Duration.ofSeconds(1));
    }
}
