package trading.safety.console.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds the caller of an {@code Authorization: Bearer ...} header among the configured tokens. Each token is
 * kept as its SHA-256 digest and compared with {@link MessageDigest#isEqual}, every known token on every call,
 * so neither the time taken nor an early exit reveals how much of a guess was right. Never logs a token.
 */
public final class TokenAuthenticator {

    private static final String BEARER = "Bearer ";
    private static final int MIN_LENGTH = 16;

    private record Known(byte[] digest, Caller caller) {
    }

    private final List<Known> known;

    /** Tokens per role; the operator name of each is the role's, in lower case ({@code admin}, ...). */
    public TokenAuthenticator(String adminToken, String operatorToken, String viewerToken) {
        this.known = List.of(known(adminToken, Role.ADMIN), known(operatorToken, Role.OPERATOR),
                known(viewerToken, Role.VIEWER));
        if (known.stream().map(k -> new String(k.digest(), StandardCharsets.ISO_8859_1)).distinct().count() < 3) {
            throw new IllegalArgumentException("each role needs its own token: two roles share one");
        }
    }

    public Optional<Caller> authenticate(String authorization) {
        byte[] presented = presented(authorization);
        if (presented == null) {
            return Optional.empty();
        }
        Caller match = null;
        for (Known k : known) {
            if (MessageDigest.isEqual(k.digest(), presented)) {
                match = k.caller();
            }
        }
        return Optional.ofNullable(match);
    }

    private static Known known(String token, Role role) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the " + role + " token is not configured");
        }
        if (token.trim().length() < MIN_LENGTH) {
            throw new IllegalArgumentException("the " + role + " token must have at least " + MIN_LENGTH
                    + " characters besides surrounding blanks");
        }
        return new Known(digest(token.trim()), new Caller(role.name().toLowerCase(Locale.ROOT), role));
    }

    private static byte[] presented(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : digest(token);
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
