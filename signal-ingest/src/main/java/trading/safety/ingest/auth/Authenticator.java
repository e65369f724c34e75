package trading.safety.ingest.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Optional;
import trading.safety.ingest.config.IngestProperties.StrategyKey;

/**
 * Who is calling, from the {@code Authorization: Bearer ...} header. Secrets are compared as SHA-256
 * digests with {@link MessageDigest#isEqual}, and every configured key is compared on every call, so
 * the time taken does not reveal how much of a guess was right. Never logs a secret.
 */
public final class Authenticator {

    private static final String BEARER = "Bearer ";

    private record Known(byte[] digest, StrategyKey key) {
    }

    private final List<Known> strategies;
    private final List<byte[]> operatorDigests;

    public Authenticator(List<StrategyKey> strategyKeys, List<String> operatorTokens) {
        this.strategies = strategyKeys.stream().map(k -> new Known(digest(k.key()), k)).toList();
        this.operatorDigests = operatorTokens.stream().filter(t -> t != null && !t.isBlank())
                .map(Authenticator::digest).toList();
    }

    /** The strategy a bearer key belongs to; empty when the header is missing or the key unknown. */
    public Optional<StrategyKey> strategy(String authorization) {
        byte[] presented = presented(authorization);
        if (presented == null) {
            return Optional.empty();
        }
        StrategyKey match = null;
        for (Known known : strategies) {
            if (MessageDigest.isEqual(known.digest(), presented)) {
                match = known.key();
            }
        }
        return Optional.ofNullable(match);
    }

    /** True when the bearer token is an operator's (or an admin's, which outranks it). */
    public boolean isOperator(String authorization) {
        byte[] presented = presented(authorization);
        boolean match = false;
        for (byte[] digest : operatorDigests) {
            match |= presented != null && MessageDigest.isEqual(digest, presented);
        }
        return match;
    }

    private static byte[] presented(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return digest(authorization.substring(BEARER.length()).trim());
    }

    private static byte[] digest(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
