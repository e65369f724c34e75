package trading.safety.risk.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.UUID;

/**
 * Order intent ids, derived from the signal id alone (a name-based UUID), so a signal replayed, re-decided
 * after a crash or re-run in an audit always names the same intent, and a broker that enforces unique
 * client order ids refuses a second order for it.
 */
public final class IntentIds {

    private IntentIds() {
    }

    /** One digest per thread: looking the algorithm up for every signal costs more than hashing. */
    private static final ThreadLocal<MessageDigest> MD5 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has MD5", e);
        }
    });

    /** The same id as {@code UUID.nameUUIDFromBytes("intent:" + signalId)} (a version 3 UUID). */
    public static String forSignal(String signalId) {
        byte[] hash = MD5.get().digest(("intent:" + signalId).getBytes(StandardCharsets.UTF_8));
        hash[6] = (byte) ((hash[6] & 0x0f) | 0x30);
        hash[8] = (byte) ((hash[8] & 0x3f) | 0x80);
        ByteBuffer bytes = ByteBuffer.wrap(hash);
        return new UUID(bytes.getLong(), bytes.getLong()).toString();
    }
}
