package trading.safety.router.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A broker's OAuth access token and when it expires, renewed with the refresh token (when the broker issued
 * one) once expiry is less than {@code refreshAhead} away. A failed renewal keeps the current token and is
 * tried again after {@code retryAfter}, so a broker's token endpoint is not hammered. Renewed grants are
 * written to {@code store} (owner-only permissions) when one is configured, and read back at start when they
 * are newer than the configured one, so a restart does not fall back to a token already replaced.
 *
 * <p>Thread-safe: the routing thread renews, any thread reads.
 */
public final class OAuthToken {

    private static final Logger log = LoggerFactory.getLogger(OAuthToken.class);

    /** What a token endpoint grants. {@code refreshToken} null: renewal by hand only. */
    public record Grant(String accessToken, String refreshToken, Instant expiresAt) {

        public Grant {
            Objects.requireNonNull(accessToken, "accessToken");
            Objects.requireNonNull(expiresAt, "expiresAt");
        }

        @Override
        public String toString() {
            return "Grant[accessToken=***, refreshToken=" + (refreshToken == null ? "none" : "***") + ", expiresAt="
                    + expiresAt + "]";
        }
    }

    /** A broker's token endpoint: exchanges a refresh token for a new grant. */
    public interface Refresher {
        Grant refresh(String refreshToken) throws BrokerException;
    }

    private final String brokerId;
    private final Refresher refresher;
    private final Duration refreshAhead;
    private final Duration retryAfter;
    private final Path store;
    private final Clock clock;
    private volatile Grant grant;
    private Instant nextAttempt = Instant.EPOCH;
    private volatile boolean lastRenewalFailed;

    public OAuthToken(String brokerId, Grant configured, Refresher refresher, Duration refreshAhead,
            Duration retryAfter, Path store, Clock clock) {
        this.brokerId = brokerId;
        this.refresher = refresher;
        this.refreshAhead = refreshAhead;
        this.retryAfter = retryAfter;
        this.store = store;
        this.clock = clock;
        this.grant = stored().filter(s -> s.expiresAt().isAfter(configured.expiresAt())).orElse(configured);
    }

    public String accessToken() {
        return grant.accessToken();
    }

    public Instant expiresAt() {
        return grant.expiresAt();
    }

    /** True while this token is renewed without anyone's help: it has a refresh token, and renewal has not failed. */
    public boolean renewsItself() {
        return grant.refreshToken() != null && !lastRenewalFailed;
    }

    public boolean expired() {
        return !clock.instant().isBefore(grant.expiresAt());
    }

    /**
     * Renews the grant when it expires within {@code refreshAhead}, it has a refresh token, and no failed
     * attempt is waiting out its retry delay. Answers true when a new grant is in force.
     */
    public synchronized boolean refreshIfDue() throws BrokerException {
        Grant current = grant;
        Instant now = clock.instant();
        if (current.refreshToken() == null || now.isBefore(current.expiresAt().minus(refreshAhead))
                || now.isBefore(nextAttempt)) {
            return false;
        }
        Grant renewed;
        try {
            renewed = refresher.refresh(current.refreshToken());
        } catch (BrokerException e) {
            nextAttempt = now.plus(retryAfter);
            lastRenewalFailed = true;
            throw e;
        }
        if (renewed.refreshToken() == null) {
            // Brokers that do not rotate refresh tokens answer without one: the old one stays valid.
            renewed = new Grant(renewed.accessToken(), current.refreshToken(), renewed.expiresAt());
        }
        grant = renewed;
        lastRenewalFailed = false;
        log.info("{} token refreshed; it now expires at {}", brokerId, renewed.expiresAt());
        save(renewed);
        return true;
    }

    private Optional<Grant> stored() {
        if (store == null || !Files.exists(store)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JsonHttp.JSON.readTree(Files.readAllBytes(store));
            return Optional.of(new Grant(JsonFields.text(n, "accessToken"), JsonFields.optionalText(n, "refreshToken"),
                    Instant.parse(JsonFields.text(n, "expiresAt"))));
        } catch (IOException | RuntimeException e) {
            log.warn("{} token store {} cannot be read ({}); using the configured token", brokerId, store,
                    e.getMessage());
            return Optional.empty();
        }
    }

    private void save(Grant g) {
        if (store == null) {
            return;
        }
        ObjectNode n = JsonHttp.JSON.createObjectNode();
        n.put("accessToken", g.accessToken());
        n.put("refreshToken", g.refreshToken());
        n.put("expiresAt", g.expiresAt().toString());
        try {
            Path directory = store.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            Path temp = Files.createTempFile(directory, store.getFileName().toString(), ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // the directory's own protection applies
            }
            Files.write(temp, n.toString().getBytes(StandardCharsets.UTF_8));
            try {
                Files.move(temp, store, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, store, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            log.error("{} token refreshed but not saved to {} ({}): a restart uses the configured token", brokerId,
                    store, e.getMessage());
        }
    }
}
